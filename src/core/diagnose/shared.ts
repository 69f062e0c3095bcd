/**
 * What the detectors of one run share: the run context, thresholds, the statistics other metrics contribute
 * (current learning rate, the gradient norm's 90th percentile, the training loss's level for overfitting) and
 * the engine's reporting hooks.
 */
import type { LossLevels } from './lossLevels';
import type { StreamingQuantile } from './streamingQuantile';
import type { DiagnoseThresholds } from './thresholds';
import type { TrackedFinding } from './tracked';
import type { RunContext } from './types';

export interface SharedRunState {
  readonly context: RunContext;
  readonly thresholds: DiagnoseThresholds;
  /** The gradient norm's 90th percentile so far (all grad_norm metrics). */
  readonly gradNormP90: StreamingQuantile;
  /** Learning rate metrics: first, last and largest value seen (NaN until one is seen). */
  lrFirst: number;
  lrLast: number;
  lrMax: number;
  /** Step since which the lr has stayed at or below stallLrFraction of its peak (NaN while it has not). */
  lrLowStep: number;
  /** The last finite gradient norm (NaN until one is seen). */
  gradNormLast: number;
  /** The last update norms (update_norm metrics), a ring with their steps, and how many were fed. */
  readonly updateNorms: Float64Array;
  readonly updateNormSteps: Float64Array;
  updateNormCount: number;
  /** The first training loss metric's levels (overfitting compares against it); null until one is fed. */
  trainLoss: LossLevels | null;
  /** Registers a new finding (also marks it changed). */
  raise(tracked: TrackedFinding): void;
  /** Marks a finding changed since the last drain (cheap when already marked). */
  touch(tracked: TrackedFinding): void;
}
