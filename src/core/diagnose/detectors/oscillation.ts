/**
 * oscillation (warning): the loss or the steps alternate or ring, slowly, and the run is not diverging.
 *
 * Three views, any of which raises the finding:
 * - zig-zag in the loss: the autocorrelation of the detrended log loss over `oscillationWindow` points is
 *   <= oscillationAutocorr at lag 1 (../periodicity);
 * - ringing in the loss: the same autocorrelation <= oscillationAutocorr at a lag up to a quarter of the window,
 *   in the raw points (short periods) or in the robust levels (long periods, levelEvery steps per level); in the raw
 *   points also a residual that repeats strongly one full period later (>= 0.6) with a dip (<= -0.3) at half of
 *   it (a mode's sharp cos^2 dips are periodic without being a sine); or regular
 *   swings far above the noise (periods too long for a window; see swing()), while the loss decays slower than
 *   oscillationRate^2 per step (on a quadratic the loss of a mode falls at rate^2: a ringing loss falling faster
 *   than 0.81 per step is momentum's quickly damped, healthy ringing);
 * - steps against each other: the median cosine between successive updates <= cosineZigzag over
 *   `cosineWindow` updates (../detectors/updateCosine feeds it), while the update norm shrinks by more than
 *   oscillationRate per step (a zig-zag that dies fast is healthy).
 * Each view needs `oscillationConfirm` consecutive (half-overlapping) windows; transients die before that.
 * Not raised while divergence is up for the metric (a diverging zig-zag is a divergence).
 *
 * Evidence: pattern ("zigzag" | "ringing" | "update_cosine"), autocorrelation (the most negative one) and
 * lag, period (steps, 2 for a zig-zag), rate (per-step factor of the loss, or of the update norm for cosines),
 * cosine (median update cosine, cosine view only).
 */
import { fixEnvironment } from '../fixes/environment';
import { oscillationFixes } from '../fixes/oscillationFixes';
import type { LossLevels } from '../lossLevels';
import { autocorrelationAt, periodicity, type Periodicity } from '../periodicity';
import { selectMedian } from '../smallMedian';
import type { SharedRunState } from '../shared';
import { finiteOrNull, TrackedFinding } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';

/** Lag-1 autocorrelation of the detrended log loss above which the residual is smooth (signal, not noise: 4 sigmas). */
const SMOOTH_RHO1 = 0.5;
/** The half-period anti-correlation that makes a smooth residual a ringing ... */
const SMOOTH_RINGING_RHO = -0.35;
/** ... with at least this correlation one full period later. */
const PERIOD_RHO = 0.2;
/**
 * A residual that repeats one full period later with at least this autocorrelation (about 5 noise sigmas over a
 * 64-point window, which white noise and the smooth correlated noise of an SGD floor do not reach at a lag where
 * they also dip) ...
 */
const REPEAT_RHO = 0.6;
/**
 * ... and anti-correlates at most this much at half the period is a ringing whatever its shape: a sharp periodic
 * dip train (a mode's loss r^2t cos^2 falling to a floor every half period) correlates only ~-0.35 at half a
 * period in log terms, far from a sine's -1, but repeats at ~0.85.
 */
const REPEAT_DIP = -0.3;

/** A loss at or below this fraction of its start, with a known minimum, has converged ... */
const FLOOR_FRACTION = 1e-3;
/** ... and sits at its noise floor when its trend moves less than this per step (log units). */
const FLOOR_SLOPE = 0.003;

/** Swings (rise then fall) in a row that make a ringing. */
const SWINGS = 4;
/** Largest ratio between the longest and the shortest spacing of those swings. */
const SWING_REGULARITY = 2.5;
/** The swing threshold in sigmas of the point noise of the log loss. */
const SWING_SIGMAS = 8;
/** The smallest swing counted: 10% (a noise floor emerging between two noise estimates must not swing). */
const SWING_MIN_LOG = Math.log(1.1);
/** Point noise of the log loss (about the relative noise) above which swings are not counted: 1%. */
const SWING_MAX_NOISE = 0.01;
/**
 * The median |second difference| that makes sigma = SWING_MAX_NOISE, made a hair larger so that rounding in
 * the cheap count (see updateSwingFactor) can only send a borderline window to the exact test, never past it.
 */
