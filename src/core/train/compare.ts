import { createOptimizer } from '../optim';
import { createProblem } from '../problems';
import { CancelledError } from './cancelled';
import { train } from './trainer';
import type { ComparisonRequest, ComparisonResult, RunTrace } from './types';

export { CancelledError } from './cancelled';

export interface ComparisonHooks {
  /** Called as each run progresses (see TrainOptions.onProgress). */
  onProgress?: (runIndex: number, step: number) => void;
  /** Asked before each run and during it; returning true throws CancelledError. */
  shouldStop?: () => boolean;
}

/** Runs every entry of the request on its problem, one after another, from the problem's start. */
export function runComparison(request: ComparisonRequest, hooks: ComparisonHooks = {}): ComparisonResult {
  const problem = createProblem(request.problem);
  // Validate every optimizer before the first run, so a bad last entry fails at once, not after the others ran.
  for (const entry of request.entries) createOptimizer(entry.optimizer);
  const { onProgress, shouldStop } = hooks;
  const runs: RunTrace[] = [];
  request.entries.forEach((entry, runIndex) => {
    if (shouldStop?.()) throw new CancelledError();
    runs.push(
      train(problem, entry, request.steps, {
        tolerance: request.tolerance,
        onProgress: onProgress && ((step) => onProgress(runIndex, step)),
        shouldStop,
      }),
    );
  });
  return {
    problem: request.problem,
    problemTitle: problem.title,
    minimumLoss: problem.minimumLoss,
    steps: request.steps,
    tolerance: request.tolerance,
    runs,
  };
}
