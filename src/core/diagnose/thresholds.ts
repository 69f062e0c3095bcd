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
  /**
   * A new level every `levelEvery` points (amortizes the median of 8 and its log). 8, measured on the full corpus
   * against 4 (session 12, with the raw oscillation pass every 64 points): every target holds (oscillation
   * precision/recall 98.1/97.6 -> 97.6/97.6%, stall recall 98.7 -> 97.4% (four noisy plateaus), divergence delay
   * p50/p90 5/59 -> 5/63, healthy 99.4%, fixes 99.0%) at 0.83-0.84 of the engine's add() time, which brings it to
   * ~10-11 M points/s on this machine. What it costs: the divergence onset is the first step of the best level's
   * window, and with windows 8 apart it can land up to ~8 steps before the real turn; the rules that look back in
   * time count steps, not levels (the oscillation's long-period window is oscillationLevelSpan steps, the stall's
   * lr rule 64 steps), so they mean the same at any cadence. Earlier measurements (p-speed6): 7 or 8 starved the
   * long-period pass while it needed 64 levels (recall 90.1%), fixed by its window in steps (p-osc).
   */
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
  /**
   * oscillation (loss): points per autocorrelation window of the detrended log loss (the long-period pass's window
   * is oscillationLevelSpan steps of levels). 64 keeps the autocorrelation's noise at ~1/8 while holding 4+ periods of a ringing.
   */
  oscillationWindow: number;
  /**
   * oscillation (loss): a window oscillates when the autocorrelation of the detrended log loss is at most this at
   * lag 1 (zig-zag) or at some lag up to a quarter of the window (a ringing's half period). Pure noise gives
   * about -1/64 +- 1/8 at each lag, so -0.5 is 4 noise sigmas; the lag-1 autocorrelation of loss *differences*
   * would be -0.5 for plain noise, which is why the loss is detrended instead of differenced.
   */
  oscillationAutocorr: number;
  /** oscillation: consecutive oscillating windows (half-overlapping) required; transient ringing dies before. */
  oscillationConfirm: number;
  /**
   * oscillation (loss): points between two autocorrelation passes over the raw window (the costliest per-point
   * work: ~1,000 multiply-adds a pass). The confirmation rule stays on the half-window grid (oscillationConfirm
   * windows in a row, each ending half a window after the last): when a pass fires without an open streak the
   * window half a window back is computed too, and an unconfirmed streak is looked at again after half a window.
   * With confirm 2 that raises exactly where a pass every half window would (same step, same onset); the extra
   * windows are paid only on suspicious windows. 64 (a full window, p-osc): full corpus identical to 32 (every
   * kind's precision, recall, delays p50/p90; healthy 99.4%, divergence before NaN 95.8%, fixes 99.0%) at ~0.93
   * of the engine's time. Without the look back (p-speed6) 64 cost recall 97.6 -> 92.9%.
   */
  oscillationHop: number;
  /**
   * oscillation (loss): steps covered by the long-period pass's window of robust levels (periods of ~16-128
   * steps); the window holds oscillationLevelSpan / levelEvery levels (16..64, at most levelHistory). In steps,
   * not levels, so that the level cadence does not decide how long a run must be before long periods are seen.
   * 256: 64 levels at 4 steps per level, the window the detector was tuned with.
   */
  oscillationLevelSpan: number;
  /**
   * oscillation (update_cosine): median cosine between successive updates, over `cosineWindow` updates, at or
   * below which the steps point against each other. Gradient noise at a noise floor gives about -lr*lambda/2
   * (at most -0.5 for a stable plain SGD); a zig-zag dominated by one direction gives -1.
   */
  cosineZigzag: number;
  cosineWindow: number;

  /** stall: no stall before this many steps, and no trailing window shorter (too little evidence of "no progress"). */
  stallMinSteps: number;
  /**
   * stall: the level fell by less than this fraction over the trailing third of the run. Healthy runs still fall
   * >= 5% per tenth of the run (>= 14% per third) until they converge; 5% leaves room for a slow stretch, while a
   * plateau's fitted fall is ~0. (3% lost 5% of the corpus's noisy plateaus and gained no healthy run.)
   */
  stallProgress: number;
  /**
   * stall: standard errors of the fitted change by which the fall is made steeper before comparing (2: a run that
   * falls is called flat by noise in ~2% of windows at most, fewer as windows repeat).
   */
  stallConfidence: number;
  /**
   * stall: only while the level is above this fraction of its first level ("far from converged"): a run that
   * fell 10x or more has made progress, and one that fell 100x is converged whatever its pace now.
   */
  stallFarFraction: number;
  /** stall: a learning rate below this fraction of its peak counts as decayed to ~0. */
  stallLrFraction: number;
  /** stall: the loss sits at chance level when within this fraction of context.chanceLoss. */
  stallChanceBand: number;
  /**
   * stall: when context.chanceLoss is known, a loss below this fraction of it is the model's floor, not a stall
   * ("far from converged" no longer holds). At 1/5 of chance a classifier has removed 80% of the chance level's
   * uncertainty in nats — on two classes ln2/5 = 0.14, a geometric-mean probability of 0.87 on the right class,
   * below what a linear boundary reaches on the moons data (~0.3): it has fitted the data, and a flat loss there
   * is what the model (capacity, overlapping classes) allows, which no optimizer setting lowers. Not 1/10 like
   * stallFarFraction: cross-entropy is bounded below by 0, and overlapping classes floor near chance/10 already.
   */
  stallBelowChance: number;
  /**
   * stall (flat): not raised when update and gradient norms are fed and the trailing window's first-order reach —
   * median update norm x last gradient norm x window steps, over the loss above its floor — is at least this. A
   * step changes the loss by at most |g| |step| to first order, and for the small steps of a real stall first order
   * is accurate, so such a window's reach is about its actual progress, which a flat window keeps below
   * stallProgress. Steps that reach more than the meaningful-progress bar and still leave the loss flat are not
   * short of step: the landscape holds the loss (a plateau or saddle being crossed, learning under way). Hence
   * stallProgress itself (0.05), not a tuned number. Measured (corpus, session 12): labelled stalls with update
   * norms reach <= 0.036 (the quadratic label "kept > 90% in 300 steps" caps it near 0.035 per 100 steps); the
   * moons runs flagged on their linear-boundary plateau before they learn (healthy by outcome) reach 0.09-0.4.
   */
  stallReach: number;

  /** spike: points in the trailing window whose median/MAD define the noise band (robust to 15 outliers). */
  spikeWindow: number;
  /**
   * spike: points between refreshes of the band (a median of spikeWindow logs each, ~13% of the engine's time
   * at 32). 64 (was 32 = once per window, p-speed6): the band then describes the 32 points before each refresh
   * and is used for the next 64, so it lags the loss by up to ~1.5 windows. On the full corpus: spike
   * recall 99.3 -> 97.9% (two x3 spikes on a falling power law: the stale band sits above the loss), precision
   * 99.3 -> 98.6% (one Rosenbrock run's last steps before its blow-up), delays p50/p90 2/4 unchanged, nothing
   * else moved (fix efficacy 444/567 both ways); 128 gives recall 97.2%.
   */
  spikeRefresh: number;
  /** spike: a jump must be at least this many robust sigmas (1.4826 MAD of the log loss) above the median... */
  spikeSigmas: number;
  /** ... and at least this many times the median (the semantics doc: 50% above baseline). */
  spikeRatio: number;
  /** spike: it must come back within this many steps to the pre-spike band (else it is not a spike). */
  spikeRecovery: number;
  /** spike: this many spikes make it a warning instead of info (the semantics doc: repeated >= 3 times). */
  spikeRepeat: number;

  /**
   * Every gradNormSample-th finite gradient norm enters the streaming 90th percentile that the clipping fixes
   * quote (to two significant digits). 4: a quarter of a long stream gives those digits as well as all of it,
   * at a quarter of the cost; the first 20 norms always enter (a short run needs all it has).
   */
  gradNormSample: number;

  /** overfitting: evaluations in the validation level (median of the last few). */
  overfitWindow: number;
  /**
   * overfitting: the validation level must have risen this fraction above its best. Evaluation noise of a few %
   * (the median of 3 halves it) cannot do it; a real turn gets there as training goes on.
   */
  overfitRise: number;
  /**
   * overfitting: ... and this many sigmas of one evaluation's noise (log scale, from successive differences). The
   * best level is the lowest of many noisy medians (biased ~1.3 sigma low) and the current one can sit ~1.3 sigma
   * high: 4 sigmas clear both with margin.
   */
  overfitSigmas: number;
  /** overfitting: evaluations after the best, all at or above it, before it is called. */
  overfitEvaluations: number;
  /** overfitting: the training level must have fallen at least this fraction since the best validation step. */
  overfitTrainFall: number;
  /**
   * overfitting: the rise (level - best) must also win back at least this fraction of what the validation level
   * fell from its first evaluation to the best. A validation loss that fell 1000x (a separable problem fitted to
   * ~1e-3) can double in relative terms while moving by a thousandth of its fall: early stopping there gains
   * nothing. 1% is far below a real overfit's regain (a 20% rise from a best 10x below the start wins back ~2%,
   * a typical turn 10-30%), so only rises at the precision end are left out.
   */
  overfitRegain: number;
}

