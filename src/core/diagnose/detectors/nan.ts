/**
 * nan (error): a NaN or +-Inf value in a loss-like metric or the gradient norm. Raised on the first non-finite
 * point (the onset); step_end follows later non-finite points.
 *
 * Evidence: first_step (first non-finite step), value ("NaN", "Infinity", "-Infinity"), count (non-finite
 * points so far), last_finite (the last finite value before, or null), last_finite_step.
 */
import { fixEnvironment } from '../fixes/environment';
import { instabilityFixes } from '../fixes/instabilityFixes';
import type { SharedRunState } from '../shared';
import { fmt, TrackedFinding, finiteOrNull } from '../tracked';
import type { Finding } from '../types';
import type { MetricDetector } from './detector';

/** What the nan detector asks of the metric's divergence detector, to tell a blow-up from a bad batch. */
export interface GrowthSource {
  /** Per-step growth of the loss before the NaN, NaN when it was not growing. */
  growthBeforeNonFinite(): number;
  onsetStep(): number;
}

export class NanDetector implements MetricDetector {
  private tracked: TrackedFinding | null = null;
  private count = 0;
  private firstValue = NaN;
  private lastFinite = NaN;
  private lastFiniteStep = NaN;

  constructor(
    private readonly metric: string,
    private readonly shared: SharedRunState,
    private readonly growth: GrowthSource | null,
  ) {}

  /** The per-point path, kept small so the JIT can inline it with the other detectors of the metric. */
  add(step: number, value: number): void {
    if (Number.isFinite(value)) {
      if (this.tracked === null) {
        this.lastFinite = value;
        this.lastFiniteStep = step;
      }
      return;
    }
    this.nonFinite(step, value);
  }

  private nonFinite(step: number, value: number): void {
    this.count++;
    if (this.tracked === null) {
      this.firstValue = value;
      this.tracked = new TrackedFinding('nan', this.metric, 'error', step, step, (f) => this.render(f));
      this.shared.raise(this.tracked);
    } else {
      this.tracked.finding.step_end = step;
      this.shared.touch(this.tracked);
    }
  }

  private render(f: Finding): void {
    const what = Number.isNaN(this.firstValue) ? 'NaN' : String(this.firstValue);
    const before = Number.isFinite(this.lastFinite) ? ` (last finite value ${fmt(this.lastFinite)} at step ${this.lastFiniteStep})` : '';
    const more = this.count > 1 ? `; ${this.count} non-finite points through step ${f.step_end}` : '';
    f.message = `${this.metric} became ${what} at step ${f.step_start}${before}${more}.`;
    f.evidence = {
      first_step: f.step_start,
      value: what,
      count: this.count,
      last_finite: finiteOrNull(this.lastFinite),
      last_finite_step: finiteOrNull(this.lastFiniteStep),
    };
    const growth = this.growth ? this.growth.growthBeforeNonFinite() : NaN;
    const env = fixEnvironment(this.shared);
    if (growth > 1) {
      f.fixes = instabilityFixes({ growthPerStep: growth, onsetStep: this.growth!.onsetStep() }, env, this.shared.thresholds.oscillationRate);
    } else {
      const fixes = instabilityFixes({ growthPerStep: NaN, onsetStep: f.step_start }, env, this.shared.thresholds.oscillationRate)
        .filter((fix) => fix.action === 'lower_lr' || fix.action === 'clip_grad_norm');
      // No growth before it: a bad batch, a log of zero or a division by zero is as likely as the optimizer.
      f.fixes = [
        { action: 'check_data', text: `Check the data and the model around step ${f.step_start}: ${this.metric} jumped to ${what} without growing first (a bad batch, log(0) or a division by zero).` },
        ...fixes,
      ];
    }
  }
}
