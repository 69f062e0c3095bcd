import { createOptimizer } from '../optim';
import type { Problem } from '../problems/types';
import { CancelledError } from './cancelled';
import { divergenceThreshold } from './divergence';
import type { ComparisonEntry, RunTrace } from './types';

export interface TrainOptions {
  /** Converged at the first row with loss - minimumLoss <= tolerance. */
  tolerance: number;
  /** Called with the number of updates done, every `progressEvery` updates and at the end. */
  onProgress?: (step: number) => void;
  /** How often to report progress and ask `shouldStop` (default 1000 updates). */
  progressEvery?: number;
  /** Asked after every `progressEvery` updates (not after the last); returning true throws CancelledError. */
  shouldStop?: () => boolean;
}

/** Upper bound on updates per run (the webview protocol's count limit): 10^7 rows of columns is ~0.5 GB. */
export const MAX_STEPS = 10_000_000;

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Runs one optimizer on one problem for `steps` updates and records every row into preallocated
 * Float64Array columns (layout in ./types). The loop allocates nothing per step: the optimizer updates
 * the gradient buffer in place and the columns are written by index.
 *
 * A run stops early at the first update whose loss or parameters are non-finite or whose loss passes
 * the divergence threshold (./divergence); that row is kept so the blow-up is visible.
 */
export function train(problem: Problem, entry: ComparisonEntry, steps: number, options: TrainOptions): RunTrace {
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS) {
    throw new RangeError(`steps must be a whole number from 0 to ${MAX_STEPS}, got ${steps}.`);
  }
  if (!(options.tolerance >= 0) || !Number.isFinite(options.tolerance)) {
    throw new RangeError(`tolerance must be a finite number >= 0, got ${options.tolerance}.`);
  }
  const progressEvery = Math.max(1, Math.floor(options.progressEvery ?? 1000));
  const { onProgress, shouldStop } = options;
  const optimizer = createOptimizer(entry.optimizer);
  const lrValue = entry.optimizer.lr;
  const dim = problem.dim;
  const rows = steps + 1;

  const loss = new Float64Array(rows);
  const gradNorm = new Float64Array(rows);
  const updateNorm = new Float64Array(rows);
  const velocityNorm = new Float64Array(rows);
  const lr = new Float64Array(rows);
  const params = new Float64Array(rows * dim);

  const x = Float64Array.from(problem.start);
  const g = new Float64Array(dim);
  const state = optimizer.init(x);
  const hasVelocity = optimizer.velocity(state) !== undefined;

  // Row 0: the start, before any update.
  loss[0] = problem.lossAndGrad(x, g);
  gradNorm[0] = norm(g);
  updateNorm[0] = NaN;
  velocityNorm[0] = NaN;
  lr[0] = NaN;
  params.set(x, 0);

  const minimumLoss = problem.minimumLoss;
  const threshold = divergenceThreshold(loss[0], minimumLoss);
  let stepsRun = 0;
  let divergedAt: number | null = Number.isFinite(loss[0]) ? null : 0;

  for (let k = 1; k <= steps && divergedAt === null; k++) {
    // g holds the gradient at row k-1; the optimizer turns it into the step.
    optimizer.update(g, state, x, lrValue);
    const velocity = optimizer.velocity(state);
    velocityNorm[k] = velocity === undefined ? NaN : norm(velocity);
    lr[k] = lrValue;

    const row = k * dim;
    const prev = row - dim;
    let moved = 0;
    let finiteParams = true;
    for (let i = 0; i < dim; i++) {
      const xi = x[i] + g[i];
      x[i] = xi;
      params[row + i] = xi;
      const d = xi - params[prev + i];
      moved += d * d;
      if (!Number.isFinite(xi)) finiteParams = false;
    }
    updateNorm[k] = Math.sqrt(moved);

    const f = problem.lossAndGrad(x, g);
    loss[k] = f;
    gradNorm[k] = norm(g);
    stepsRun = k;
    if (!finiteParams || !Number.isFinite(f) || f > threshold) divergedAt = k;
    if (k % progressEvery === 0) {
      onProgress?.(k);
      if (k < steps && shouldStop?.()) throw new CancelledError();
    }
  }
  if (stepsRun % progressEvery !== 0 || stepsRun === 0) onProgress?.(stepsRun);

  // Truncated runs are copied, not viewed: a view would keep (and structured-clone to a worker's
  // parent) the whole preallocated buffer.
  const truncated = stepsRun < steps;
  const cut = (column: Float64Array, length: number): Float64Array => (truncated ? column.slice(0, length) : column);
  const trace: RunTrace = {
    label: entry.label,
    optimizer: entry.optimizer,
    dim,
    stepsRequested: steps,
    stepsRun,
    loss: cut(loss, stepsRun + 1),
    gradNorm: cut(gradNorm, stepsRun + 1),
    updateNorm: cut(updateNorm, stepsRun + 1),
    velocityNorm: cut(velocityNorm, stepsRun + 1),
    lr: cut(lr, stepsRun + 1),
    params: cut(params, (stepsRun + 1) * dim),
    hasVelocity,
    summary: { finalLoss: NaN, bestLoss: NaN, stepsToTolerance: null, diverged: divergedAt !== null, divergedAtStep: divergedAt },
  };
  summarize(trace, minimumLoss, options.tolerance);
  return trace;
}

/** Fills in finalLoss, bestLoss (over finite rows; NaN if none) and stepsToTolerance. */
function summarize(trace: RunTrace, minimumLoss: number, tolerance: number): void {
  const loss = trace.loss;
  let best = NaN;
  let reached: number | null = null;
  for (let k = 0; k < loss.length; k++) {
    const f = loss[k];
    if (!Number.isFinite(f)) continue;
    if (!(f >= best)) best = f; // also replaces the initial NaN
    if (reached === null && f - minimumLoss <= tolerance) reached = k;
  }
  trace.summary.finalLoss = loss[loss.length - 1];
  trace.summary.bestLoss = best;
  trace.summary.stepsToTolerance = reached;
}
