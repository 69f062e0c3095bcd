/**
 * Live diagnosis of a watched run: a ScalarSink that tees every point a reader delivers into the run's series
 * store and into one streaming Diagnoser (src/core/diagnose), O(1) per point. Only tags with a role the engine
 * uses are fed (the engine's metricRole: losses, validation losses, gradient norms, learning rates, update
 * statistics); accuracy, epoch or throughput tags are not fed at all.
 *
 * Restarts. A run resumed from a checkpoint logs steps again from an earlier step; the store then purges the
 * points at and after that step (TensorBoard's rule) and the run *is* what remains. The diagnoser cannot
 * unlearn points, so on a restart it is thrown away and a fresh one is fed the store's points again, merged
 * in step order across tags — once per chunk of input (`settle`), not once per restart, so a file that
 * restarts on every line costs O(points) per chunk and not O(points^2). Findings about the purged steps
 * disappear with them, as the purged points disappear from the chart. (Starting fresh on the new points only
 * would forget the history the resumed run continues, e.g. the best loss divergence is measured from.)
 * A store that compacted old points (over its point budget) re-feeds the min/max points it kept.
 */
import { metricRole } from '../diagnose/roles';
import type { Diagnoser, Finding, MetricRole } from '../diagnose/types';
import type { ScalarSink } from './types';

/** The parts of a SeriesStore this reads and writes (SeriesStore satisfies it). */
export interface DiagnosedStore extends ScalarSink {
  readonly tags: readonly string[];
  get(tag: string): { readonly length: number; readonly lastStep: number; step(i: number): number; value(i: number): number } | undefined;
}

/** A fresh engine for a run (the worker binds the user's settings into it). */
export type DiagnoserFactory = () => Diagnoser;

export class RunDiagnosis implements ScalarSink {
  private diagnoser: Diagnoser;
  /** Role per tag seen (null: not fed); cleared with each fresh diagnoser. */
  private roles = new Map<string, MetricRole | null>();
  /** A restart happened since the last settle: the diagnoser is stale until it is fed again. */
  private stale = false;
  /** Times the diagnoser was rebuilt from the store (restarts). */
  rebuilds = 0;

  constructor(
    private readonly store: DiagnosedStore,
    private readonly factory: DiagnoserFactory,
  ) {
    this.diagnoser = factory();
  }

  add(tag: string, step: number, wallTime: number | null, value: number): void {
    const series = this.store.get(tag);
    // lastStep is NaN for an empty series: the comparison is false, as it should be.
    const restart = series !== undefined && step < series.lastStep;
    this.store.add(tag, step, wallTime, value);
    if (this.stale) return;
    if (restart) {
      this.stale = true;
      return;
    }
    // The store drops points whose step is not a number; so does the diagnosis.
    if (step - step !== 0) return;
    let role = this.roles.get(tag);
    if (role === undefined) role = this.declare(tag);
    if (role !== null) this.diagnoser.add(tag, step, value);
  }

  /**
   * Called after each chunk of input: rebuilds a stale diagnoser from the store, and empties the engine's
   * list of changed findings (the views read `findings`; nothing must pile up in `drain`'s list).
   */
  settle(): void {
    if (this.stale) this.rebuild();
    this.diagnoser.drain();
  }

  /** Settles the engine's pending windows (a report on a log read whole); points may still follow. */
  report(): readonly Finding[] {
    this.settle();
    return this.diagnoser.end();
  }

  /** Every finding so far, in order of step_start. */
  get findings(): readonly Finding[] {
    return this.diagnoser.findings;
  }

  /** A fresh diagnoser fed every point of the store again (after a restart, or when the settings changed). */
  rebuild(): void {
    this.stale = false;
    this.rebuilds++;
    this.diagnoser = this.factory();
    this.roles = new Map();
    const fed: { tag: string; series: NonNullable<ReturnType<DiagnosedStore['get']>>; next: number }[] = [];
    for (const tag of this.store.tags) {
      const series = this.store.get(tag);
      if (series && series.length > 0 && this.declare(tag) !== null) fed.push({ tag, series, next: 0 });
    }
    // Merged by step (ties in tag order), the order a logger wrote them in: cross-metric detectors
    // (overfitting: validation against training loss) see the metrics interleave as they did live.
    for (;;) {
      let pick = -1;
      let pickStep = Infinity;
      for (let k = 0; k < fed.length; k++) {
        const f = fed[k];
        if (f.next < f.series.length) {
          const s = f.series.step(f.next);
          if (s < pickStep || pick < 0) {
            pick = k;
            pickStep = s;
          }
        }
      }
      if (pick < 0) break;
      const f = fed[pick];
      this.diagnoser.add(f.tag, pickStep, f.series.value(f.next));
      f.next++;
    }
  }

  private declare(tag: string): MetricRole | null {
    const named = metricRole(tag);
    const role = named === 'other' ? null : named;
    this.roles.set(tag, role);
    if (role !== null) this.diagnoser.setRole(tag, role);
    return role;
  }
}
