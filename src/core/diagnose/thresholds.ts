/**
 * Every number the detectors decide with, in one place, each with what it means and why its default.
 * Pass a Partial to createDiagnoser to override some; the rest keep these defaults.
 */
export interface DiagnoseThresholds {
  /**
   * Points per robust level: the loss "level" is the median of the last `levelWindow` points. 8 points hold
   * their median through 3 outliers (heavy-tailed minibatch noise) yet follow a real blow-up within ~4 steps.
   */
  levelWindow: number;
  /** A new level every `levelEvery` points (amortizes the median: ~8 comparisons a point). */
  levelEvery: number;

  /**
   * divergence: the level must have grown this many times over its best level. 10x is far outside what the
   * median of 8 noisy points wanders (multiplicative noise of sd 1 in log moves it by ~1.6x at 1 sigma) and,
   * on a geometric blow-up, still 5 orders of magnitude before the trainer's 1e6 stop and ~300 before NaN.
   */
  divergenceRatio: number;
  /**
   * divergence: when the loss had come down from where it started, the growth must also win back this fraction
   * of that decrease (level - best >= fraction * (first level - best)). Noise around a converged floor can
   * multiply a tiny excess tenfold without meaning anything; a real blow-up passes this in a few more steps.
   */
  divergenceRegain: number;
  /**
   * divergence: the level must also exceed the highest level seen in an equally long stretch before the best
   * (up to `levelHistory` levels back). Momentum's damped ringing dips far below its envelope and rises again;
   * its next peak is lower than the last one, a blow-up's is not.
   */
  levelHistory: number;
  /** divergence: consecutive levels that must satisfy the rule (one level can be a burst of noise). */
  divergenceConfirm: number;
  /**
   * divergence at the first NaN/Inf: raised there too when the last finite level was at least this many times the
   * best level (the run was visibly growing before it overflowed). Otherwise the NaN alone is reported.
   */
  divergenceNanGrowth: number;

  /**
   * oscillation: a ringing or zig-zag that shrinks by less than this per step is too slow (the semantics doc's
   * "rate >= ~0.9": at 0.9 an oscillation still has a third of its amplitude after 10 steps). Fixes also use it
   * to check that their suggestion does not leave a slow ringing behind.
   */
  oscillationRate: number;
}

export const DEFAULT_THRESHOLDS: Readonly<DiagnoseThresholds> = Object.freeze({
  levelWindow: 8,
  levelEvery: 4,
  divergenceRatio: 10,
  divergenceRegain: 0.1,
  levelHistory: 64,
  divergenceConfirm: 2,
  divergenceNanGrowth: 2,
  oscillationRate: 0.9,
});

/** Defaults overridden by the finite, positive fields of `partial` (others are ignored rather than trusted). */
export function resolveThresholds(partial?: Partial<DiagnoseThresholds>): DiagnoseThresholds {
  const out: DiagnoseThresholds = { ...DEFAULT_THRESHOLDS };
  if (!partial) return out;
  for (const key of Object.keys(out) as (keyof DiagnoseThresholds)[]) {
    const value = partial[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  out.levelWindow = Math.max(1, Math.min(64, Math.round(out.levelWindow)));
  out.levelEvery = Math.max(1, Math.round(out.levelEvery));
  out.levelHistory = Math.max(2, Math.round(out.levelHistory));
  out.divergenceConfirm = Math.max(1, Math.round(out.divergenceConfirm));
  return out;
}