const QUIET_SECOND_DIFFERENCE = ((SWING_MAX_NOISE * Math.sqrt(6)) / 1.4826) * (1 + 1e-9);

/** rawWindow's verdicts. */
/** The window holds a value not above the floor: no verdict (the streak is left as it is). */
const NO_DATA = -1;
const NONE = 0;
const ZIGZAG = 1;
const RINGING = 2;

/**
 * Levels per long-period window: oscillationLevelSpan steps at levelEvery steps per level, within 16..64 and the
 * level history (64 levels at the default 4 steps per level; 32 at 8).
 */
export function levelWindowFor(t: { oscillationLevelSpan: number; levelEvery: number; levelHistory: number }): number {
  return Math.max(16, Math.min(64, t.levelHistory, Math.round(t.oscillationLevelSpan / t.levelEvery)));
}

export type OscillationPattern = 'zigzag' | 'ringing' | 'update_cosine';

/** What the update-cosine view and the loss views report into: one finding per run's loss. */
export class OscillationReport {
  private tracked: TrackedFinding | null = null;
  pattern: OscillationPattern = 'zigzag';
  autocorrelation = NaN;
  lag = NaN;
  period = NaN;
  rate = NaN;
  cosine = NaN;

  constructor(private readonly metric: string, private readonly shared: SharedRunState, private readonly blocked: () => boolean) {}

  get raised(): boolean {
    return this.tracked !== null;
  }

  /** Raises (or extends) the finding; returns false when blocked (diverging). */
  report(stepStart: number, stepEnd: number): boolean {
    if (this.blocked()) return false;
    if (this.tracked === null) {
      this.tracked = new TrackedFinding('oscillation', this.metric, 'warning', stepStart, stepEnd, (f) => this.render(f));
      this.shared.raise(this.tracked);
    } else if (stepEnd > this.tracked.finding.step_end) {
      this.tracked.finding.step_end = stepEnd;
      this.shared.touch(this.tracked);
    }
    return true;
  }

  private render(f: Finding): void {
    const rate = Number.isFinite(this.rate) ? ` (x${Number(this.rate.toPrecision(3))} per step)` : '';
    if (this.pattern === 'update_cosine') {
      f.message = `Successive updates of ${this.metric}'s optimizer point against each other: median cosine ${Number(this.cosine.toPrecision(2))} over the last windows, while the steps shrink only slowly${rate}.`;
    } else if (this.pattern === 'zigzag') {
      f.message = `${this.metric} zig-zags every other step: lag-1 autocorrelation of the detrended log loss ${Number(this.autocorrelation.toPrecision(2))}, and it decays slowly${rate}.`;
    } else {
      f.message = `${this.metric} rings with a period of about ${Math.round(this.period)} steps (autocorrelation ${Number(this.autocorrelation.toPrecision(2))} at half a period) and the ringing decays too slowly${rate}.`;
    }
    f.evidence = {
      pattern: this.pattern,
      autocorrelation: finiteOrNull(this.autocorrelation),
      lag: finiteOrNull(this.lag),
      period: finiteOrNull(this.period),
      rate: finiteOrNull(this.rate),
      cosine: finiteOrNull(this.cosine),
    };
    // The loss of a mode falls at rate^2 per step; the update norm at rate.
    const modeRate = this.pattern === 'update_cosine' ? this.rate : Math.sqrt(this.rate);
    f.fixes = oscillationFixes(this.pattern, modeRate, fixEnvironment(this.shared), this.shared.thresholds.oscillationRate);
  }
}

