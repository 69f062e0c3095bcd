/**
 * The streaming diagnosis engine: routes each point to its metric's detectors (chosen by the metric's role),
 * keeps the findings, and hands out what changed. Per point: one map lookup (skipped when the metric repeats),
 * a step check, and the detectors' O(1) updates; nothing is allocated.
 */
import { DivergenceDetector } from './detectors/divergence';
import type { MetricDetector } from './detectors/detector';
import { NanDetector } from './detectors/nan';
import { LossOscillationDetector, OscillationReport } from './detectors/oscillation';
import { OverfittingDetector } from './detectors/overfitting';
import { SpikeDetector } from './detectors/spike';
import { StallDetector } from './detectors/stall';
import { UpdateCosineDetector } from './detectors/updateCosine';
import { LossLevels } from './lossLevels';
import { metricRole } from './roles';
import type { SharedRunState } from './shared';
import { StreamingQuantile } from './streamingQuantile';
import { resolveThresholds, type DiagnoseThresholds } from './thresholds';
import type { TrackedFinding } from './tracked';
import type { Diagnoser, Finding, MetricRole, RunContext } from './types';

/** The shared "nothing changed" answer of drain(): frozen so a caller cannot fill it for everyone. */
const NOTHING: Finding[] = Object.freeze([]) as unknown as Finding[];

class MetricState {
  lastStep = -Infinity;
  /** Points dropped: non-finite step, or a step not after the previous one (duplicate, restart). */
  rejected = 0;
  detectors: MetricDetector[] = [];
  constructor(readonly name: string, public role: MetricRole) {}
}

/** Watches one learning-rate metric for the shared first/last/max lr and when it decayed to ~0. */
class LrWatcher implements MetricDetector {
  constructor(private readonly shared: SharedRunState) {}
  add(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const s = this.shared;
    if (Number.isNaN(s.lrFirst)) s.lrFirst = value;
    s.lrLast = value;
    if (!(value <= s.lrMax)) s.lrMax = value;
    if (value <= s.thresholds.stallLrFraction * s.lrMax) {
      if (Number.isNaN(s.lrLowStep)) s.lrLowStep = step;
    } else {
      s.lrLowStep = NaN;
    }
  }
}

class GradNormWatcher implements MetricDetector {
  constructor(private readonly shared: SharedRunState) {}
  add(_step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.shared.gradNormP90.add(value);
    this.shared.gradNormLast = value;
  }
}

/** Keeps the last update norms for the update-cosine view's decay rate. */
class UpdateNormWatcher implements MetricDetector {
  constructor(private readonly shared: SharedRunState) {}
  add(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const s = this.shared;
    const slot = s.updateNormCount % s.updateNorms.length;
    s.updateNorms[slot] = value;
    s.updateNormSteps[slot] = step;
    s.updateNormCount++;
  }
}

class LevelsFeeder implements MetricDetector {
  constructor(private readonly levels: LossLevels) {}
  add(step: number, value: number): void {
    this.levels.push(step, value);
  }
}

export class DiagnosisEngine implements Diagnoser, SharedRunState {
  readonly context: RunContext;
  readonly thresholds: DiagnoseThresholds;
  readonly gradNormP90 = new StreamingQuantile(0.9);
  lrFirst = NaN;
  lrLast = NaN;
  lrMax = NaN;
  lrLowStep = NaN;
  gradNormLast = NaN;
  readonly updateNorms = new Float64Array(64);
  readonly updateNormSteps = new Float64Array(64);
  updateNormCount = 0;
  trainLoss: LossLevels | null = null;
  /** The oscillation finding of the first training loss, which the update-cosine view reports into. */
  private trainOscillation: OscillationReport | null = null;

  private readonly metrics = new Map<string, MetricState>();
  private lastName: string | null = null;
  private lastState: MetricState | null = null;
  private readonly all: TrackedFinding[] = [];
  private changed: TrackedFinding[] = [];
  private sorted: Finding[] | null = null;

