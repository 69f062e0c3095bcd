/**
 * What a fix can be computed from: the run context's optimizer settings, or what the metrics showed when the
 * context does not say (the learning-rate metric, the gradient norms' 90th percentile).
 */
import type { SharedRunState } from '../shared';

export interface FixEnvironment {
  /** Optimizer name in lower case ('' when unknown). */
  optimizer: string;
  /** Learning rate in use (context, else the last logged lr); NaN when unknown. */
  lr: number;
  /** Heavy-ball momentum (SGD/RMSprop) or beta1 (Adam-like); NaN when unknown. */
  momentum: number;
  nesterov: boolean;
  /** True when the quadratic stability theory applies: SGD-like update (plain or momentum), lr known. */
  sgdLike: boolean;
  /** Known Hessian eigenvalue range, or null. */
  curvature: { min: number; max: number } | null;
  /** Hessian range measured at the start of a known non-quadratic problem (RunContext.localCurvature), or null. */
  localCurvature?: { min: number; max: number } | null;
  /**
   * Top Hessian eigenvalue of a network's full-batch loss measured at the start (RunContext.localCurvature with
   * min NaN: only the top of the spectrum was measured, embedded/context.ts); NaN when not measured.
   */
  startSharpness?: number;
  gradNormP90: number;
  warmupSteps: number;
  /** Steps the run is planned to take (RunContext.totalSteps); NaN when unknown. */
  totalSteps?: number;
  clipNorm: number;
}

const ADAPTIVE = /adam|rmsprop|adagrad|adadelta|nadam|lamb|lion|adafactor/i;

export function fixEnvironment(shared: SharedRunState): FixEnvironment {
  const opt = shared.context.optimizer;
  const name = (opt?.name ?? '').toLowerCase();
  const lr = opt?.lr ?? (Number.isFinite(shared.lrLast) ? shared.lrLast : NaN);
  const adaptive = ADAPTIVE.test(name);
  const momentum = adaptive ? (opt?.beta1 ?? opt?.momentum ?? NaN) : (opt?.momentum ?? (name === 'sgd' ? 0 : NaN));
  const curvature = shared.context.curvature;
  const local = shared.context.localCurvature;
  return {
    optimizer: name,
    lr: lr > 0 ? lr : NaN,
    momentum,
    nesterov: opt?.nesterov === true,
    sgdLike: name === 'sgd' && lr > 0,
    curvature: curvature && curvature.max > 0 && Number.isFinite(curvature.max) ? curvature : null,
    localCurvature: local && local.max > 0 && Number.isFinite(local.max) && Number.isFinite(local.min) ? local : null,
    startSharpness: local && local.max > 0 && Number.isFinite(local.max) && Number.isNaN(local.min) ? local.max : NaN,
    gradNormP90: shared.gradNormP90.size >= 5 ? shared.gradNormP90.value() : NaN,
    warmupSteps: shared.context.warmupSteps ?? 0,
    totalSteps: shared.context.totalSteps ?? NaN,
    clipNorm: shared.context.clipNorm ?? NaN,
  };
}
