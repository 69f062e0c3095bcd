/**
 * divergence (error): the loss grows away from its best level, far beyond what noise explains.
 *
 * Rule (on the robust levels of ../lossLevels, each the median of the last `levelWindow` points): for
 * `divergenceConfirm` consecutive levels,
 *   level >= divergenceRatio * best                       (grew tenfold over the best level),
 *   level - best >= divergenceRegain * (first - best)     (won back a real part of what training had gained),
 *   level > the highest level in an equally long stretch before the best (not a damped ringing's next peak).
 * Also raised at the first non-finite point when the last finite values were already >= divergenceNanGrowth
 * times the best level (the run was visibly growing into the overflow).
 *
 * Not raised at all when the context proves the run stable (SGD on a known curvature range inside the stable
 * region): growth there is momentum's transient overshoot, which rings down.
 *
 * Onset: the first step of the best level's window (step 0 when the run grows from the start).
 * Evidence: best (best level above the floor), best_step, value (current level above the floor), step,
 * growth (value / best), growth_per_step (the recent per-step factor, what stability.curvatureFromGrowth
 * takes), floor (the minimum loss the excess is measured from).
 */
import { fixEnvironment } from '../fixes/environment';
import { instabilityFixes } from '../fixes/instabilityFixes';
import { isStable } from '../stability';
import type { LossLevels } from '../lossLevels';
import type { SharedRunState } from '../shared';
import { finiteOrNull, fmt, fmtRatio, TrackedFinding } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';
import type { GrowthSource } from './nan';

export class DivergenceDetector implements MetricDetector, GrowthSource {
  private tracked: TrackedFinding | null = null;
  private confirmed = 0;
  private best = NaN;
  private bestStep = NaN;
  private current = NaN;
  private currentStep = NaN;
  private growthPerStep = NaN;
  private onset = NaN;

  /**
   * Plain or momentum SGD on a known curvature range with lr*lambda_max inside the stable region (../stability
   * isStable) cannot diverge: its growth is momentum's transient overshoot (which can multiply the loss 20x or more
   * in the first steps before it rings down). Only non-finite values are reported then (by the nan detector).
   */
  private readonly provablyStable: boolean;
  /** divergenceRatio^2, computed as explodes() does (the inline pre-test must agree with it exactly). */
  private readonly ratioSquared: number;

  constructor(
    private readonly metric: string,
    private readonly levels: LossLevels,
    private readonly shared: SharedRunState,
  ) {
    const opt = shared.context.optimizer;
    const curvature = shared.context.curvature;
    this.provablyStable = opt?.name?.toLowerCase() === 'sgd' && opt.lr !== undefined && curvature !== undefined
      && curvature.max > 0 && isStable(opt.lr, opt.momentum ?? 0, curvature.max, opt.nesterov === true);
    const ratio = shared.thresholds.divergenceRatio;
    this.ratioSquared = ratio * ratio;
  }

  /** Whether the finding is up (other detectors stay quiet about a diverging metric). */
  get active(): boolean {
    return this.tracked !== null;
  }

  /**
   * The per-point path, kept small so the JIT can inline it with the other detectors of the metric: most points
   * end at the fast path's first comparisons; non-finite points, raised findings and fresh levels go to methods.
   */
  add(step: number, value: number): void {
    if (this.provablyStable) return;
    const lv = this.levels;
    if (!Number.isFinite(value)) {
      this.atNonFinite(step);
      return;
    }
    if (lv.signed || lv.nonFinite > 0) return;
    if (this.tracked !== null) {
      if (lv.fresh) this.follow(step);
      return;
    }
    // The fast path's cheapest test inline (the newest value ratio^2 times the best level); explodes() does all.
    const now = lv.valueAgo(0);
    if (now >= this.ratioSquared * lv.best && this.explodes()) {
      this.raiseExploding(step);
      return;
    }
    // Early per-point levels find the best and feed the fast path; confirmation counts regular levels only.
    if (lv.fresh && lv.regular) this.onRegularLevel(step);
  }

  private atNonFinite(step: number): void {
    if (this.tracked === null && this.levels.nonFinite === 1) this.atFirstNonFinite(step);
    else if (this.tracked !== null && step > this.tracked.finding.step_end) {
      this.tracked.finding.step_end = step;
      this.shared.touch(this.tracked);
    }
  }

  private raiseExploding(step: number): void {
    const lv = this.levels;
    this.raise(step);
    // The raw points are the measurement here (a clean blow-up): their last ratio is the dominant growth.
    const dt = step - lv.stepAgo(1);
    if (dt > 0) this.growthPerStep = Math.pow(lv.valueAgo(0) / lv.valueAgo(1), 1 / dt);
  }

  private onRegularLevel(step: number): void {
    if (this.grownAwayFromBest(this.levels.level)) this.confirmed++;
    else this.confirmed = 0;
    if (this.confirmed >= this.shared.thresholds.divergenceConfirm) this.raise(step);
  }

  /**
   * The fast path, on raw points, for blow-ups too quick for the levels (a quadratic at lr*lambda = 10 passes the
   * trainer's 1e6 bound in 3-4 steps): the last two values rising, the previous one divergenceRatio and the
   * newest divergenceRatio^2 times the best level, and the previous one passing the level rule's other tests.
   * (Momentum's transient overshoot can multiply the loss ~20x in a few steps before it rings down: not 100x.)
   */
  private explodes(): boolean {
    const lv = this.levels;
    if (lv.count < 2) return false;
    const ratio = this.shared.thresholds.divergenceRatio;
    const now = lv.valueAgo(0);
    const before = lv.valueAgo(1);
    const best = lv.best;
    return now > before && before >= ratio * best && now >= ratio * ratio * best && this.grownAwayFromBest(before);
  }

