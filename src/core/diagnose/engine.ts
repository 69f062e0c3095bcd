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
  detector: MetricDetector = IGNORE;
  /**
   * The same detector when it is a training loss's pipeline (else null): add() calls it through this typed field,
   * a call site that only ever sees LossPipeline and that the JIT inlines, instead of through `detector`, which
   * sees every metric's class.
   */
  loss: LossPipeline | null = null;
  constructor(readonly name: string, public role: MetricRole) {}

  setDetector(detector: MetricDetector): void {
    this.detector = detector;
    this.loss = detector instanceof LossPipeline ? detector : null;
  }
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

/**
 * The last gradient norm, and every gradNormSample-th one into the streaming 90th percentile (thresholds.ts says
 * why that cadence): the P-square update is the dearest thing done per gradient-norm point.
 */
class GradNormWatcher implements MetricDetector {
  private sinceSample = 0;
  private readonly every: number;
  constructor(private readonly shared: SharedRunState) {
    this.every = shared.thresholds.gradNormSample;
  }
  add(_step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    // Counted down without an integer division; the first point is sampled, as are the first 20 (a short run's
    // percentile needs every point it has).
    if (this.sinceSample === 0 || this.shared.gradNormP90.size < 20) this.shared.gradNormP90.add(value);
    if (++this.sinceSample >= this.every) this.sinceSample = 0;
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

/**
 * Every detector of a training loss, called by name: one monomorphic call each, where a loop over an array of
 * detector objects would go through a megamorphic call site on every point.
 */
class LossPipeline implements MetricDetector {
  constructor(
    private readonly levels: LossLevels,
    private readonly nan: NanDetector,
    private readonly divergence: DivergenceDetector,
    private readonly oscillation: LossOscillationDetector,
    private readonly stall: StallDetector,
    private readonly spike: SpikeDetector,
  ) {}

  /** Whether the stall detector has not seen a point yet (see add). */
  private stallFirst = true;

  add(step: number, value: number): void {
    const levels = this.levels;
    levels.push(step, value);
    this.nan.add(step, value);
    this.divergence.add(step, value);
    this.oscillation.add(step, value);
    // The stall detector notes the first step, then acts only on a fresh level: called for those points alone, its
    // large add() stays out of this per-point path (the JIT's inlining budget goes to the small ones).
    if (levels.fresh || this.stallFirst) {
      this.stallFirst = false;
      this.stall.add(step, value);
    }
    this.spike.add(step, value);
  }
}

/** Two detectors on one metric (validation loss, gradient norm). */
class Pair implements MetricDetector {
  constructor(private readonly first: MetricDetector, private readonly second: MetricDetector) {}
  add(step: number, value: number): void {
    this.first.add(step, value);
    this.second.add(step, value);
  }
  end(): void {
    this.first.end?.();
    this.second.end?.();
  }
}

/** A metric no detector reads. */
const IGNORE: MetricDetector = { add: () => undefined };

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
  /** A few recently used metrics, checked before the map: a loop logs the same handful of names in turn. */
  /**
   * Filled with the empty name (registered like any metric in the constructor) rather than null: every slot then
   * holds a string, so the comparisons in add() stay string comparisons for the JIT, not generic ones.
   */
  private readonly recentNames: string[] = ['', '', '', ''];
  private readonly recentStates: MetricState[];
  private recentNext = 0;
  private readonly all: TrackedFinding[] = [];
  private changed: TrackedFinding[] = [];
  private sorted: Finding[] | null = null;

  constructor(context?: RunContext, thresholds?: Partial<DiagnoseThresholds>) {
    this.context = context ?? {};
    this.thresholds = resolveThresholds(thresholds);
    const empty = this.register('');
    this.recentStates = [empty, empty, empty, empty];
  }

  setRole(metric: string, role: MetricRole): void {
    const state = this.metrics.get(metric);
    if (state) {
      if (state.role === role) return;
      state.role = role;
      state.setDetector(this.detectorFor(metric, role));
    } else {
      this.metrics.set(metric, this.newState(metric, role));
    }
  }

  /** The per-point path, kept small (the miss and the rejection are methods) so the JIT inlines the detectors. */
  add(metric: string, step: number, value: number): void {
    const names = this.recentNames;
    let state: MetricState;
    if (metric === names[0]) state = this.recentStates[0];
    else if (metric === names[1]) state = this.recentStates[1];
    else if (metric === names[2]) state = this.recentStates[2];
    else if (metric === names[3]) state = this.recentStates[3];
    else state = this.lookUp(metric);
    if (!(step > state.lastStep) || !Number.isFinite(step)) {
      state.rejected++;
      return;
    }
    state.lastStep = step;
    const loss = state.loss;
    if (loss !== null) loss.add(step, value);
    else state.detector.add(step, value);
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
    for (const state of this.metrics.values()) state.detector.end?.();
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

  /** A metric not among the recent ones: from the map (or registered), and made recent. */
  private lookUp(metric: string): MetricState {
    const state = this.metrics.get(metric) ?? this.register(metric);
    const slot = this.recentNext;
    this.recentNext = (slot + 1) & 3;
    this.recentNames[slot] = metric;
    this.recentStates[slot] = state;
    return state;
  }

  private register(metric: string): MetricState {
    const state = this.newState(metric, metricRole(metric));
    this.metrics.set(metric, state);
    return state;
  }

  private newState(metric: string, role: MetricRole): MetricState {
    const state = new MetricState(metric, role);
    state.setDetector(this.detectorFor(metric, role));
    return state;
  }

  private detectorFor(metric: string, role: MetricRole): MetricDetector {
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
        return new LossPipeline(
          levels,
          new NanDetector(metric, this, divergence),
          divergence,
          new LossOscillationDetector(levels, this, oscillation),
          new StallDetector(metric, levels, this, diverging),
          new SpikeDetector(metric, levels, this),
        );
      }
      case 'val_loss':
        return new Pair(new NanDetector(metric, this, null), new OverfittingDetector(metric, this));
      case 'grad_norm':
        return new Pair(new NanDetector(metric, this, null), new GradNormWatcher(this));
      case 'lr':
        return new LrWatcher(this);
      case 'update_norm':
        return new UpdateNormWatcher(this);
      case 'update_cosine':
        return new UpdateCosineDetector(this, () => this.trainOscillation, () => this.trainLoss);
      default:
        return IGNORE;
    }
  }
}
