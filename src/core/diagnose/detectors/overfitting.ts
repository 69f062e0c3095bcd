/**
 * overfitting (warning): the validation loss rises, robustly and over several evaluations, from its best while
 * the training loss keeps falling.
 *
 * The validation level is the median of the last `overfitWindow` evaluations. Raised when the level is at least
 * overfitRise above the best level and overfitSigmas evaluation-noise sigmas above it in log terms, in two consecutive evaluations, at least overfitEvaluations evaluations after
 * the best, while the training loss level is at least overfitTrainFall below where it was at the best
 * validation step, and the rise wins back at least overfitRegain of what the validation level had fallen from its
 * first evaluation to the best. Needs a training loss fed to the same diagnoser.
 * Once raised, the finding describes that episode: its best stays the best before the rise (a later, lower best
 * does not rewrite the message); its end follows the level while it stays above that best, and the value it
 * reports is the highest level of the episode (so a rise that is falling back is not understated).
 *
 * Evidence: best (best validation level), best_step (its evaluation step: where to stop), value (current
 * validation level), step, rise (value / best - 1), evaluations (since the best), train_at_best, train_now.
 */
import type { SharedRunState } from '../shared';
import { medianInPlace } from '../smallMedian';
import { finiteOrNull, fmt, TrackedFinding } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';

const RING = 16;

export class OverfittingDetector implements MetricDetector {
  private readonly values = new Float64Array(RING);
  private readonly steps = new Float64Array(RING);
  private readonly scratch = new Float64Array(RING);
  private count = 0;
  private best = Infinity;
  private bestStep = NaN;
  private bestCount = 0;
  private trainAtBest = NaN;
  private level = NaN;
  private levelStep = NaN;
  private above = 0;
  private firstLevel = NaN;
  private tracked: TrackedFinding | null = null;
  /** What the raised finding says: the best before the rise and the episode's highest level (see render). */
  private readonly shown = { best: NaN, bestStep: NaN, bestCount: 0, trainAtBest: NaN, level: NaN, levelStep: NaN, count: 0, trainNow: NaN };

  constructor(private readonly metric: string, private readonly shared: SharedRunState) {}

  add(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const slot = this.count & (RING - 1);
    this.values[slot] = value;
    this.steps[slot] = step;
    this.count++;
    const t = this.shared.thresholds;
    const n = Math.min(this.count, t.overfitWindow);
    for (let i = 0; i < n; i++) this.scratch[i] = this.values[(this.count - 1 - i) & (RING - 1)];
    this.level = medianInPlace(this.scratch, n);
    this.levelStep = step;
    if (this.count === 1) this.firstLevel = this.level;
    const train = this.shared.trainLoss;
    const trainLevel = train ? train.level : NaN;
    if (this.tracked !== null && this.level > this.shown.best) {
      this.tracked.finding.step_end = step;
      if (this.level >= this.shown.level) this.showNow(trainLevel);
      this.shared.touch(this.tracked);
    }
    if (this.level < this.best) {
      this.best = this.level;
      this.bestStep = this.steps[(this.count - 1 - (n >> 1)) & (RING - 1)];
      this.bestCount = this.count;
      this.trainAtBest = trainLevel;
      this.above = 0;
      return;
    }
    const risen = this.best > 0 ? this.risenInLog(t.overfitRise, t.overfitSigmas) : this.level - this.best >= t.overfitRise * Math.abs(this.best);
    this.above = risen ? this.above + 1 : 0;
    if (this.tracked !== null) return;
    const falling = trainLevel <= this.trainAtBest * (1 - t.overfitTrainFall);
    const regained = !(this.firstLevel > this.best) || this.level - this.best >= t.overfitRegain * (this.firstLevel - this.best);
    if (this.above >= 2 && this.count - this.bestCount >= t.overfitEvaluations && falling && regained) {
      const shown = this.shown;
      shown.best = this.best;
      shown.bestStep = this.bestStep;
      shown.bestCount = this.bestCount;
      shown.trainAtBest = this.trainAtBest;
      this.showNow(trainLevel);
      this.tracked = new TrackedFinding('overfitting', this.metric, 'warning', this.bestStep, step, (f) => this.render(f));
      this.shared.raise(this.tracked);
    }
  }

  private showNow(trainLevel: number): void {
    this.shown.level = this.level;
    this.shown.levelStep = this.levelStep;
    this.shown.count = this.count;
    this.shown.trainNow = trainLevel;
  }

  /**
   * ln(level / best) >= max(ln(1 + rise), sigmas * noise()), with the noise (15 logs and a sort) taken only when
   * the first bound is cleared: below it the max cannot be reached whatever the noise, so the answer is the same.
   */
  private risenInLog(rise: number, sigmas: number): boolean {
    const up = Math.log(this.level / this.best);
    const minimum = Math.log(1 + rise);
    if (up < minimum) return false;
    return up >= Math.max(minimum, sigmas * this.noise());
  }

  /**
   * Robust sigma of one evaluation's log value: MAD of the second differences of the kept evaluations' logs,
   * / sqrt(6) (each second difference carries 1 + 4 + 1 points' variance). 0 with fewer than 5 evaluations.
   * Second, not first, differences: a first difference also holds the trend per evaluation, and when evaluations
   * are sparse (every 25-50 steps) a rising or falling validation curve moves several % between two of them —
   * counted as noise, that trend raised the 4-sigma bar above the rise itself (7 of 144 corpus overfitting runs
   * missed). A second difference cancels a locally straight trend and keeps only the noise and the curvature.
   */
  private noise(): number {
    const n = Math.min(this.count, RING) - 2;
    if (n < 3) return 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const a = this.values[(this.count - 1 - i) & (RING - 1)];
      const b = this.values[(this.count - 2 - i) & (RING - 1)];
      const c = this.values[(this.count - 3 - i) & (RING - 1)];
      if (a > 0 && b > 0 && c > 0) this.scratch[m++] = Math.abs(Math.log((a * c) / (b * b)));
    }
    if (m < 3) return 0;
    return (1.4826 * medianInPlace(this.scratch, m)) / Math.sqrt(6);
  }

  private render(f: Finding): void {
    const train = this.shared.trainLoss;
    const floor = train ? train.floor : 0;
    const e = this.shown;
    const trainNow = e.trainNow + floor;
    const trainBest = e.trainAtBest + floor;
    const rise = e.level / e.best - 1;
    const evaluations = e.count - e.bestCount;
    f.message = `${this.metric} rose ${fmt(100 * rise)}% from its best ${fmt(e.best)} at step ${e.bestStep} to ${fmt(e.level)} at step ${e.levelStep} (${evaluations} evaluations), while the training loss kept falling from ${fmt(trainBest)} to ${fmt(trainNow)}.`;
    f.evidence = {
      best: finiteOrNull(e.best),
      best_step: finiteOrNull(e.bestStep),
      value: finiteOrNull(e.level),
      step: finiteOrNull(e.levelStep),
      rise: finiteOrNull(rise),
      evaluations,
      train_at_best: finiteOrNull(trainBest),
      train_now: finiteOrNull(trainNow),
    };
    f.fixes = [{
      action: 'early_stop', parameter: 'step', to: e.bestStep,
      text: `Stop at step ${e.bestStep} (or keep the checkpoint from there): the validation loss was lowest there and has risen ${fmt(100 * rise)}% since (early stopping with patience ~${Math.max(1, evaluations)} evaluations would have caught it).`,
    }];
  }
}
