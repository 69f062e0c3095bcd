/**
 * Entry point. Activation is implicit and cheap: opening a run spec (*.optlens.json, language
 * `optlens-spec`, so that its "Run" CodeLenses appear at once), running a contributed command (from the
 * palette or the Run button in a spec's editor title), or restoring a dashboard after a reload. It
 * registers commands, the panel serializer and the spec-file CodeLens provider, and the training-log side
 * (Training Runs view, status bar item, log worker: see logs/registerTrainingRuns.ts). Opening the Training
 * Runs view or running "Watch Training Log..." activates it too (implicit onView/onCommand); discovery of runs
 * starts only when the view asks for them.
 *
 * No `onLanguage:json`: VS Code opens a JSON model at startup in practically every window (the extension
 * host log shows json-language-features and others activated that way), so it would make Optimizer Lens
 * active everywhere. Spec files get their own language instead, which nothing opens at startup; they keep
 * JSON's highlighting (the grammar includes source.json) and JSON's language server (they are a
 * jsonLanguageParticipant, and the schema comes through jsonValidation).
 */
import * as vscode from 'vscode';
import { OPEN_DASHBOARD_COMMAND, openDashboardCommand } from './commands/openDashboard';
import { RUN_COMPARISON_COMMAND, runComparisonCommand } from './commands/runComparison';
import { TRY_FIX_COMMAND, tryFixCommand } from './commands/tryFix';
import { registerConfigDiagnostics } from './config/registerConfig';
import { DASHBOARD_VIEW_TYPE } from './dashboard/dashboardPanel';
import type { DashboardHost } from './dashboard/dashboardPanel';
import { DashboardSerializer } from './dashboard/dashboardSerializer';
import { disposeLog, log } from './log';
import { registerTrainingRuns } from './logs/registerTrainingRuns';
import { SpecCodeLensProvider } from './specs/specCodeLens';
import { SPEC_DOCUMENT_SELECTOR } from './specs/specFile';

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const host: DashboardHost = {
    requestComparison: () => void vscode.commands.executeCommand(RUN_COMPARISON_COMMAND),
    showLogTags: (runId, tags, smoothing) => trainingRuns.showLogTags(runId, tags, smoothing),
    setLogSmoothing: (smoothing) => trainingRuns.setLogSmoothing(smoothing),
    overlayLogRuns: (runIds) => trainingRuns.overlayLogRuns(runIds),
  };
  const trainingRuns = registerTrainingRuns(context, host);
  registerConfigDiagnostics(context, host);
  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_COMPARISON_COMMAND, (args?: unknown) => runComparisonCommand(context, host, args)),
    vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, () => openDashboardCommand(context, host)),
    vscode.commands.registerCommand(TRY_FIX_COMMAND, (args?: unknown) => tryFixCommand(context, host, args)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, new DashboardSerializer(context.extensionUri, host)),
    vscode.languages.registerCodeLensProvider(SPEC_DOCUMENT_SELECTOR, new SpecCodeLensProvider(RUN_COMPARISON_COMMAND)),
    { dispose: disposeLog },
  );
  ensureJsonLanguageServer();
  log().info(`Optimizer Lens activated in ${Date.now() - started} ms.`);
}

/**
 * The JSON language server validates, completes and formats spec files (jsonLanguageParticipants), but
 * its extension activates only on `onLanguage:json`/`jsonc`/`snippets`. A window whose only JSON-like
 * editor is a spec would have no schema checking, so activate it here (a no-op when already active, and
 * when it runs in another extension host `getExtension` returns undefined).
 */
function ensureJsonLanguageServer(): void {
  const json = vscode.extensions.getExtension(JSON_LANGUAGE_FEATURES);
  if (json && !json.isActive) {
    json.activate().then(undefined, (err: unknown) => log().warn(`Could not activate ${JSON_LANGUAGE_FEATURES}: ${String(err)}`));
  }
}
const JSON_LANGUAGE_FEATURES = 'vscode.json-language-features';

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
