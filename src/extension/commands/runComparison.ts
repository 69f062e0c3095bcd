/**
 * "Run optimizer comparison": ask (or take arguments), train every optimizer in a worker thread
 * under a cancellable progress notification, then show the results on the dashboard.
 * Resolves to a summary (used by keybindings, tests and other extensions); undefined if cancelled.
 */
import * as vscode from 'vscode';
import type { ComparisonRequest } from '../../core/train/types';
import { ComparisonArgumentError, parseComparisonArgs } from '../comparison/comparisonArgs';
import { pickComparison } from '../comparison/comparisonPicker';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import type { DashboardHost } from '../dashboard/dashboardPanel';
import { ComparisonCancelledError, runComparisonInWorker } from '../worker/runInWorker';
import { readComparisonSettings } from '../settings';
import { log } from '../log';

export const RUN_COMPARISON_COMMAND = 'optimizerLens.runComparison';

export interface ComparisonOutcome {
  problem: string;
  runs: { label: string; finalLoss: number | null; stepsToTolerance: number | null; diverged: boolean }[];
  /** Labels the dashboard reports having drawn. */
  renderedLabels: string[];
}

export async function runComparisonCommand(
  context: vscode.ExtensionContext,
  host: DashboardHost,
  args?: unknown,
): Promise<ComparisonOutcome | undefined> {
  const settings = readComparisonSettings();
  const defaults = { steps: settings.defaultSteps, tolerance: settings.tolerance };
  let request: ComparisonRequest | undefined;
  try {
    if (args !== undefined) request = parseComparisonArgs(args, defaults);
    else if (settings.skipQuickPick) request = parseComparisonArgs({}, defaults);
    else request = await pickComparison(defaults);
  } catch (error) {
    if (error instanceof ComparisonArgumentError) {
      void vscode.window.showErrorMessage(error.message);
    }
    throw error;
  }
  if (!request) return undefined;
  const plan = request;

  const started = Date.now();
  const title = `${plan.entries.length} optimizer${plan.entries.length === 1 ? '' : 's'} x ${plan.steps} steps`;
  let comparison;
  try {
    comparison = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: ${title}`, cancellable: true },
      (progress, token) => {
        const total = plan.entries.length * plan.steps;
        let reported = 0;
        return runComparisonInWorker(plan, {
          distPath: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
          onCancel: (cancel) => token.onCancellationRequested(cancel),
          onProgress: (runIndex, step) => {
            const done = runIndex * plan.steps + step;
            const increment = ((done - reported) / total) * 100;
            reported = done;
            progress.report({ increment, message: `${plan.entries[runIndex]?.label ?? ''}: step ${step}/${plan.steps}` });
          },
        });
      },
    );
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

  const panel = DashboardPanel.createOrShow(context.extensionUri, host);
  const renderedLabels = await panel.showComparison(comparison);
  return {
    problem: comparison.problem.name,
    runs: comparison.runs.map((r) => ({
      label: r.label,
      finalLoss: r.summary.finalLoss,
      stepsToTolerance: r.summary.stepsToTolerance,
      diverged: r.summary.diverged,
    })),
    renderedLabels,
  };
}
