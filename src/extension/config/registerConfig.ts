/** Registers the config side (issue 6): diagnostics, quick fixes, "Simulate this config" lenses and command. */
import * as vscode from 'vscode';
import type { DashboardHost } from '../dashboard/dashboardPanel';
import { ConfigCodeActionProvider, SIMULATE_CONFIG_COMMAND } from './configCodeActions';
import { ConfigCodeLensProvider } from './configCodeLens';
import { ConfigDiagnostics } from './configDiagnostics';
import { CONFIG_LANGUAGES, RULE_DOCS_COMMAND } from './diagnosticInfo';
import { openRuleDocs } from './ruleDocs';
import { simulateConfigCommand } from './simulateConfig';

export function registerConfigDiagnostics(context: vscode.ExtensionContext, host: DashboardHost): void {
  const checks = new ConfigDiagnostics();
  const selector: vscode.DocumentSelector = CONFIG_LANGUAGES.map((language) => ({ language }));
  const lenses = new ConfigCodeLensProvider(checks);
  context.subscriptions.push(
    checks,
    lenses,
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActionProvider(checks), ConfigCodeActionProvider.metadata),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.commands.registerCommand(RULE_DOCS_COMMAND, (code?: unknown) => openRuleDocs(context.extensionUri, code)),
    vscode.commands.registerCommand(SIMULATE_CONFIG_COMMAND, (args?: unknown) => simulateConfigCommand(context, host, checks, args)),
  );
}
