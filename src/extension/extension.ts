/**
 * Entry point. Activation is implicit (a contributed command is run, from the palette or the Run button
 * in the editor title of a *.optlens.json file, or a dashboard is restored after a reload) and does
 * nothing heavy: it registers commands, the panel serializer and the spec-file CodeLens provider.
 *
 * No `onLanguage:json`: VS Code opens a JSON model at startup in practically every window (the extension
 * host log shows json-language-features and others activated that way), so it would make Optimizer Lens
 * active everywhere. The CodeLenses therefore appear once the extension is active; before that, spec
 * files have the declarative Run button in their editor title, which needs no activation.
 */
import * as vscode from 'vscode';
import { OPEN_DASHBOARD_COMMAND, openDashboardCommand } from './commands/openDashboard';
import { RUN_COMPARISON_COMMAND, runComparisonCommand } from './commands/runComparison';
import { DASHBOARD_VIEW_TYPE } from './dashboard/dashboardPanel';
import type { DashboardHost } from './dashboard/dashboardPanel';
import { DashboardSerializer } from './dashboard/dashboardSerializer';
import { disposeLog, log } from './log';
import { SpecCodeLensProvider } from './specs/specCodeLens';
import { SPEC_DOCUMENT_SELECTOR } from './specs/specFile';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const host: DashboardHost = {
    requestComparison: () => void vscode.commands.executeCommand(RUN_COMPARISON_COMMAND),
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_COMPARISON_COMMAND, (args?: unknown) => runComparisonCommand(context, host, args)),
    vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, () => openDashboardCommand(context, host)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, new DashboardSerializer(context.extensionUri, host)),
    vscode.languages.registerCodeLensProvider(SPEC_DOCUMENT_SELECTOR, new SpecCodeLensProvider(RUN_COMPARISON_COMMAND)),
    { dispose: disposeLog },
  );
  log().info(`Optimizer Lens activated in ${Date.now() - started} ms.`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
