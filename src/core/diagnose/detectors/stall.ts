/**
 * stall (warning): no meaningful progress over a window while far from converged.
 *
 * Checked each time the coarse history of the log level (../coarseHistory) completes a slot, once the run is
 * `stallMinSteps` long and while divergence is not up:
 * - far from converged: the level is above stallFarFraction of its first level (a run that fell 10x made
 *   progress; one at its known minimum is converged and has level ~0); and, when context.chanceLoss is known,
 *   the loss is not below stallBelowChance of it (a classifier that far below chance sits at its model's floor);
 * - no progress: over the trailing third of the run (at least stallMinSteps), a least-squares line through the
 *   log levels falls by less than stallProgress even when made stallConfidence standard errors steeper (so noise
 *   cannot make a falling run look flat);
 *   unless the steps were large: update and gradient norms fed and the window's first-order reach (median update
 *   norm x gradient norm x window steps, as a fraction of the loss) at least stallReach — a plateau being crossed;
 * - or the learning rate has stayed below stallLrFraction of its peak and the level moved less than
 *   stallProgress over the last 16 levels (then the onset is where the lr fell).
 * "Stuck at chance level" is said when the level is within stallChanceBand of context.chanceLoss.
 *
 * Evidence: reason ("flat" | "lr_decayed"), window_start, window_end (the steps compared), progress (fractional
 * decrease of the level over that window), level (current loss), start_level (the first level), fraction
 * (level / start level), chance (context.chanceLoss or null), lr and lr_peak (null when no lr is fed), reach (the
 * window's first-order reach, null without update and gradient norms or for an lr_decayed stall).
 */
import { CoarseHistory } from '../coarseHistory';
import { fixEnvironment } from '../fixes/environment';
import { stallFixes } from '../fixes/stallFixes';
import type { LossLevels } from '../lossLevels';
import type { SharedRunState } from '../shared';
import { medianInPlace } from '../smallMedian';
import { finiteOrNull, fmt, TrackedFinding } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';

/**
 * Steps back for the short flatness check of the lr rule: 64 (16 levels at 4 points per level when it was counted
 * in levels). Counted in steps so the rule means the same whatever levelEvery is.
 */
const LR_FLAT_STEPS = 64;
/** Coarse slots a trailing window needs for a line and its standard error. */
const MIN_SLOTS = 8;

export class StallDetector implements MetricDetector {
  private readonly history = new CoarseHistory();
  private tracked: TrackedFinding | null = null;
  private firstStep = NaN;
  private reason: 'flat' | 'lr_decayed' = 'flat';
  private windowStart = NaN;
  private windowEnd = NaN;
  private progress = NaN;
  private reach = NaN;
  private readonly scratch = new Float64Array(64);

  constructor(
    private readonly metric: string,
    private readonly levels: LossLevels,
    private readonly shared: SharedRunState,
    private readonly diverging: () => boolean,
  ) {}

  add(step: number, value: number): void {
    if (Number.isNaN(this.firstStep)) this.firstStep = step;
    const lv = this.levels;
    if (!lv.fresh || !Number.isFinite(value) || lv.signed || lv.nonFinite > 0) return;
    if (!(lv.level > 0) || !lv.regular) return;
    const completed = this.history.push(lv.levelLog, lv.levelStep);
    if (this.tracked !== null) {
      if (completed && this.stillFlat(step)) {
        this.tracked.finding.step_end = step;
        this.shared.touch(this.tracked);
      }
      return;
    }
    const t = this.shared.thresholds;
    if (step - this.firstStep < t.stallMinSteps || this.diverging()) return;
    if (!(lv.level >= t.stallFarFraction * lv.firstLevel)) return;
    const chance = this.shared.context.chanceLoss;
    if (chance !== undefined && chance > 0 && lv.level + lv.floor < t.stallBelowChance * chance) return;
    if (this.lrDecayed()) {
      this.reason = 'lr_decayed';
      this.reach = NaN;
      this.raise(this.shared.lrLowStep, step);
      return;
    }
    if (completed && this.flatTrailingThird(step)) {
      this.reach = this.stepReach(step);
      if (this.reach >= t.stallReach) return;
      this.reason = 'flat';
      this.raise(this.windowStart, step);
    }
  }

  /**
   * How far the steps of the trailing window could have taken the loss, by first order, as a fraction of the loss
   * itself: median update norm (the last updateNorms) x the last gradient norm x the window's steps / level. A
   * step dTheta changes the loss by at most |g| |dTheta| to first order, so a window whose reach is well below 1
   * could not have made meaningful progress whatever the landscape (steps too small: the optimizer's stall); one
   * that reaches a good part of the loss and still did not move it is crossing a plateau or saddle with learning
   * under way. NaN without update and gradient norms (logs rarely have update norms: the rule then stays out).
   */
  private stepReach(step: number): number {
    const s = this.shared;
    const n = Math.min(s.updateNormCount, s.updateNorms.length);
    if (n < MIN_SLOTS || !(s.gradNormLast > 0) || !(this.levels.level > 0)) return NaN;
    for (let i = 0; i < n; i++) this.scratch[i] = s.updateNorms[i];
    return (medianInPlace(this.scratch, n) * s.gradNormLast * (step - this.windowStart)) / this.levels.level;
  }