export class LossOscillationDetector implements MetricDetector {
  private readonly scratch: Float64Array;
  private readonly result: Periodicity = { rho1: 0, minRho: 0, minLag: 0, slope: 0 };
  private readonly hop: number;
  /** Points between raw passes (thresholds.oscillationHop: why its default is there). */
  private readonly rawHop: number;
  /** thresholds.oscillationWindow, read once (the thresholds do not change during a run). */
  private readonly window: number;
  /** rawHop, or half a window while a raw window fired and is not yet confirmed (see rawPass). */
  private nextRawHop: number;
  /** The half-shifted window's periodicity (rawPass's look back), kept apart from the newest window's. */
  private readonly back: Periodicity = { rho1: 0, minRho: 0, minLag: 0, slope: 0 };
  /** Levels per long-period window (levelWindowFor) and between two level passes. */
  private readonly levelSpan: number;
  private readonly levelHop: number;
  private sincePoints = 0;
  private sinceLevels = 0;
  private rawStreak = 0;
  private levelStreak = 0;
  private rawStart = NaN;
  private levelStart = NaN;
  private readonly noise: Float64Array;
  private swingFactor = NaN;
  /** The last window had at least a quarter of its second differences quiet: refresh the swing noise between passes. */
  private swingWatch = false;
  private rising = false;
  private extreme = NaN;
  private swingCount = 0;
  private readonly swingSteps = new Float64Array(SWINGS);
  private readonly swingLevels = new Float64Array(SWINGS);

  constructor(private readonly levels: LossLevels, private readonly shared: SharedRunState, private readonly report: OscillationReport) {
    this.scratch = new Float64Array(Math.max(shared.thresholds.oscillationWindow, levelWindowFor(shared.thresholds)));
    this.noise = new Float64Array(shared.thresholds.oscillationWindow);
    this.hop = Math.max(1, shared.thresholds.oscillationWindow >> 1);
    this.rawHop = shared.thresholds.oscillationHop;
    this.nextRawHop = this.rawHop;
    this.window = shared.thresholds.oscillationWindow;
    this.levelSpan = levelWindowFor(shared.thresholds);
    this.levelHop = Math.max(1, this.levelSpan >> 1);
  }

  /** The per-point path, kept small so the JIT can inline it with the other detectors of the metric. */
  add(step: number, value: number): void {
    const lv = this.levels;
    if (!Number.isFinite(value) || lv.signed) return;
    // swing() does nothing unless the loss is clean enough for swings (swingFactor > 1): most losses are not.
    if (this.swingFactor > 1) this.swing(step, value - lv.floor);
    if (++this.sincePoints >= this.nextRawHop && lv.count >= this.window) {
      this.sincePoints = 0;
      this.rawPass(step, this.window);
    } else if (this.sincePoints === this.hop && this.swingWatch && lv.count >= this.window) {
      this.refreshSwing(this.window);
    }
    if (lv.fresh) this.onLevel(step);
  }

  private onLevel(step: number): void {
    const lv = this.levels;
    const w = this.levelSpan;
    if (++this.sinceLevels >= this.levelHop && Math.min(lv.levelCount, lv.historySize) >= w) {
      this.sinceLevels = 0;
      this.levelPass(step, w);
    }
  }

  /**
   * Long periods in few cycles (a ringing of period 100-700 seen over 300 steps): swings of the raw loss, each a
   * rise by a factor swingFactor from the lowest point since the last fall, then a fall by the same factor from
   * the highest point since. The factor is exp(max(ln 1.1, SWING_SIGMAS * sigma)), sigma the point noise of the
   * log loss (from second differences, which a slow ringing barely moves), so noise does not swing: from -4 to +4
   * sigmas and back is rare for Gaussian noise. SWINGS swings in a row whose spacing varies by at most
   * SWING_REGULARITY (a ringing is periodic; noise excursions and isolated spikes are not), while the loss level
   * falls slower than oscillationRate^2 per step between the first and the last, raise a ringing. Only on clean
   * losses (point noise <= SWING_MAX_NOISE): in noisy ones correlated noise and repeated spikes swing too.
   */
  private swing(step: number, excess: number): void {
    if (!(this.swingFactor > 1) || !(excess > 0)) return;
    if (this.rising) {
      if (excess > this.extreme) this.extreme = excess;
      else if (excess * this.swingFactor <= this.extreme) {
        this.rising = false;
        this.extreme = excess;
        this.completeSwing(step);
      }
    } else if (excess < this.extreme || !(this.extreme > 0)) {
      this.extreme = excess;
    } else if (excess >= this.extreme * this.swingFactor) {
      this.rising = true;
      this.extreme = excess;
    }
  }

