/**
 * "Run optimizer comparison": ask (or take arguments), train every run in a worker thread under a
 * cancellable progress notification, then show the results on the dashboard.
 *
 * Arguments: preset comparisons `{ problem?, optimizers?, steps?, tolerance?, convention?, schedule?, clip? }`
 * (./comparison/comparisonArgs), or a spec file `{ specFile: uri-or-path, run?: index-or-id }`, or a bare
 * Uri (the editor-title button of a spec file). Resolves to a summary (used by keybindings, tests and other
 * extensions); undefined if cancelled.
 */
import * as vscode from 'vscode';
import type { WireComparison } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import type { ComparisonRequest } from '../../core/train/types';
import { ComparisonArgumentError, parseComparisonArgs } from '../comparison/comparisonArgs';
import { pickComparison } from '../comparison/comparisonPicker';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import { rememberComparison } from '../dashboard/fixTrials';
import { specsOfRequest } from '../worker/comparisonSpecs';
import type { DashboardHost } from '../dashboard/dashboardPanel';
import { ComparisonCancelledError, runComparisonInWorker, runSpecsInWorker, type WorkerRunOptions } from '../worker/runInWorker';
import { readComparisonSettings } from '../settings';
import { loadSpecFile, selectRuns, SpecFileError } from '../specs/specFile';
import { log } from '../log';

export const RUN_COMPARISON_COMMAND = 'optimizerLens.runComparison';

/** A finding as the command reports it (the dashboard shows the whole finding). */
export interface FindingSummary {
  kind: string;
  severity: string;
  metric: string;
  stepStart: number;
  stepEnd: number;
  /** The fixes' actions, best first. */
  fixes: string[];
}

export interface ComparisonOutcome {
  problem: string;
  /** Identifies the comparison for optimizerLens.tryFix. */
  finishedAt: number;
  runs: {
    id?: string; label: string; finalLoss: number | null; stepsToTolerance: number | null; diverged: boolean;
    /** What the diagnosis engine found in the run. */
    findings: FindingSummary[];
  }[];
  /** Labels the dashboard reports having drawn. */
  renderedLabels: string[];
}

/** What to run: preset entries on one problem, or the runs of a spec file. */
type Plan =
  | { kind: 'comparison'; request: ComparisonRequest }
  | { kind: 'specs'; specs: RunSpec[]; name: string; tolerance: number };

function isSpecFileArgs(args: unknown): args is { specFile: unknown; run?: unknown } {
  return typeof args === 'object' && args !== null && 'specFile' in args;
}

async function specPlan(args: { specFile: unknown; run?: unknown }, tolerance: number): Promise<Plan> {
  const extra = Object.keys(args).find((key) => key !== 'specFile' && key !== 'run');
  if (extra !== undefined) throw new SpecFileError(`unknown argument "${extra}" with specFile; only "run" (an index or id) may go with it.`);
  const loaded = await loadSpecFile(args.specFile);
  return { kind: 'specs', specs: selectRuns(loaded, args.run), name: loaded.name, tolerance };
}

async function showSpecError(error: SpecFileError): Promise<void> {
  const open = error.uri ? 'Open spec' : undefined;
  const choice = await vscode.window.showErrorMessage(`Optimizer Lens: ${error.message}`, ...(open ? [open] : []));
  if (choice === open && error.uri) {
    const position = error.position ?? new vscode.Position(0, 0);
    await vscode.window.showTextDocument(error.uri, { selection: new vscode.Range(position, position) });
  }
}

async function resolvePlan(args: unknown): Promise<Plan | undefined> {
  const settings = readComparisonSettings();
  const defaults = { steps: settings.defaultSteps, tolerance: settings.tolerance };
  if (args instanceof vscode.Uri) return specPlan({ specFile: args }, settings.tolerance);
  if (isSpecFileArgs(args)) return specPlan(args, settings.tolerance);
  if (args !== undefined) return { kind: 'comparison', request: parseComparisonArgs(args, defaults) };
  if (settings.skipQuickPick) return { kind: 'comparison', request: parseComparisonArgs({}, defaults) };
  const picked = await pickComparison(defaults);
  if (!picked) return undefined;
  if ('specFile' in picked) return specPlan(picked, settings.tolerance);
  return { kind: 'comparison', request: picked };
}

