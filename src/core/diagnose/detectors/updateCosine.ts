/**
 * The update-cosine view of oscillation (embedded runs): successive updates pointing against each other.
 * Every cosineWindow/2 updates, the median cosine of the last cosineWindow; at or below cosineZigzag in
 * oscillationConfirm consecutive windows, while the update norm shrinks slower than oscillationRate per step
 * (when no update norm is fed, the loss level's decay stands in, square-rooted: the loss of a mode falls at
 * rate^2), the shared oscillation finding is raised. See ./oscillation for the evidence.
 */
import type { LossLevels } from '../lossLevels';
import type { SharedRunState } from '../shared';
import { medianInPlace } from '../smallMedian';
import type { MetricDetector } from './detector';
import type { OscillationReport } from './oscillation';

const RING = 64;
/** Steps of a zig-zag change size by a steady factor; at a noise floor by ~|N(0,1)|-sized log ratios (median ~0.5+). */
const SMOOTH_LOG = 0.15;

export class UpdateCosineDetector implements MetricDetector {
  private readonly values = new Float64Array(RING);
  private readonly steps = new Float64Array(RING);
  private readonly scratch = new Float64Array(RING);
  private count = 0;
  private since = 0;
  private streak = 0;
  private start = NaN;

  constructor(
    private readonly shared: SharedRunState,
    private readonly report: () => OscillationReport | null,
    private readonly loss: () => LossLevels | null,
  ) {}

  add(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const slot = this.count & (RING - 1);
    this.values[slot] = value;
    this.steps[slot] = step;
    this.count++;
    const t = this.shared.thresholds;
    const w = t.cosineWindow;
    if (++this.since < Math.max(1, w >> 1) || this.count < w) return;
    this.since = 0;
    for (let i = 0; i < w; i++) this.scratch[i] = this.values[(this.count - 1 - i) & (RING - 1)];
    const median = medianInPlace(this.scratch, w);
    const firstStep = this.steps[(this.count - w) & (RING - 1)];
    const rate = this.rate(firstStep, step);
    if (median <= t.cosineZigzag && !(rate < t.oscillationRate) && this.smoothSteps(firstStep)) {
      if (this.streak++ === 0) this.start = firstStep;
      const report = this.report();
      if (this.streak >= t.oscillationConfirm && report) {
        report.pattern = 'update_cosine';
        report.cosine = median;
        report.rate = rate;
        report.period = 2;
        report.autocorrelation = NaN;
        report.lag = NaN;
        report.report(this.start, step);
      }
    } else {
      this.streak = 0;
    }
  }

  /**
   * Whether the update norm changes smoothly from step to step (median |log ratio| of successive norms at most
   * SMOOTH_LOG): a zig-zag of the dynamics shrinks or grows its steps geometrically, while at a gradient-noise
   * floor the steps are random in size and successive ones are anti-correlated without any oscillation (for plain
   * SGD their correlation is -lr*lambda/2). True when no update norm is fed.
   */
  private smoothSteps(from: number): boolean {
    const s = this.shared;
    const size = s.updateNorms.length;
    const n = Math.min(s.updateNormCount, size);
    if (n < 3) return true;
    let m = 0;
    for (let i = 0; i + 1 < n; i++) {
      const k = (s.updateNormCount - 1 - i) % size;
      const j = (s.updateNormCount - 2 - i) % size;
      if (s.updateNormSteps[j] < from) break;
      const a = s.updateNorms[k];
      const b = s.updateNorms[j];
      if (a > 0 && b > 0) this.scratch[m++] = Math.abs(Math.log(a / b));
    }
    if (m < 3) return true;
    return medianInPlace(this.scratch, m) <= SMOOTH_LOG;
  }

  /** Per-step factor of the update norm between two steps (NaN when unknown). */
  private rate(from: number, to: number): number {
    const s = this.shared;
    const norms = s.updateNorms;
    const n = Math.min(s.updateNormCount, norms.length);
    if (n >= 2) {
      // Newest first: find the norm at or before `from`.
      const last = s.updateNormCount - 1;
      const now = norms[last % norms.length];
      const nowStep = s.updateNormSteps[last % norms.length];
      for (let i = 1; i < n; i++) {
        const k = (last - i) % norms.length;
        if (s.updateNormSteps[k] <= from) {
          const dt = nowStep - s.updateNormSteps[k];
          return norms[k] > 0 && dt > 0 ? Math.pow(now / norms[k], 1 / dt) : NaN;
        }
      }
    }
    const lv = this.loss();
    if (!lv || lv.levelCount < 2) return NaN;
    const back = Math.min(Math.min(lv.levelCount, lv.historySize) - 1, Math.max(1, Math.round((to - from) / s.thresholds.levelEvery)));
    const old = lv.levelAgo(back);
    const dt = lv.levelStep - lv.levelStepAgo(back);
    return old > 0 && dt > 0 ? Math.sqrt(Math.pow(lv.level / old, 1 / dt)) : NaN;
  }
}
