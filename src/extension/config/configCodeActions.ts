/**
 * Quick fixes of the config diagnostics: the rules' exact edits as one undoable WorkspaceEdit each (only the
 * replaced or inserted text changes, so formatting and comments stay), the preferred one first, and
 * "Simulate this config" for the setting a diagnostic is about.
 */
import * as vscode from 'vscode';
import type { ConfigDiagnostic, SuggestedFix } from '../../core/config/rules';
import { engineOptimizerOf } from '../../core/config/simulation';
import type { CheckedDocument, ConfigDiagnostics } from './configDiagnostics';
import { CONFIG_SOURCE } from './diagnosticInfo';

export const SIMULATE_CONFIG_COMMAND = 'optimizerLens.simulateConfig';

/** Arguments of optimizerLens.simulateConfig: the document and where its setting starts. */
export interface SimulateConfigArgs {
  uri: string;
  offset: number;
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** The rule diagnostic behind an editor diagnostic (same code, same range, in the current check). */
function ruleDiagnosticOf(checked: CheckedDocument, d: vscode.Diagnostic): ConfigDiagnostic | undefined {
  const code = codeOf(d);
  const i = checked.shown.findIndex((s) => codeOf(s) === code && s.range.isEqual(d.range));
  return i < 0 ? undefined : checked.diagnostics[i];
}

function fixAction(doc: vscode.TextDocument, d: vscode.Diagnostic, fix: SuggestedFix, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.range.start.offset), doc.positionAt(e.range.end.offset)), e.newText);
  }
  action.edit = edit;
  action.diagnostics = [d];
  action.isPreferred = preferred;
  return action;
}

export function simulateArgs(doc: vscode.TextDocument, checked: CheckedDocument, setting: number): SimulateConfigArgs | undefined {
  const s = checked.extraction.settings[setting];
  if (!s || engineOptimizerOf(s) === null) return undefined;
  return { uri: doc.uri.toString(), offset: s.range.start.offset };
}

export class ConfigCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: ConfigDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === CONFIG_SOURCE);
    if (ours.length === 0) return [];
    const checked = this.diagnostics.current(doc);
    if (!checked) return [];
    const actions: vscode.CodeAction[] = [];
    const simulations: vscode.CodeAction[] = []; // after every edit: they run, they do not change the file
    const simulated = new Set<number>();
    for (const d of ours) {
      const rule = ruleDiagnosticOf(checked, d);
      if (!rule) continue;
      if (rule.fix) actions.push(fixAction(doc, d, rule.fix, true));
      for (const alt of rule.alternatives ?? []) actions.push(fixAction(doc, d, alt, false));
      const args = simulated.has(rule.setting) ? undefined : simulateArgs(doc, checked, rule.setting);
      if (args) {
        simulated.add(rule.setting);
        const simulate = new vscode.CodeAction('Simulate this config (as written and fixed)', vscode.CodeActionKind.QuickFix);
        simulate.command = { command: SIMULATE_CONFIG_COMMAND, title: 'Simulate this config', arguments: [args] };
        simulate.diagnostics = [d];
        simulations.push(simulate);
      }
    }
    return [...actions, ...simulations];
  }
}