  private completeSwing(step: number): void {
    const slot = this.swingCount % SWINGS;
    this.swingSteps[slot] = step;
    this.swingLevels[slot] = this.levels.level;
    this.swingCount++;
    if (this.swingCount < SWINGS) return;
    // Oldest of the last SWINGS swings, and the spacing between them.
    const first = this.swingCount % SWINGS;
    let minGap = Infinity;
    let maxGap = 0;
    for (let i = 1; i < SWINGS; i++) {
      const gap = this.swingSteps[(first + i) % SWINGS] - this.swingSteps[(first + i - 1) % SWINGS];
      if (gap < minGap) minGap = gap;
      if (gap > maxGap) maxGap = gap;
    }
    if (!(maxGap <= SWING_REGULARITY * minGap)) return;
    const startStep = this.swingSteps[first];
    const startLevel = this.swingLevels[first];
    const dt = step - startStep;
    const rate = startLevel > 0 && this.levels.level > 0 && dt > 0 ? Math.exp(Math.log(this.levels.level / startLevel) / dt) : NaN;
    // Growing swings are no damped ringing (divergence speaks if they go on); a converged loss swings in its noise.
    if (!this.slowEnough(Math.log(rate)) || !(rate <= 1) || this.converged(this.levels.level)) return;
    this.fill('ringing', NaN, NaN, (2 * dt) / (SWINGS - 1), rate);
    this.report.report(startStep, step);
  }

  /**
   * Sets the swing factor from the point noise of the log loss in scratch[0..n) (before it is detrended); `small`
   * is how many of its second differences are within QUIET_SECOND_DIFFERENCE (counted by rawPass as it copies).
   */
  private updateSwingFactor(n: number, small: number): void {
    const y = this.scratch;
    const m = n - 2;
    if (m < 8) return;
    this.swingWatch = small >= m >> 2;
    // Fewer than half the second differences within the bound: both middle values are above it, so the median is,
    // and sigma > SWING_MAX_NOISE (no swings) without selecting the median (most real losses are that noisy).
    if (small < m >> 1) {
      this.swingFactor = NaN;
      this.swingCount = 0;
      return;
    }
    for (let i = 2; i < n; i++) this.noise[i - 2] = Math.abs(y[i] - 2 * y[i - 1] + y[i - 2]);
    // Second differences of white noise have variance 6 sigma^2.
    const sigma = (1.4826 * selectMedian(this.noise, m)) / Math.sqrt(6);
    // Noisy losses: swings of correlated noise (an SGD noise floor) and spikes can look regular; the window views
    // cover them. Swings are counted on clean losses only (simulations, full-batch losses).
    this.swingFactor = sigma <= SWING_MAX_NOISE ? Math.exp(Math.max(SWING_MIN_LOG, SWING_SIGMAS * sigma)) : NaN;
    if (Number.isNaN(this.swingFactor)) this.swingCount = 0;
  }

