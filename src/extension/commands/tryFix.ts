/**
 * "Try this fix" as a command (for keybindings, other extensions and the integration tests; the dashboard's
 * buttons send the same request as a message): `{ runIndex, findingIndex, fixIndex }` on the last comparison
 * shown. Re-runs the run with the fix in the worker, shows before and after on the dashboard and resolves to
 * a summary; undefined when it could not be tried (the dashboard says why).
 */
import * as vscode from 'vscode';
import { DashboardPanel, type DashboardHost } from '../dashboard/dashboardPanel';
import { rememberedComparisonFinishedAt } from '../dashboard/fixTrials';

export const TRY_FIX_COMMAND = 'optimizerLens.tryFix';

export interface FixTrialSummary {
  proven: boolean;
  verdict: string;
  /** Kinds of the findings of the re-run. */
  findingsAfter: string[];
  finalLossBefore: number | null;
  finalLossAfter: number | null;
  divergedAfter: boolean;
}

function index(args: Record<string, unknown>, key: string): number {
  const v = args[key] ?? 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${TRY_FIX_COMMAND}: "${key}" must be a whole number >= 0.`);
  return v;
}

export async function tryFixCommand(context: vscode.ExtensionContext, host: DashboardHost, args?: unknown): Promise<FixTrialSummary | undefined> {
  const given = typeof args === 'object' && args !== null ? args as Record<string, unknown> : {};
  const finishedAt = rememberedComparisonFinishedAt();
  if (finishedAt === undefined) {
    void vscode.window.showInformationMessage('Optimizer Lens: run a comparison first; a fix is tried on one of its runs.');
    return undefined;
  }
  const panel = DashboardPanel.createOrShow(context.extensionUri, host);
  const trial = await panel.tryFix({
    comparisonFinishedAt: finishedAt, runIndex: index(given, 'runIndex'), findingIndex: index(given, 'findingIndex'), fixIndex: index(given, 'fixIndex'),
  });
  if (!trial) return undefined;
  return {
    proven: trial.proven,
    verdict: trial.verdict,
    findingsAfter: (trial.after.findings ?? []).map((f) => f.kind),
    finalLossBefore: trial.before.summary.finalLoss,
    finalLossAfter: trial.after.summary.finalLoss,
    divergedAfter: trial.after.summary.diverged,
  };
}
