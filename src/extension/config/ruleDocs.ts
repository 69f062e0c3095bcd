/**
 * The target of a config diagnostic's code (OL001...): opens the README shipped inside the extension at the
 * rule's row of the "Config rules" table, so the explanation is there offline, for the installed version.
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { ruleCodeArgument, ruleDocsLine } from './diagnosticInfo';

export async function openRuleDocs(extensionUri: vscode.Uri, arg: unknown): Promise<vscode.TextEditor | undefined> {
  const code = ruleCodeArgument(arg);
  if (code === null) {
    log().warn(`openRuleDocs: ignored an argument that is not a rule code: ${JSON.stringify(arg)?.slice(0, 80)}`);
    return undefined;
  }
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(extensionUri, 'README.md'));
    const line = Math.max(0, ruleDocsLine(doc.getText(), code));
    const range = doc.lineAt(line).range;
    return await vscode.window.showTextDocument(doc, { selection: range, preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Optimizer Lens: cannot open the documentation of ${code}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