function planTitle(plan: Plan): string {
  if (plan.kind === 'specs') return `${plan.name}: ${plan.specs.length} run${plan.specs.length === 1 ? '' : 's'}`;
  const n = plan.request.entries.length;
  return `${n} optimizer${n === 1 ? '' : 's'} x ${plan.request.steps} steps`;
}

function runPlan(context: vscode.ExtensionContext, plan: Plan, title: string): Thenable<WireComparison> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: ${title}`, cancellable: true },
    (progress, token) => {
      const runSteps = plan.kind === 'specs' ? plan.specs.map((s) => s.steps) : plan.request.entries.map(() => plan.request.steps);
      const labels = plan.kind === 'specs' ? plan.specs.map((s) => s.id) : plan.request.entries.map((e) => e.label);
      const before = runSteps.map((_, i) => runSteps.slice(0, i).reduce((a, b) => a + b, 0));
      const total = runSteps.reduce((a, b) => a + b, 0);
      let reported = 0;
      const options: WorkerRunOptions = {
        distPath: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
        onCancel: (cancel) => token.onCancellationRequested(cancel),
        onProgress: (runIndex, step) => {
          const done = (before[runIndex] ?? 0) + step;
          const increment = ((done - reported) / total) * 100;
          reported = done;
          progress.report({ increment, message: `${labels[runIndex] ?? ''}: step ${step}/${runSteps[runIndex] ?? ''}` });
        },
      };
      return plan.kind === 'specs'
        ? runSpecsInWorker(plan.specs, { tolerance: plan.tolerance, specTitle: plan.name }, options)
        : runComparisonInWorker(plan.request, options);
    },
  );
}

export async function runComparisonCommand(
  context: vscode.ExtensionContext,
  host: DashboardHost,
  args?: unknown,
): Promise<ComparisonOutcome | undefined> {
  let plan: Plan | undefined;
  try {
    plan = await resolvePlan(args);
  } catch (error) {
    if (error instanceof ComparisonArgumentError) void vscode.window.showErrorMessage(error.message);
    if (error instanceof SpecFileError) void showSpecError(error);
    throw error;
  }
  if (!plan) return undefined;

  const started = Date.now();
  const title = planTitle(plan);
  let comparison: WireComparison;
  try {
    comparison = await runPlan(context, plan, title);
  } catch (error) {
    if (error instanceof ComparisonCancelledError) {
      log().info('Comparison cancelled by the user.');
      return undefined;
    }
    const message = error instanceof Error ? error.message : String(error);
    log().error(`Comparison failed: ${message}`);
    DashboardPanel.currentPanel?.showFailure(message);
    void vscode.window.showErrorMessage(`Optimizer Lens: the comparison failed: ${message}`);
    throw error;
  }
  log().info(`Comparison of ${title} on ${comparison.problemTitle} took ${Date.now() - started} ms.`);

  rememberComparison(comparison, plan.kind === 'specs' ? plan.specs : specsOfRequest(plan.request),
    plan.kind === 'specs' ? plan.tolerance : plan.request.tolerance);
  const panel = DashboardPanel.createOrShow(context.extensionUri, host);
  const renderedLabels = await panel.showComparison(comparison);
  return {
    problem: comparison.problem.name,
    finishedAt: comparison.finishedAt,
    runs: comparison.runs.map((r) => ({
      ...(r.id !== undefined ? { id: r.id } : {}),
      label: r.label,
      finalLoss: r.summary.finalLoss,
      stepsToTolerance: r.summary.stepsToTolerance,
      diverged: r.summary.diverged,
      findings: (r.findings ?? []).map((f) => ({ kind: f.kind, severity: f.severity, metric: f.metric, stepStart: f.step_start,
        stepEnd: f.step_end, fixes: f.fixes.map((fix) => fix.action) })),
    })),
    renderedLabels,
  };
}
