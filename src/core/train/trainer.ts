import { chain, createClip, createOptimizer, createSchedule, optimizerLearningRate, Plateau, scheduleStepLimit } from '../optim';
import type { StepContext } from '../optim/types';
import type { Problem } from '../problems/types';
import { SpecError } from '../specError';
import { CancelledError } from './cancelled';
import { divergenceThreshold } from './divergence';
import { VELOCITY_PATH_DIM, type ComparisonEntry, type RunTrace } from './types';

export interface TrainOptions {
  /** Converged at the first row with loss - minimumLoss <= tolerance. */
  tolerance: number;
  /** Called with the number of updates done, every `progressEvery` updates and at the end. */
  onProgress?: (step: number) => void;
  /** How often to report progress and ask `shouldStop` (default 1000 updates). */
  progressEvery?: number;
  /** Asked after every `progressEvery` updates (not after the last); returning true throws CancelledError. */
  shouldStop?: () => boolean;
  /**
   * Stochastic problems only: record the full objective problem.loss(x) in the loss column (default true),
   * or, when false, the minibatch loss lossAndGrad returns (half the work per step).
   */
  recordFullLoss?: boolean;
  /**
   * Problems with validation data: evaluate the validation loss at every row that is a multiple of this (row 0
   * included) and at the last row; NaN elsewhere. Default VALIDATION_EVERY.
   */
  validationEvery?: number;
}

/**
 * Rows between validation evaluations by default: one evaluation costs a forward pass over the validation set
 * (a quarter of the training set), so every 10th row adds at most ~2.5% of a full-loss evaluation per step on
 * average while still resolving where the validation curve turns up (overfitting shows over hundreds of steps).
 */
export const VALIDATION_EVERY = 10;