  private lrDecayed(): boolean {
    const s = this.shared;
    if (Number.isNaN(s.lrLowStep)) return false;
    const lv = this.levels;
    const want = Math.max(1, Math.round(LR_FLAT_STEPS / s.thresholds.levelEvery));
    const back = Math.min(want, Math.min(lv.levelCount, lv.historySize) - 1);
    if (back < want) return false;
    const old = lv.levelAgo(back);
    const progress = 1 - lv.level / old;
    if (!(progress < s.thresholds.stallProgress)) return false;
    this.progress = progress;
    this.windowStart = lv.levelStepAgo(back);
    this.windowEnd = lv.levelStep;
    return true;
  }

  /**
   * Fractional decrease of the level over the trailing window (the last third of the run, at least stallMinSteps),
   * from a least-squares line through the coarse history's log levels, made optimistic by stallConfidence
   * standard errors of the fitted change (the scatter of the slots about the line measures the noise): a noisy run
   * that is in fact falling is not called flat because one window happened to look flat.
   */
  private trailingProgress(step: number): number {
    const h = this.history;
    const span = Math.max((step - this.firstStep) / 3, this.shared.thresholds.stallMinSteps);
    const from = h.firstEndingAtOrAfter(step - span);
    const n = h.length - from;
    if (n < MIN_SLOTS) return NaN;
    let xMean = 0;
    let yMean = 0;
    for (let i = from; i < h.length; i++) {
      xMean += h.ends[i];
      yMean += h.means[i];
    }
    xMean /= n;
    yMean /= n;
    let sxx = 0;
    let sxy = 0;
    for (let i = from; i < h.length; i++) {
      const dx = h.ends[i] - xMean;
      sxx += dx * dx;
      sxy += dx * (h.means[i] - yMean);
    }
    if (!(sxx > 0)) return NaN;
    const slope = sxy / sxx;
    let sse = 0;
    for (let i = from; i < h.length; i++) {
      const r = h.means[i] - yMean - slope * (h.ends[i] - xMean);
      sse += r * r;
    }
    const slopeSe = Math.sqrt(sse / (n - 2) / sxx);
    const width = h.ends[h.length - 1] - h.ends[from];
    const t = this.shared.thresholds;
    // A loss that rises is not stalled: it is diverging or oscillating, and those detectors speak for it.
    if (slope * width > Math.log(1 + t.stallProgress)) return NaN;
    const change = (slope - t.stallConfidence * slopeSe) * width;
    this.windowStart = h.ends[from];
    this.windowEnd = h.ends[h.length - 1];
    return 1 - Math.exp(change);
  }

  private flatTrailingThird(step: number): boolean {
    const progress = this.trailingProgress(step);
    if (!(progress < this.shared.thresholds.stallProgress)) return false;
    this.progress = progress;
    return true;
  }

  /**
   * Whether a raised stall goes on. The message's window keeps its start; its end moves only while the loss is
   * still flat: a check that finds progress must not carry the window past the finding's step_end (the message
   * would say "to step 393187" of a stall that ended at 3815).
   */
  private stillFlat(step: number): boolean {
    const keepStart = this.windowStart;
    const keepEnd = this.windowEnd;
    const flat = this.reason === 'lr_decayed' ? this.lrDecayed() : this.flatTrailingThird(step);
    this.windowStart = keepStart;
    if (!flat) this.windowEnd = keepEnd;
    return flat;
  }

  private raise(start: number, step: number): void {
    this.tracked = new TrackedFinding('stall', this.metric, 'warning', Number.isFinite(start) ? start : step, step, (f) => this.render(f));
    this.shared.raise(this.tracked);
  }

  private render(f: Finding): void {
    const lv = this.levels;
    const s = this.shared;
    const level = lv.level + lv.floor;
    const start = lv.firstLevel + lv.floor;
    const chance = s.context.chanceLoss;
    const atChance = chance !== undefined && Math.abs(level - chance) <= s.thresholds.stallChanceBand * Math.abs(chance);
    const fraction = lv.level / lv.firstLevel;
    const progressText = `fell only ${fmt(100 * Math.max(0, this.progress))}% from step ${this.windowStart} to step ${this.windowEnd}`;
    const where = atChance ? `it sits at chance level ln(classes) = ${fmt(chance!)}` : `it is still at ${fmt(level)}, ${fmt(100 * fraction)}% of where it started${lv.floor !== 0 ? ` above the minimum ${fmt(lv.floor)}` : ''}`;
    f.message = this.reason === 'lr_decayed'
      ? `${this.metric} stopped improving: the learning rate decayed to ${fmt(s.lrLast)} (${fmt(100 * s.lrLast / s.lrMax)}% of its peak ${fmt(s.lrMax)}) from step ${s.lrLowStep}; the loss ${progressText} and ${where}.`
      : `${this.metric} makes no meaningful progress: it ${progressText} and ${where}.`;
    f.evidence = {
      reason: this.reason,
      window_start: finiteOrNull(this.windowStart),
      window_end: finiteOrNull(this.windowEnd),
      progress: finiteOrNull(this.progress),
      level: finiteOrNull(level),
      start_level: finiteOrNull(start),
      fraction: finiteOrNull(fraction),
      chance: chance ?? null,
      lr: finiteOrNull(s.lrLast),
      lr_peak: finiteOrNull(s.lrMax),
      reach: finiteOrNull(this.reach),
    };
    f.fixes = stallFixes(this.reason, atChance, fixEnvironment(s), s);
  }
}
