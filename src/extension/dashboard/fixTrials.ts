/**
 * "Try this fix": the host remembers the run specs behind the last comparison it showed, and re-runs one of
 * them with a fix of one of its findings — in the trainer worker, under a cancellable progress notification,
 * never on the extension host's main thread. The answer pairs the run as the dashboard shows it ("before")
 * with the diagnosed re-run ("after") and d-fix's verdict.
 */
import * as vscode from 'vscode';
import type { WireComparison, WireFixTrial } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import { ComparisonCancelledError, runFixTrialInWorker } from '../worker/runInWorker';

interface RememberedComparison {
  comparison: WireComparison;
  specs: RunSpec[];
  tolerance: number;
}

let last: RememberedComparison | undefined;

/** Called with every comparison the host shows: its runs are the ones a fix can be tried on. */
export function rememberComparison(comparison: WireComparison, specs: RunSpec[], tolerance: number): void {
  last = specs.length === comparison.runs.length ? { comparison, specs, tolerance } : undefined;
}

/** The comparison shown last with the specs behind its runs (what the stability map re-runs), if any. */
export function rememberedComparison(): Readonly<RememberedComparison> | undefined {
  return last;
}

/** `finishedAt` of the comparison fixes can be tried on, if any. */
export function rememberedComparisonFinishedAt(): number | undefined {
  return last?.comparison.finishedAt;
}

export interface FixTrialRequest {
  comparisonFinishedAt: number;
  runIndex: number;
  findingIndex: number;
  fixIndex: number;
}

/** A request that cannot be tried (stale comparison, index out of range, a fix that changes no setting). */
export class FixTrialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixTrialError';
  }
}

/** The run and fix a request names, or a FixTrialError saying why there is none. */
function resolve(request: FixTrialRequest): { remembered: RememberedComparison; spec: RunSpec } {
  const remembered = last;
  if (!remembered || remembered.comparison.finishedAt !== request.comparisonFinishedAt) {
    throw new FixTrialError('This comparison is no longer in memory (the window was reloaded or a newer one ran); run it again to try a fix.');
  }
  const run = remembered.comparison.runs[request.runIndex];
  if (!run) throw new FixTrialError(`The comparison has no run ${request.runIndex + 1}.`);
  const finding = run.findings?.[request.findingIndex];
  if (!finding) throw new FixTrialError(`${run.label} has no finding ${request.findingIndex + 1}.`);
  const fix = finding.fixes[request.fixIndex];
  if (!fix) throw new FixTrialError(`The ${finding.kind} finding of ${run.label} has no fix ${request.fixIndex + 1}.`);
  if (fix.action === 'check_data') throw new FixTrialError(`"${fix.text}" is advice about the data or the model; there is no setting to re-run with.`);
  return { remembered, spec: remembered.specs[request.runIndex] };
}

/**
 * Runs the trial in the worker and returns it. Throws FixTrialError for a request that cannot be tried,
 * ComparisonCancelledError when the user cancels, and the worker's error when the fix cannot apply.
 */
export async function runFixTrial(extensionUri: vscode.Uri, request: FixTrialRequest): Promise<WireFixTrial> {
  const { remembered, spec } = resolve(request);
  const before = remembered.comparison.runs[request.runIndex];
  const finding = before.findings![request.findingIndex];
  const fix = finding.fixes[request.fixIndex];
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: trying "${fix.text}" on ${before.label}`, cancellable: true },
    (_progress, token) => runFixTrialInWorker(
      { spec, kind: finding.kind, fix, tolerance: remembered.tolerance, label: `${before.label} with the fix` },
      {
        distPath: vscode.Uri.joinPath(extensionUri, 'dist').fsPath,
        onCancel: (cancel) => token.onCancellationRequested(cancel),
      },
    ),
  );
  return { ...request, before, after: outcome.after, proven: outcome.proven, verdict: outcome.verdict };
}

export { ComparisonCancelledError };