  private grownAwayFromBest(level: number): boolean {
    const lv = this.levels;
    const t = this.shared.thresholds;
    const best = lv.best;
    if (!(level >= t.divergenceRatio * best) || !(level > 0)) return false;
    if (level - best < t.divergenceRegain * (lv.firstLevel - best)) return false;
    // The stretch before the best, as long as the stretch since, within the kept history.
    const since = lv.levelCount - 1 - lv.bestIndex;
    const kept = Math.min(lv.levelCount, lv.historySize);
    const from = since + 1;
    const to = Math.min(kept - 1, 2 * since + 1);
    for (let i = from; i <= to; i++) if (lv.levelAgo(i) >= level) return false;
    return true;
  }

  /** The per-step growth over the last two levels (the latest dominant mode), else since the best. */
  private recentGrowth(): number {
    const lv = this.levels;
    const since = lv.levelCount - 1 - lv.bestIndex;
    const back = Math.min(2, since, Math.min(lv.levelCount, lv.historySize) - 1);
    if (back >= 1) {
      const old = lv.levelAgo(back);
      const dt = lv.levelStep - lv.levelStepAgo(back);
      if (old > 0 && dt > 0 && lv.level > old) return Math.pow(lv.level / old, 1 / dt);
    }
    const dt = lv.levelStep - lv.bestStep;
    return lv.best > 0 && dt > 0 ? Math.pow(lv.level / lv.best, 1 / dt) : NaN;
  }

  private snapshot(step: number): void {
    const lv = this.levels;
    this.best = lv.best;
    this.bestStep = lv.bestStep;
    this.current = Math.max(lv.level, lv.valueAgo(0));
    this.currentStep = step;
    this.growthPerStep = this.recentGrowth();
    // Too few levels since the best for a rate: the raw points say it.
    if (!Number.isFinite(this.growthPerStep) && lv.count >= 2) {
      const a = lv.valueAgo(1);
      const dt = step - lv.stepAgo(1);
      if (a > 0 && dt > 0) this.growthPerStep = Math.pow(lv.valueAgo(0) / a, 1 / dt);
    }
  }

  private raise(step: number): void {
    this.snapshot(step);
    this.onset = this.levels.bestStartStep;
    this.tracked = new TrackedFinding('divergence', this.metric, 'error', this.onset, step, (f) => this.render(f));
    this.shared.raise(this.tracked);
  }

  private follow(step: number): void {
    if (this.levels.level > this.current) this.snapshot(step);
    this.tracked!.finding.step_end = step;
    this.shared.touch(this.tracked!);
  }

  private atFirstNonFinite(step: number): void {
    const lv = this.levels;
    if (lv.count === 0 || lv.signed) return;
    const last = Math.max(lv.valueAgo(0), Number.isFinite(lv.level) ? lv.level : 0);
    const best = Number.isFinite(lv.best) ? Math.min(lv.best, lv.rawMin) : lv.rawMin;
    if (!(last >= this.shared.thresholds.divergenceNanGrowth * best) || !(last > 0)) return;
    this.best = best;
    this.bestStep = Number.isFinite(lv.bestStep) ? lv.bestStep : lv.rawMinStep;
    this.current = last;
    this.currentStep = lv.stepAgo(0);
    const dt = this.currentStep - this.bestStep;
    this.growthPerStep = best > 0 && dt > 0 ? Math.pow(last / best, 1 / dt) : NaN;
    this.onset = Number.isFinite(lv.bestStartStep) ? lv.bestStartStep : this.bestStep;
    this.tracked = new TrackedFinding('divergence', this.metric, 'error', this.onset, step, (f) => this.render(f));
    this.shared.raise(this.tracked);
  }

  growthBeforeNonFinite(): number {
    return this.tracked !== null ? this.growthPerStep : NaN;
  }

  onsetStep(): number {
    return this.onset;
  }

  private render(f: Finding): void {
    const growth = this.best > 0 ? this.current / this.best : Infinity;
    const floor = this.levels.floor;
    const above = floor !== 0 ? ` above the minimum ${fmt(floor)}` : '';
    const perStep = Number.isFinite(this.growthPerStep) ? `, x${Number(this.growthPerStep.toPrecision(3))} per step` : '';
    f.message = `${this.metric} grew ${fmtRatio(growth)} from its best ${fmt(this.best)} at step ${this.bestStep} to ${fmt(this.current)} at step ${this.currentStep}${above}${perStep}.`;
    f.evidence = {
      best: finiteOrNull(this.best),
      best_step: finiteOrNull(this.bestStep),
      value: finiteOrNull(this.current),
      step: finiteOrNull(this.currentStep),
      growth: finiteOrNull(growth),
      growth_per_step: finiteOrNull(this.growthPerStep),
      floor,
    };
    f.fixes = instabilityFixes({ growthPerStep: this.growthPerStep, onsetStep: this.onset }, fixEnvironment(this.shared), this.shared.thresholds.oscillationRate);
  }
}
