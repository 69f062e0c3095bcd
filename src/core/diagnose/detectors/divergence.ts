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
 * Onset: the first step of the best level's window (step 0 when the run grows from the start).
 * Evidence: best (best level above the floor), best_step, value (current level above the floor), step,
 * growth (value / best), growth_per_step (the recent per-step factor, what stability.curvatureFromGrowth
 * takes), floor (the minimum loss the excess is measured from).
 */
import { fixEnvironment } from '../fixes/environment';
import { instabilityFixes } from '../fixes/instabilityFixes';
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

  constructor(
    private readonly metric: string,
    private readonly levels: LossLevels,
    private readonly shared: SharedRunState,
  ) {}

  /** Whether the finding is up (other detectors stay quiet about a diverging metric). */
  get active(): boolean {
    return this.tracked !== null;
  }

  add(step: number, value: number): void {
    const lv = this.levels;
    if (!Number.isFinite(value)) {
      if (this.tracked === null && lv.nonFinite === 1) this.atFirstNonFinite(step);
      else if (this.tracked !== null && step > this.tracked.finding.step_end) {
        this.tracked.finding.step_end = step;
        this.shared.touch(this.tracked);
      }
      return;
    }
    if (!lv.fresh || lv.signed || lv.nonFinite > 0) return;
    if (this.tracked !== null) {
      this.follow(step);
      return;
    }
    if (this.grownAwayFromBest()) this.confirmed++;
    else this.confirmed = 0;
    if (this.confirmed >= this.shared.thresholds.divergenceConfirm) this.raise(step);
  }

  private grownAwayFromBest(): boolean {
    const lv = this.levels;
    const t = this.shared.thresholds;
    const level = lv.level;
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
    this.current = lv.level;
    this.currentStep = step;
    this.growthPerStep = this.recentGrowth();
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