/** Upper bound on updates per run (the webview protocol's count limit): 10^7 rows of columns is ~0.5 GB. */
export const MAX_STEPS = 10_000_000;

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Runs one optimizer on one problem for `steps` updates and records every row into preallocated
 * Float64Array columns (layout in ./types). The loop allocates nothing per step: the gradient buffer is
 * turned into the step in place by the transform chain (clipping, then the optimizer), the step context is
 * one reused object, and the columns are written by index.
 *
 * Update t (1-based), mirroring a PyTorch loop `loss = f(x); loss.backward(); clip; opt.step(); sched.step()`:
 *   1. g = the gradient at the current parameters, from problem.lossAndGrad(x, g, t) (computed at the end of
 *      update t-1, or before the loop for t = 1); its norm, before clipping, is gradNorm of that row;
 *   2. lr_t from the schedule (closed forms evaluated at t), or the ReduceLROnPlateau lr in force;
 *   3. clip g, run the optimizer with ctx = {t, lr: lr_t}, add the step to the parameters; lr[t] = lr_t;
 *   4. ReduceLROnPlateau only: step it with the loss of this iteration, i.e. the value lossAndGrad returned
 *      at the parameters BEFORE update t (what `scheduler.step(loss.item())` sees after `optimizer.step()`),
 *      so that loss can lower the lr from update t+1 on.
 * The loss column is problem.loss(x), the full noise-free objective (for deterministic problems this is the
 * value lossAndGrad returned, so no extra evaluation); the plateau scheduler sees the minibatch loss, as a
 * training loop does. With `recordFullLoss: false` stochastic problems record the minibatch loss instead
 * (one evaluation per step instead of two).
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
  const stepLimit = scheduleStepLimit(entry.schedule);
  if (stepLimit !== undefined && steps > stepLimit) {
    throw new SpecError('schedule.total_steps', `OneCycleLR allows at most total_steps = ${stepLimit} updates, but the run has ${steps} (PyTorch raises ValueError: Tried to step ${stepLimit + 1} times. The specified number of total steps is ${stepLimit}).`);
  }
  const progressEvery = Math.max(1, Math.floor(options.progressEvery ?? 1000));
  const { onProgress, shouldStop } = options;
  const optimizer = createOptimizer(entry.optimizer);
  const transform = entry.clip ? chain(createClip(entry.clip, problem.variables ?? [{ offset: 0, length: problem.dim }]), optimizer) : optimizer;
  const baseLr = optimizerLearningRate(entry.optimizer);
  const schedule = createSchedule(entry.schedule, baseLr);
  const plateau = entry.schedule?.name === 'reduce_on_plateau' ? new Plateau(entry.schedule, baseLr) : undefined;
  const stochastic = problem.stochastic === true;
  const fullLoss = stochastic && options.recordFullLoss !== false;
  const dim = problem.dim;
  const rows = steps + 1;

  const loss = new Float64Array(rows);
  const gradNorm = new Float64Array(rows);
  const updateNorm = new Float64Array(rows);
  const velocityNorm = new Float64Array(rows);
  const lr = new Float64Array(rows);
  const paramNorm = new Float64Array(rows);
  const params = new Float64Array(rows * dim);
  const validationLoss = problem.validationLoss;
  const validationEvery = Math.max(1, Math.floor(options.validationEvery ?? VALIDATION_EVERY));
  const valLoss = validationLoss ? new Float64Array(rows).fill(NaN) : undefined;

  const x = Float64Array.from(problem.start);
  const g = new Float64Array(dim);
  const state = transform.init(x);
  const hasVelocity = transform.velocity?.(state) !== undefined;
  // The buffer vector per row, for the path plot's velocity arrow: 2-D problems only (dim x rows numbers).
  const velocityPath = hasVelocity && dim === VELOCITY_PATH_DIM ? new Float64Array(rows * dim) : undefined;
  if (velocityPath) velocityPath.fill(NaN, 0, dim);
  const ctx: StepContext = { t: 0, lr: baseLr };

  // Row 0: the start, before any update; its gradient is the one update 1 uses.
  let batchLoss = problem.lossAndGrad(x, g, 1);
  loss[0] = fullLoss ? problem.loss(x) : batchLoss;
  gradNorm[0] = norm(g);
  updateNorm[0] = NaN;
  velocityNorm[0] = NaN;
  lr[0] = NaN;
  params.set(x, 0);
  paramNorm[0] = norm(x);
  if (valLoss && validationLoss) valLoss[0] = validationLoss(x);

  const minimumLoss = problem.minimumLoss;
  const threshold = divergenceThreshold(loss[0], minimumLoss);
  let stepsRun = 0;
  let divergedAt: number | null = Number.isFinite(loss[0]) ? null : 0;

  for (let k = 1; k <= steps && divergedAt === null; k++) {
    const lrK = plateau ? plateau.lr : schedule(k);
    ctx.t = k;
    ctx.lr = lrK;
    // g holds the gradient at row k-1; clipping and the optimizer turn it into the step.
    transform.update(g, state, x, ctx);
    const velocity = transform.velocity?.(state);
    velocityNorm[k] = velocity === undefined ? NaN : norm(velocity);
    if (velocityPath) {
      if (velocity === undefined) velocityPath.fill(NaN, k * dim, (k + 1) * dim);
      else velocityPath.set(velocity, k * dim);
    }
    lr[k] = lrK;

    const row = k * dim;
    const prev = row - dim;
    let moved = 0;
    let squares = 0;
    let finiteParams = true;
    for (let i = 0; i < dim; i++) {
      const xi = x[i] + g[i];
      x[i] = xi;
      params[row + i] = xi;
      const d = xi - params[prev + i];
      moved += d * d;
      squares += xi * xi;
      if (!Number.isFinite(xi)) finiteParams = false;
    }
    updateNorm[k] = Math.sqrt(moved);
    paramNorm[k] = Math.sqrt(squares);
    plateau?.step(batchLoss);

    batchLoss = problem.lossAndGrad(x, g, k + 1);
    const f = fullLoss ? problem.loss(x) : batchLoss;
    loss[k] = f;
    gradNorm[k] = norm(g);
    if (valLoss && validationLoss && k % validationEvery === 0) valLoss[k] = validationLoss(x);
    stepsRun = k;
    if (!finiteParams || !Number.isFinite(f) || f > threshold) divergedAt = k;
    if (k % progressEvery === 0) {
      onProgress?.(k);
      if (k < steps && shouldStop?.()) throw new CancelledError();
    }
  }
  if (stepsRun % progressEvery !== 0 || stepsRun === 0) onProgress?.(stepsRun);
  // The last row always has a validation value (x holds its parameters), so the curve ends where the run does.
  if (valLoss && validationLoss && stepsRun % validationEvery !== 0) valLoss[stepsRun] = validationLoss(x);

  // Truncated runs are copied, not viewed: a view would keep (and structured-clone to a worker's
  // parent) the whole preallocated buffer.
  const truncated = stepsRun < steps;
  const cut = (column: Float64Array, length: number): Float64Array => (truncated ? column.slice(0, length) : column);
  const trace: RunTrace = {
    label: entry.label,
    optimizer: entry.optimizer,
    ...(entry.schedule ? { schedule: entry.schedule } : {}),
    ...(entry.clip ? { clip: entry.clip } : {}),
    dim,
    stepsRequested: steps,
    stepsRun,
    loss: cut(loss, stepsRun + 1),
    gradNorm: cut(gradNorm, stepsRun + 1),
    updateNorm: cut(updateNorm, stepsRun + 1),
    velocityNorm: cut(velocityNorm, stepsRun + 1),
    lr: cut(lr, stepsRun + 1),
    paramNorm: cut(paramNorm, stepsRun + 1),
    ...(valLoss ? { valLoss: cut(valLoss, stepsRun + 1) } : {}),
    params: cut(params, (stepsRun + 1) * dim),
    hasVelocity,
    ...(velocityPath ? { velocityPath: cut(velocityPath, (stepsRun + 1) * dim) } : {}),
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
