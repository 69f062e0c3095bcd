/**
 * The streaming diagnosis engine: routes each point to its metric's detectors (chosen by the metric's role),
 * keeps the findings, and hands out what changed. Per point: one map lookup (skipped when the metric repeats),
 * a step check, and the detectors' O(1) updates; nothing is allocated.
 */
import { DivergenceDetector } from './detectors/divergence';
import type { MetricDetector } from './detectors/detector';
import { NanDetector } from './detectors/nan';
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

/** Watches one learning-rate metric for the shared first/last/max lr. */
class LrWatcher implements MetricDetector {
  constructor(private readonly shared: SharedRunState) {}
  add(_step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const s = this.shared;
    if (Number.isNaN(s.lrFirst)) s.lrFirst = value;
    s.lrLast = value;
    if (!(value <= s.lrMax)) s.lrMax = value;
  }
}

class GradNormWatcher implements MetricDetector {
  constructor(private readonly shared: SharedRunState) {}
  add(_step: number, value: number): void {
    this.shared.gradNormP90.add(value);
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
  trainLoss: LossLevels | null = null;

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
        if (this.trainLoss === null) this.trainLoss = levels;
        const divergence = new DivergenceDetector(metric, levels, this);
        return [new LevelsFeeder(levels), new NanDetector(metric, this, divergence), divergence];
      }
      case 'val_loss':
        return [new NanDetector(metric, this, null)];
      case 'grad_norm':
        return [new NanDetector(metric, this, null), new GradNormWatcher(this)];
      case 'lr':
        return [new LrWatcher(this)];
      default:
        return [];
    }
  }
}
