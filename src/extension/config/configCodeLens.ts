/**
 * "▶ Simulate this config" above each optimizer setting the simulator can run (and each TrainingArguments):
 * it runs the setting, and its fixed version when a rule suggests one, on the proxy quadratic.
 */
import * as vscode from 'vscode';
import { PROXY_DESCRIPTION } from '../../core/config/simulation';
import { SIMULATE_CONFIG_COMMAND, simulateArgs } from './configCodeActions';
import type { ConfigDiagnostics } from './configDiagnostics';

export class ConfigCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly diagnostics: ConfigDiagnostics) {
    diagnostics.onDidCheck(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const checked = this.diagnostics.current(doc);
    if (!checked) return [];
    const lenses: vscode.CodeLens[] = [];
    checked.extraction.settings.forEach((s, i) => {
      if (s.kind !== 'optimizer' && s.kind !== 'training_args') return;
      const args = simulateArgs(doc, checked, i);
      if (!args) return;
      const fixable = checked.diagnostics.some((d) => d.setting === i && d.fix);
      const position = doc.positionAt(s.range.start.offset);
      lenses.push(new vscode.CodeLens(new vscode.Range(position, position), {
        title: fixable ? '▶ Simulate this config (and the fix)' : '▶ Simulate this config',
        tooltip: `Run ${s.name} with these settings on a ${PROXY_DESCRIPTION.replace('proxy problem: ', '')} (a proxy: the real model is not simulated)${fixable ? ', beside the same setting with the suggested fixes' : ''}, and show the curves on the dashboard`,
        command: SIMULATE_CONFIG_COMMAND,
        arguments: [args],
      }));
    });
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