  constructor(context?: RunContext, thresholds?: Partial<DiagnoseThresholds>) {
    this.context = context ?? {};
    this.thresholds = resolveThresholds(thresholds);
  }

  setRole(metric: string, role: MetricRole): void {
    const state = this.metrics.get(metric);
    if (state) {
      if (state.role === role) return;
      state.role = role;
      state.detectors = this.detectorsFor(metric, role);
    } else {
      this.metrics.set(metric, this.newState(metric, role));
    }
    this.lastName = null;
  }

  add(metric: string, step: number, value: number): void {
    let state: MetricState;
    if (metric === this.lastName) state = this.lastState!;
    else {
      state = this.metrics.get(metric) ?? this.register(metric);
      this.lastName = metric;
      this.lastState = state;
    }
    if (!(step > state.lastStep) || !Number.isFinite(step)) {
      state.rejected++;
      return;
    }
    state.lastStep = step;
    const detectors = state.detectors;
    for (let i = 0; i < detectors.length; i++) detectors[i].add(step, value);
  }

  drain(): Finding[] {
    if (this.changed.length === 0) return NOTHING;
    const out = new Array<Finding>(this.changed.length);
    for (let i = 0; i < this.changed.length; i++) {
      const t = this.changed[i];
      t.render(t.finding);
      t.pending = false;
      out[i] = t.finding;
    }
    this.changed = [];
    return out;
  }

  end(): Finding[] {
    for (const state of this.metrics.values()) for (const d of state.detectors) d.end?.();
    this.drain();
    return this.findings.slice();
  }

  get findings(): readonly Finding[] {
    for (const t of this.changed) t.render(t.finding);
    if (this.sorted === null) {
      this.sorted = this.all.map((t) => t.finding).sort((a, b) => a.step_start - b.step_start);
    }
    return this.sorted;
  }

  raise(tracked: TrackedFinding): void {
    this.all.push(tracked);
    this.sorted = null;
    this.touch(tracked);
  }

  touch(tracked: TrackedFinding): void {
    if (tracked.pending) return;
    tracked.pending = true;
    this.changed.push(tracked);
  }

  /** Points of `metric` that were dropped (bad or repeated steps); 0 for an unknown metric. */
  rejectedPoints(metric: string): number {
    return this.metrics.get(metric)?.rejected ?? 0;
  }

  private register(metric: string): MetricState {
    const state = this.newState(metric, metricRole(metric));
    this.metrics.set(metric, state);
    return state;
  }

  private newState(metric: string, role: MetricRole): MetricState {
    const state = new MetricState(metric, role);
    state.detectors = this.detectorsFor(metric, role);
    return state;
  }

  private detectorsFor(metric: string, role: MetricRole): MetricDetector[] {
    switch (role) {
      case 'loss': {
        const levels = new LossLevels(this.context.minimumLoss ?? 0, this.thresholds);
        const divergence = new DivergenceDetector(metric, levels, this);
        const diverging = (): boolean => divergence.active;
        const oscillation = new OscillationReport(metric, this, diverging);
        if (this.trainLoss === null) {
          this.trainLoss = levels;
          this.trainOscillation = oscillation;
        }
        return [
          new LevelsFeeder(levels),
          new NanDetector(metric, this, divergence),
          divergence,
          new LossOscillationDetector(levels, this, oscillation),
          new StallDetector(metric, levels, this, diverging),
          new SpikeDetector(metric, levels, this),
        ];
      }
      case 'val_loss':
        return [new NanDetector(metric, this, null), new OverfittingDetector(metric, this)];
      case 'grad_norm':
        return [new NanDetector(metric, this, null), new GradNormWatcher(this)];
      case 'lr':
        return [new LrWatcher(this)];
      case 'update_norm':
        return [new UpdateNormWatcher(this)];
      case 'update_cosine':
        return [new UpdateCosineDetector(this, () => this.trainOscillation, () => this.trainLoss)];
      default:
        return [];
    }
  }
}