  /**
   * Short and middle periods: the raw points (lags up to a quarter window: periods up to 32 steps).
   *
   * Cadence: the rule is "oscillationConfirm windows in a row on the half-window grid" (windows ending every
   * w/2 points), but a full pass runs only every oscillationHop points (64 = a full window). What keeps the
   * half-window grid's detections: when the newest window fires and no streak is open, the window ending w/2
   * points earlier is computed too (a look back, paid only on suspicious windows, which are rare), and while a
   * streak is open and unconfirmed the next pass comes after w/2 points, not oscillationHop. With confirm = 2 a
   * pair of firing half-shifted windows is then found no later than on the half-window grid: a grid window no
   * pass computed is either looked back at (its successor fired) or its predecessor fired and it was computed.
   */
  private rawPass(step: number, w: number): void {
    const lv = this.levels;
    const kind = this.rawWindow(0, w, this.result, true);
    if (kind === NO_DATA) return;
    if (kind === NONE) {
      this.rawStreak = 0;
      this.nextRawHop = this.rawHop;
      return;
    }
    const half = this.hop;
    // One window confirms by itself (oscillationConfirm 1): nothing to look back for.
    const confirm = this.shared.thresholds.oscillationConfirm;
    if (this.rawStreak === 0 && confirm > 1 && this.rawHop > half && lv.count >= w + half && this.rawWindow(half, w, this.back, false) > NONE) {
      this.rawStreak = 1;
      this.rawStart = lv.stepAgo(w - 1 + half);
    }
    if (this.rawStreak++ === 0) this.rawStart = lv.stepAgo(w - 1);
    const confirmed = this.rawStreak >= confirm;
    // Unconfirmed: look again after half a window (the grid's next window); confirmed: back to the full hop.
    this.nextRawHop = confirmed ? this.rawHop : Math.min(this.rawHop, half);
    if (confirmed) {
      const p = this.result;
      const zigzag = kind === ZIGZAG;
      this.fill(zigzag ? 'zigzag' : 'ringing', zigzag ? p.rho1 : p.minRho, zigzag ? 1 : p.minLag, zigzag ? 2 : 2 * p.minLag, Math.exp(p.slope));
      this.report.report(this.rawStart, step);
    }
  }

  /**
   * Copies the logs of the raw window ending `ago` points back into scratch and returns how many of its second
   * differences are within QUIET_SECOND_DIFFERENCE (the swing noise's cheap count, taken during the copy: one
   * pass over the window instead of two), or -1 when a value is not above the floor.
   */
  private copyWindow(ago: number, w: number): number {
    const lv = this.levels;
    const y = this.scratch;
    let small = 0;
    for (let i = 0; i < w; i++) {
      const x = lv.logAgo(w - 1 - i + ago);
      if (x !== x) return -1;
      y[i] = x;
      if (i >= 2 && Math.abs(x - 2 * y[i - 1] + y[i - 2]) <= QUIET_SECOND_DIFFERENCE) small++;
    }
    return small;
  }

  /**
   * The swing noise between two raw passes (half a window after the last, the half-window grid's cadence), on
   * losses whose last window was quiet enough to come near the swing bound (swingWatch): slow ringings are
   * counted in swings, and their noise estimate must follow the loss as often as it did with a pass every half
   * window. Noisy losses (most real ones) go without it.
   */
  private refreshSwing(w: number): void {
    const small = this.copyWindow(0, w);
    if (small >= 0) this.updateSwingFactor(w, small);
  }

  /**
   * Does the raw window ending `ago` points back oscillate? NONE, ZIGZAG or RINGING; its periodicity in `out`.
   * `swing`: also refresh the swing noise from it (only for the newest window).
   */
  private rawWindow(ago: number, w: number, out: Periodicity, swing: boolean): number {
    const lv = this.levels;
    const small = this.copyWindow(ago, w);
    if (small < 0) return NO_DATA;
    if (swing) this.updateSwingFactor(w, small);
    const p = periodicity(this.scratch, w, w >> 2, out);
    const limit = this.shared.thresholds.oscillationAutocorr;
    if (p.rho1 <= limit) return ZIGZAG;
    // A smooth residual (lag-1 autocorrelation >= SMOOTH_RHO1, which noise cannot fake) that swings negative at
    // half a period is a ringing even when several modes blur the anti-correlation to -0.4.
    // It must also come back a period later (correlated noise at an SGD floor dips at random lags, and does not).
    const strict = p.minRho <= limit;
    const repeat = !strict && p.minRho <= REPEAT_DIP ? autocorrelationAt(this.scratch, w, 2 * p.minLag) : 0;
    // The smooth rule's weak period check is for a loss still on its way down: once converged to a known minimum,
    // gradient noise there is smooth and dips at random lags too, and only the strong rules count.
    // The level as it was when the window ended (a look back judges the window as the half-window grid did then).
    const level = ago === 0 ? lv.level : this.levelPointsAgo(ago);
    const smooth = p.rho1 >= SMOOTH_RHO1 && p.minRho <= SMOOTH_RINGING_RHO && repeat >= PERIOD_RHO && !this.converged(level);
    const relaxed = !strict && (smooth || repeat >= REPEAT_RHO);
    const ringing = (strict || relaxed) && p.minLag >= 2 && this.slowEnough(p.slope) && !this.atNoiseFloor(p.slope, level);
    return ringing ? RINGING : NONE;
  }

