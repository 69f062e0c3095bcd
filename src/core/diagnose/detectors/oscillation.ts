/**
 * oscillation (warning): the loss or the steps alternate or ring, slowly, and the run is not diverging.
 *
 * Three views, any of which raises the finding:
 * - zig-zag in the loss: the autocorrelation of the detrended log loss over `oscillationWindow` points is
 *   <= oscillationAutocorr at lag 1 (../periodicity);
 * - ringing in the loss: the same autocorrelation <= oscillationAutocorr at a lag up to a quarter of the window,
 *   in the raw points (short periods) or in the robust levels (long periods, 4 steps per level), while the loss
 *   decays slower than oscillationRate^2 per step (on a quadratic the loss of a mode falls at rate^2: a ringing
 *   loss falling faster than 0.81 per step is momentum's quickly damped, healthy ringing);
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
import { periodicity, type Periodicity } from '../periodicity';
import type { SharedRunState } from '../shared';
import { finiteOrNull, TrackedFinding } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';

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
  private sincePoints = 0;
  private sinceLevels = 0;
  private rawStreak = 0;
  private levelStreak = 0;
  private rawStart = NaN;
  private levelStart = NaN;

  constructor(private readonly levels: LossLevels, private readonly shared: SharedRunState, private readonly report: OscillationReport) {
    this.scratch = new Float64Array(shared.thresholds.oscillationWindow);
    this.hop = Math.max(1, shared.thresholds.oscillationWindow >> 1);
  }

  add(step: number, value: number): void {
    if (!Number.isFinite(value) || this.levels.signed) return;
    const t = this.shared.thresholds;
    const w = t.oscillationWindow;
    if (++this.sincePoints >= this.hop && this.levels.count >= w) {
      this.sincePoints = 0;
      this.rawPass(step, w);
    }
    if (this.levels.fresh && ++this.sinceLevels >= this.hop && Math.min(this.levels.levelCount, this.levels.historySize) >= w) {
      this.sinceLevels = 0;
      this.levelPass(step, w);
    }
  }

  /** Short periods: the raw points (lags up to 8: periods up to 16 steps). */
  private rawPass(step: number, w: number): void {
    const lv = this.levels;
    for (let i = 0; i < w; i++) {
      const v = lv.valueAgo(w - 1 - i);
      if (!(v > 0)) return;
      this.scratch[i] = Math.log(v);
    }
    const p = periodicity(this.scratch, w, 8, this.result);
    const limit = this.shared.thresholds.oscillationAutocorr;
    const zigzag = p.rho1 <= limit;
    const ringing = p.minRho <= limit && p.minLag >= 2 && this.slowEnough(p.slope);
    if (zigzag || ringing) {
      if (this.rawStreak++ === 0) this.rawStart = lv.stepAgo(w - 1);
      if (this.rawStreak >= this.shared.thresholds.oscillationConfirm) {
        this.fill(zigzag ? 'zigzag' : 'ringing', zigzag ? p.rho1 : p.minRho, zigzag ? 1 : p.minLag, zigzag ? 2 : 2 * p.minLag, Math.exp(p.slope));
        this.report.report(this.rawStart, step);
      }
    } else {
      this.rawStreak = 0;
    }
  }

  /** Long periods: the robust levels (one per levelEvery steps), lags 2..w/4 levels. */
  private levelPass(step: number, w: number): void {
    const lv = this.levels;
    for (let i = 0; i < w; i++) {
      const v = lv.levelAgo(w - 1 - i);
      if (!(v > 0)) return;
      this.scratch[i] = Math.log(v);
    }
    const p = periodicity(this.scratch, w, w >> 2, this.result);
    const every = this.shared.thresholds.levelEvery;
    const perStepSlope = p.slope / every;
    if (p.minRho <= this.shared.thresholds.oscillationAutocorr && p.minLag >= 2 && this.slowEnough(perStepSlope)) {
      if (this.levelStreak++ === 0) this.levelStart = lv.levelStepAgo(w - 1);
      if (this.levelStreak >= this.shared.thresholds.oscillationConfirm) {
        this.fill('ringing', p.minRho, p.minLag * every, 2 * p.minLag * every, Math.exp(perStepSlope));
        this.report.report(this.levelStart, step);
      }
    } else {
      this.levelStreak = 0;
    }
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
