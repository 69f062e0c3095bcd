/**
 * "Simulate this config": the setting under the CodeLens (or the cursor), as written and with the rules'
 * fixes applied, run by the embedded trainer in the worker on the proxy quadratic, shown on the dashboard
 * with both curves and their findings. Resolves to a summary (tests, keybindings); undefined when cancelled.
 */
import * as vscode from 'vscode';
import { extractSettings } from '../../core/config';
import { runRules } from '../../core/config/rules';
import { NotSimulatableError } from '../../core/config/simulation';
import { planSimulation, type ConfigMapRequest } from '../../core/config/simulationPlan';
import type { WireComparison } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import { DashboardPanel, type DashboardHost } from '../dashboard/dashboardPanel';
import { rememberComparison } from '../dashboard/fixTrials';
import { log } from '../log';
import { readComparisonSettings } from '../settings';
import { ComparisonCancelledError, runSpecsInWorker } from '../worker/runInWorker';
import type { SimulateConfigArgs } from './configCodeActions';
import type { ConfigDiagnostics } from './configDiagnostics';
import { extractionPath } from './diagnosticInfo';

export interface SimulateConfigOutcome {
  /** The proxy problem, in words. */
  problem: string;
  runs: { id: string; diverged: boolean; finalLoss: number | null; findings: string[] }[];
  /** The fixes applied for the second run. */
  fixTitles: string[];
  /** What was approximated or left out. */
  notes: string[];
  /**
   * The stability map's points (SGD only): the config's (lr, momentum) and the fixed one on the proxy's
   * curvature range. The dashboard's map (branch v-dash) derives the same from the comparison itself (its
   * quadratic and its momentum-SGD runs), so nothing extra is sent; this is for callers and tests.
   */
  map?: ConfigMapRequest;
  renderedLabels: string[];
}

function parseArgs(args: unknown): { uri: vscode.Uri; offset: number } | undefined {
  if (args === undefined) {
    const editor = vscode.window.activeTextEditor;
    return editor ? { uri: editor.document.uri, offset: editor.document.offsetAt(editor.selection.active) } : undefined;
  }
  const a = args as Partial<SimulateConfigArgs> | null;
  if (typeof a !== 'object' || a === null || typeof a.uri !== 'string' || typeof a.offset !== 'number' || !(a.offset >= 0)) {
    throw new Error('Simulate this config: arguments must be {"uri": "<document URI>", "offset": <offset of the setting>}.');
  }
  return { uri: vscode.Uri.parse(a.uri, true), offset: a.offset };
}

function settingLabel(name: string, line: number): string {
  return `${name.slice(name.lastIndexOf('.') + 1)} (line ${line})`;
}

export async function simulateConfigCommand(context: vscode.ExtensionContext, host: DashboardHost, checks: ConfigDiagnostics,
  args?: unknown): Promise<SimulateConfigOutcome | undefined> {
  const target = parseArgs(args);
  if (!target) {
    void vscode.window.showInformationMessage('Simulate this config: open a training script or config and put the cursor on an optimizer.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const path = extractionPath(doc.uri.path, doc.languageId) ?? doc.uri.path;
  // The editor's check when diagnostics are on; a fresh one when they are switched off.
  const checked = checks.current(doc) ?? (() => {
    const text = doc.getText();
    const extraction = extractSettings(path, text);
    return { text, path, extraction, diagnostics: runRules(extraction) };
  })();
  const settings = checked.extraction.settings;
  let index = settings.findIndex((s) => s.range.start.offset === target.offset);
  if (index < 0) index = settings.findIndex((s) => (s.kind === 'optimizer' || s.kind === 'training_args') && s.range.start.offset <= target.offset && target.offset <= s.range.end.offset);
  if (index < 0) {
    void vscode.window.showInformationMessage('Simulate this config: no optimizer setting there (the file may have changed).');
    return undefined;
  }
  const { defaultSteps, tolerance } = readComparisonSettings();
  const label = settingLabel(settings[index].name, settings[index].range.start.line);
  let plan;
  try {
    plan = planSimulation(checked.path, checked.text, checked.extraction, checked.diagnostics, index, defaultSteps, label);
  } catch (error) {
    if (error instanceof NotSimulatableError) {
      void vscode.window.showWarningMessage(`Simulate this config: ${error.message}.`);
      return undefined;
    }
    throw error;
  }
  for (const note of plan.notes) log().info(`Simulate ${label}: ${note}`);
  let comparison: WireComparison;
  try {
    comparison = await runInWorker(context, plan.runs, `${label} on the ${plan.problem.replace('proxy problem: ', 'proxy ')}`);
  } catch (error) {
    if (error instanceof ComparisonCancelledError) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    log().error(`Simulate this config failed: ${message}`);
    void vscode.window.showErrorMessage(`Optimizer Lens: the simulation failed: ${message}`);
    return undefined;
  }
  rememberComparison(comparison, plan.runs, tolerance);
  const renderedLabels = await DashboardPanel.createOrShow(context.extensionUri, host).showComparison(comparison);
  return {
    problem: plan.problem,
    runs: comparison.runs.map((r, i) => ({
      id: r.id ?? plan.runs[i]?.id ?? r.label, diverged: r.summary.diverged, finalLoss: r.summary.finalLoss,
      findings: (r.findings ?? []).map((f) => f.kind),
    })),
    fixTitles: plan.fixTitles,
    notes: plan.notes,
    ...(plan.map ? { map: plan.map } : {}),
    renderedLabels,
  };
}

function runInWorker(context: vscode.ExtensionContext, runs: RunSpec[], title: string): Thenable<WireComparison> {
  const { tolerance } = readComparisonSettings();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: simulating ${title}`, cancellable: true },
    (progress, token) => {
      const total = runs.reduce((a, r) => a + r.steps, 0);
      let reported = 0;
      return runSpecsInWorker(runs, { tolerance, specTitle: title }, {
        distPath: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
        onCancel: (cancel) => token.onCancellationRequested(cancel),
        onProgress: (runIndex, step) => {
          const done = runs.slice(0, runIndex).reduce((a, r) => a + r.steps, 0) + step;
          progress.report({ increment: ((done - reported) / total) * 100, message: `${runs[runIndex]?.id ?? ''}: step ${step}` });
          reported = done;
        },
      });
    },
  );
}