export const DEFAULT_THRESHOLDS: Readonly<DiagnoseThresholds> = Object.freeze({
  levelWindow: 8,
  levelEvery: 8,
  divergenceRatio: 10,
  divergenceRegain: 0.1,
  levelHistory: 64,
  divergenceConfirm: 2,
  divergenceNanGrowth: 2,
  oscillationRate: 0.9,
  oscillationWindow: 64,
  oscillationAutocorr: -0.5,
  oscillationConfirm: 2,
  oscillationHop: 64,
  oscillationLevelSpan: 256,
  cosineZigzag: -0.8,
  cosineWindow: 16,
  stallMinSteps: 100,
  stallProgress: 0.05,
  stallConfidence: 2,
  stallFarFraction: 0.1,
  stallLrFraction: 0.01,
  stallChanceBand: 0.05,
  stallBelowChance: 0.2,
  stallReach: 0.05,
  spikeWindow: 32,
  spikeRefresh: 64,
  spikeSigmas: 8,
  spikeRatio: 1.5,
  spikeRecovery: 5,
  spikeRepeat: 3,
  gradNormSample: 4,
  overfitWindow: 3,
  overfitRise: 0.1,
  overfitSigmas: 4,
  overfitEvaluations: 3,
  overfitTrainFall: 0.01,
  overfitRegain: 0.01,
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
  out.oscillationWindow = Math.max(16, Math.min(64, Math.round(out.oscillationWindow)));
  out.oscillationConfirm = Math.max(1, Math.round(out.oscillationConfirm));
  out.oscillationHop = Math.max(1, Math.round(out.oscillationHop));
  out.oscillationLevelSpan = Math.max(16, Math.round(out.oscillationLevelSpan));
  out.cosineWindow = Math.max(4, Math.min(64, Math.round(out.cosineWindow)));
  out.spikeWindow = Math.max(8, Math.min(64, Math.round(out.spikeWindow)));
  out.spikeRefresh = Math.max(1, Math.round(out.spikeRefresh));
  out.spikeRecovery = Math.max(1, Math.round(out.spikeRecovery));
  out.gradNormSample = Math.max(1, Math.round(out.gradNormSample));
  out.overfitWindow = Math.max(1, Math.min(16, Math.round(out.overfitWindow)));
  out.overfitEvaluations = Math.max(1, Math.round(out.overfitEvaluations));
  return out;
}
