import type { ClipSpec, OptimizerSpec, ScheduleSpec } from '../optim/types';
import type { ProblemSpec } from '../problems/types';

/** Only problems of this many parameters get the momentum buffer itself recorded (RunTrace.velocityPath): the path plot's. */
export const VELOCITY_PATH_DIM = 2;

/** One optimizer configuration in a comparison, with the label shown in charts and tables. */
export interface ComparisonEntry {
  label: string;
  optimizer: OptimizerSpec;
  /** Learning-rate schedule (default: constant at the optimizer's lr). */
  schedule?: ScheduleSpec;
  /** Gradient clipping applied before the optimizer. */
  clip?: ClipSpec;
}

export interface ComparisonRequest {
  problem: ProblemSpec;
  entries: ComparisonEntry[];
  steps: number;
  /** A run has converged at the first step where loss - minimumLoss <= tolerance. */
  tolerance: number;
}

/**
 * What a trainer records. Columns have `stepsRun + 1` rows: row 0 is the start (before any update),
 * row k is after update k. `gradNorm[k]` is the norm of the gradient at the row-k parameters;
 * `updateNorm[k]`, `velocityNorm[k]` and `lr[k]` belong to update k (row 0 holds NaN); `lr[k]` is the learning
 * rate in force for update k, after the schedule. `paramNorm[k]` is the L2 norm of the row-k parameters (row 0
 * too), so the update-to-parameter ratio of update k is updateNorm[k] / paramNorm[k-1].
 * `params` is row-major: row k occupies [k*dim, (k+1)*dim).
 */
export interface RunTrace {
  label: string;
  optimizer: OptimizerSpec;
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
  dim: number;
  stepsRequested: number;
  stepsRun: number;
  loss: Float64Array;
  gradNorm: Float64Array;
  updateNorm: Float64Array;
  velocityNorm: Float64Array;
  lr: Float64Array;
  paramNorm: Float64Array;
  /**
   * Problems with data only (Problem.validationLoss): the loss over the held-out validation set at the rows the
   * trainer evaluated it (every TrainOptions.validationEvery rows, row 0 and the last row), NaN elsewhere.
   */
  valLoss?: Float64Array;
  params: Float64Array;
  /** Whether the optimizer keeps a momentum buffer (else velocityNorm is all NaN). */
  hasVelocity: boolean;
  /**
   * 2-D problems with a momentum buffer only (else absent): the buffer itself after each update, row-major like
   * `params` (row 0 NaN), as the optimizer keeps it (PyTorch's momentum_buffer before the lr, Keras's velocity
   * after it, Adam's exp_avg). The path plot draws it as an arrow; for bigger problems it would cost dim x rows.
   */
  velocityPath?: Float64Array;
  summary: RunSummary;
}

export interface RunSummary {
  finalLoss: number;
  bestLoss: number;
  /** First step with loss - minimumLoss <= tolerance, or null if never reached. */
  stepsToTolerance: number | null;
  diverged: boolean;
  /** Update at which divergence was declared (non-finite or exploding loss), or null. */
  divergedAtStep: number | null;
}

export interface ComparisonResult {
  problem: ProblemSpec;
  problemTitle: string;
  minimumLoss: number;
  steps: number;
  tolerance: number;
  runs: RunTrace[];
}
