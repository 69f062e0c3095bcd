/** "▶ Run" / "▶ Run all" above the runs of open *.optlens.json files; they call Run optimizer comparison with the spec. */
import * as vscode from 'vscode';
import { specLensTargets } from './specLensTargets';

export class SpecCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly command: string) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return specLensTargets(document.getText()).map((target) => {
      const position = document.positionAt(target.offset);
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: target.title,
        tooltip: target.tooltip,
        command: this.command,
        arguments: [{ specFile: document.uri.toString(), ...(target.run === undefined ? {} : { run: target.run }) }],
      });
    });
  }
}
