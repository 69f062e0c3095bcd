/**
 * A live series' whole-run chart line, kept up to date as points arrive instead of decimated again at every
 * snapshot. Series.decimate costs O(pixels * log(points)) per call (~2 ms for a 1M-point series at 600 px on
 * the project machine, so ~20-30 ms per 10 Hz tick for 10 series, bench/dashboardFrame.ts); this folds only the
 * points appended since the last read into the last buckets of a StepGrid (stepGrid.ts) and writes again only
 * the output of the buckets they changed, merges bucket pairs
 * when the run outgrows the grid (the width doubles: O(buckets), a few dozen times over a run's life), and
 * refills the grid from the series' pyramid only when the series' points moved (compaction, restart purge).
 * The result equals a fresh fillStepGrid of the same origin and width at every read (test/core/logs/
 * liveDecimation.test.ts), so every spike stays.
 *
 * Resolution: the grid has `pixels * bucketsPerPixel` buckets and the run fills between half of them and all
 * of them. With the default 1 per pixel a bucket is 1 to 2 pixels wide and a read returns 2 to 4 points per
 * pixel for a dense run (decimate: up to 4): every spike is kept at its real step, and a point is drawn at most
 * one bucket (2 px) from where a line through every point would pass. 2 per pixel gives M4's guarantee (buckets
 * at most one pixel wide: the same pixels as drawing every point) for ~1.6x the points, which cost the page
 * about twice the chart script per live frame in bench/dashboardFrame.ts (bench/README.md).
 */
import { sortFour } from './decimate';
import type { SeriesStore } from './seriesStore';
import type { Series } from './series';
import { StepGrid } from './stepGrid';

/** Grid buckets per chart pixel: 1 keeps about as many points as decimate; 2 keeps buckets within a pixel (see above). */
export const DEFAULT_BUCKETS_PER_PIXEL = 1;

/** What a live read returns: the kept points in step order and their indices in the series. */
export interface LiveLine {
  step: Float64Array;
  value: Float64Array;
  /** Index of each kept point in the series (for its wall time). */
  index: Int32Array;
  length: number;
  /** True when these are every finite point of the run (no bucket held more than it kept, nothing compacted). */
  exact: boolean;
}

export class LiveDecimation {
  readonly grid: StepGrid;
  private fed = 0;
  private shape = -1;
  private readonly line: LiveLine;
  /** Output offset of each bucket's first point, for the buckets [0, emittedBuckets) of the last read. */
  private readonly startOf: Int32Array;
  private emittedBuckets = 0;
  /** The first bucket changed since the last read (Infinity: none). */
  private dirtyFrom = 0;
  private readonly picks = [0, 0, 0, 0];

  constructor(readonly pixels: number, readonly bucketsPerPixel = DEFAULT_BUCKETS_PER_PIXEL) {
    const width = Number.isFinite(pixels) && pixels >= 1 ? Math.floor(pixels) : 1;
    if (!(Number.isInteger(bucketsPerPixel) && bucketsPerPixel >= 1)) throw new RangeError(`bucketsPerPixel must be an integer >= 1 (got ${bucketsPerPixel})`);
    this.grid = new StepGrid(Math.max(2, width * bucketsPerPixel));
    const room = 4 * this.grid.buckets;
    this.line = { step: new Float64Array(room), value: new Float64Array(room), index: new Int32Array(room), length: 0, exact: true };
    this.startOf = new Int32Array(this.grid.buckets);
  }

  /** Brings the grid up to date with `series`: the new points only, or a refill when its points moved. */
  sync(series: Series): void {
    const n = series.length;
    const grid = this.grid;
    if (series.reshapes !== this.shape || n < this.fed) {
      this.shape = series.reshapes;
      this.fed = n;
      this.dirtyFrom = 0;
      if (n === 0) {
        grid.clear();
        grid.origin = NaN;
        return;
      }
      grid.reset(series.step(0), series.lastStep);
      series.fillGrid(grid);
      return;
    }
    for (let i = this.fed; i < n; i++) {
      const step = series.step(i);
      if (grid.origin !== grid.origin) grid.reset(step, step);
      let b = grid.bucketOf(step);
      while (b >= grid.buckets) {
        grid.mergePairs();
        this.dirtyFrom = 0;
        b = grid.bucketOf(step);
      }
      if (b < this.dirtyFrom) this.dirtyFrom = b;
      grid.fold(b, i, series.value(i));
    }
    this.fed = n;
  }

  /**
   * The kept points of every bucket in step order, each once (columns owned by this object, reused per read).
   * Only buckets changed since the last read are written again: after a fold, the last one or two.
   */
  read(series: Series): LiveLine {
    const grid = this.grid;
    const out = this.line;
    const picks = this.picks;
    const begin = Math.min(this.dirtyFrom, this.emittedBuckets);
    let m = begin < this.emittedBuckets ? this.startOf[begin] : out.length;
    for (let b = begin; b < grid.used; b++) {
      this.startOf[b] = m;
      if (grid.first[b] < 0) continue;
      picks[0] = grid.first[b];
      picks[1] = grid.min[b];
      picks[2] = grid.max[b];
      picks[3] = grid.last[b];
      sortFour(picks);
      for (let p = 0; p < 4; p++) {
        const i = picks[p];
        if (p > 0 && i === picks[p - 1]) continue;
        out.step[m] = series.step(i);
        out.value[m] = series.value(i);
        out.index[m++] = i;
      }
    }
    out.length = m;
    out.exact = !series.compacted && m === series.length - series.nonFiniteCount;
    this.emittedBuckets = grid.used;
    this.dirtyFrom = Infinity;
    return out;
  }
}

/**
 * The live lines of one run's shown tags (the log worker keeps one per run): built on first request, brought
 * up to date on each, dropped when their tag is no longer shown or the chart width changes.
 */
export class LiveDecimations {
  private readonly lines = new Map<string, LiveDecimation>();

  constructor(private readonly store: SeriesStore, private readonly bucketsPerPixel = DEFAULT_BUCKETS_PER_PIXEL) {}

  /** `tag`'s whole-run line for a chart `pixels` wide, or undefined for an unknown tag. */
  line(tag: string, pixels: number): LiveLine | undefined {
    const series = this.store.get(tag);
    if (!series) return undefined;
    let live = this.lines.get(tag);
    if (!live || live.pixels !== pixels) {
      live = new LiveDecimation(pixels, this.bucketsPerPixel);
      this.lines.set(tag, live);
    }
    live.sync(series);
    return live.read(series);
  }

  /** Drops the lines of tags not in `tags`. */
  retain(tags: Iterable<string>): void {
    const keep = new Set(tags);
    for (const tag of [...this.lines.keys()]) if (!keep.has(tag)) this.lines.delete(tag);
  }
}