  /** Long periods: the robust levels (one per levelEvery steps), lags 2..w/4 levels. */
  private levelPass(step: number, w: number): void {
    const lv = this.levels;
    for (let i = 0; i < w; i++) {
      // ln of a level, taken once when the level was computed (NaN when it was not above the floor).
      const x = lv.levelLogAgo(w - 1 - i);
      if (x !== x) return;
      this.scratch[i] = x;
    }
    const p = periodicity(this.scratch, w, w >> 2, this.result);
    const every = this.shared.thresholds.levelEvery;
    const perStepSlope = p.slope / every;
    if (p.minRho <= this.shared.thresholds.oscillationAutocorr && p.minLag >= 2 && this.slowEnough(perStepSlope) && !this.atNoiseFloor(perStepSlope, lv.level)) {
      if (this.levelStreak++ === 0) this.levelStart = lv.levelStepAgo(w - 1);
      if (this.levelStreak >= this.shared.thresholds.oscillationConfirm) {
        // The raw view, when it holds a confirmed streak, keeps the evidence: it resolves the period to the step,
        // and a short period under the levels' sampling (every levelEvery steps) shows up there as a longer alias.
        if (this.rawStreak < this.shared.thresholds.oscillationConfirm) this.fill('ringing', p.minRho, p.minLag * every, 2 * p.minLag * every, Math.exp(perStepSlope));
        this.report.report(this.levelStart, step);
      }
    } else {
      this.levelStreak = 0;
    }
  }

  /**
   * Converged to a known minimum and stationary there (level <= FLOOR_FRACTION of the first level, the window's
   * trend within FLOOR_SLOPE per step): gradient noise at the floor makes a correlated, ringing-like loss that is
   * no oscillation of the dynamics.
   */
  private atNoiseFloor(slopePerStep: number, level: number): boolean {
    return this.converged(level) && Math.abs(slopePerStep) <= FLOOR_SLOPE;
  }

  /** `level` (the latest, or the one current at a looked-back window's end) at or below FLOOR_FRACTION of the first level above a known minimum. */
  private converged(level: number): boolean {
    return this.shared.context.minimumLoss !== undefined && level <= FLOOR_FRACTION * this.levels.firstLevel;
  }

  /** The level that was the latest `points` finite points ago (levels come every levelEvery points). */
  private levelPointsAgo(points: number): number {
    const lv = this.levels;
    const back = Math.floor(points / this.shared.thresholds.levelEvery);
    const kept = Math.min(lv.levelCount, lv.historySize);
    return back < kept ? lv.levelAgo(back) : lv.level;
  }

  /** The loss's trend falls no faster than oscillationRate^2 per step (a quadratic mode's loss falls at rate^2). */
  private slowEnough(slopePerStep: number): boolean {
    const r = this.shared.thresholds.oscillationRate;
    return slopePerStep >= 2 * Math.log(r);
  }

  private fill(pattern: OscillationPattern, autocorrelation: number, lag: number, period: number, rate: number): void {
    const r = this.report;
    if (r.raised && r.pattern === 'update_cosine') return;
    r.pattern = pattern;
    r.autocorrelation = autocorrelation;
    r.lag = lag;
    r.period = period;
    r.rate = rate;
  }
}
