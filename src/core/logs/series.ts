import { decimateSeries, type Decimated, listNonFinite } from './decimate';
import { isFiniteNumber, MinMaxPyramid } from './minMaxPyramid';
import { type ChunkPool, PointColumns } from './pointColumns';
import { fillStepGrid, type StepGrid } from './stepGrid';

/** Points per compaction block: each becomes its min and max point (and its first non-finite point, if any). */
export const COMPACTION_BLOCK = 64;

/**
 * One tag's points in step order (steps never decrease: a step going back purges, see SeriesStore), read
 * through accessors over typed-array columns. Written only by its SeriesStore.
 */
export class Series {
  private readonly cols: PointColumns;
  private readonly pyramid: MinMaxPyramid;
  /** Wall times are stored relative to the first one seen (Float32 columns), NaN until one is seen. */
  private wallBase = NaN;
  /** Indices of the non-finite points, ascending. */
  private nonFiniteAt = new Int32Array(8);
  private nonFiniteLength = 0;
  /** Points [0, compactedLength) are what compaction kept of older data. */
  private compactedLength = 0;
  private changes = 0;
  /** Bumps when points move or go (compaction, restart purge): index-based views must then be rebuilt. */
  private reshaped = 0;
  /** The last point's step, kept as a field: the store compares every new step with it. */
  private last = NaN;

  constructor(readonly tag: string, private readonly exactWallTime: boolean, pool?: ChunkPool) {
    this.cols = new PointColumns(exactWallTime, pool);
    this.pyramid = new MinMaxPyramid(this.cols);
  }

  get length(): number {
    return this.cols.length;
  }

  step(i: number): number {
    return this.cols.step(i);
  }

  value(i: number): number {
    return this.cols.value(i);
  }

  /** Seconds since the epoch, NaN where the format records none. */
  wallTime(i: number): number {
    const stored = this.cols.wall(i);
    return this.exactWallTime ? stored : stored + this.wallBase;
  }

  /** NaN when empty. */
  get lastStep(): number {
    return this.last;
  }

  /** NaN when empty (and NaN when the last value logged was NaN). */
  get lastValue(): number {
    const n = this.cols.length;
    return n === 0 ? NaN : this.cols.value(n - 1);
  }

  /** Non-finite points held (compaction keeps only the first of each block). */
  get nonFiniteCount(): number {
    return this.nonFiniteLength;
  }

  get firstNonFiniteStep(): number | null {
    return this.nonFiniteLength === 0 ? null : this.cols.step(this.nonFiniteAt[0]);
  }

  /** True when older data was reduced to its extremes to stay within the store's point budget. */
  get compacted(): boolean {
    return this.compactedLength > 0;
  }

  /** Bumps on every change of this series. */
  get version(): number {
    return this.changes;
  }

  /** Bumps when points already held move or are dropped (compaction, a restart's purge); appends leave it. */
  get reshapes(): number {
    return this.reshaped;
  }

  get byteSize(): number {
    return this.cols.byteSize + this.pyramid.byteSize + this.nonFiniteAt.byteLength;
  }

  /** Copies of the columns (wall time NaN = none). */
  columns(): { step: Float64Array; wallTime: Float64Array; value: Float64Array } {
    const n = this.cols.length;
    const step = new Float64Array(n);
    const wallTime = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      step[i] = this.cols.step(i);
      wallTime[i] = this.wallTime(i);
      value[i] = this.cols.value(i);
    }
    return { step, wallTime, value };
  }

  /**
   * The points to draw steps [fromStep, toStep] (inclusive; +-Infinity for "all") `pixels` wide: see
   * decimate.ts. Costs O(pixels * log(points)), whatever the number of points in range.
   */
  decimate(fromStep: number, toStep: number, pixels: number): Decimated {
    return decimateSeries(this.cols, this.pyramid, this.nonFiniteAt, this.nonFiniteLength, this.compactedLength, fromStep, toStep, pixels);
  }

  /** Fills `grid` (origin and width as set) from every point afresh: see stepGrid.ts. O(buckets * log(points)). */
  fillGrid(grid: StepGrid): void {
    fillStepGrid(this.cols, this.pyramid, grid, this.cols.length);
  }

  /** The whole run's non-finite points (at most MAX_NON_FINITE_LISTED, evenly spread) and how many there are. */
  nonFinitePoints(): { list: { step: number; value: number }[]; total: number } {
    return listNonFinite(this.cols, this.nonFiniteAt, this.nonFiniteLength, 0, this.cols.length);
  }

  /** @internal (SeriesStore) Appends a point whose step is >= lastStep. */
  append(step: number, wallTime: number | null, value: number): void {
    let wall = NaN;
    if (wallTime !== null) {
      if (this.exactWallTime) wall = wallTime;
      else {
        if (Number.isNaN(this.wallBase)) this.wallBase = wallTime;
        wall = wallTime - this.wallBase;
      }
    }
    const i = this.cols.length;
    this.cols.push(step, wall, value);
    this.last = step;
    this.pyramid.append(i);
    if (!isFiniteNumber(value)) this.noteNonFinite(i);
    this.changes++;
  }

  /** @internal (SeriesStore) Drops every point with step >= `step`; returns how many. */
  purgeFrom(step: number): number {
    const n = this.cols.length;
    const keep = this.cols.lowerBound(step, 0, n);
    if (keep === n) return 0;
    this.cols.truncate(keep);
    this.last = keep === 0 ? NaN : this.cols.step(keep - 1);
    this.pyramid.truncate(keep);
    while (this.nonFiniteLength > 0 && this.nonFiniteAt[this.nonFiniteLength - 1] >= keep) this.nonFiniteLength--;
    this.compactedLength = Math.min(this.compactedLength, keep);
    this.changes++;
    this.reshaped++;
    return n - keep;
  }

  /**
   * @internal (SeriesStore) Reduces the oldest half of the points, block by block, to each block's min and max
   * points (at their real steps and wall times, in step order) plus its first non-finite point. Already compacted
   * points may be compacted again: older data gets coarser, but the extremes of every block survive each round.
   * Works in place (points only move down). Returns how many points were freed.
   */
  compactOldest(): number {
    const n = this.cols.length;
    const end = Math.floor(n / 2 / COMPACTION_BLOCK) * COMPACTION_BLOCK;
    if (end === 0) return 0;
    const cols = this.cols;
    let w = 0;
    for (let start = 0; start < end; start += COMPACTION_BLOCK) {
      let minAt = -1;
      let maxAt = -1;
      let nonFiniteAt = -1;
      for (let i = start; i < start + COMPACTION_BLOCK; i++) {
        const v = cols.value(i);
        if (!isFiniteNumber(v)) {
          if (nonFiniteAt < 0) nonFiniteAt = i;
          continue;
        }
        if (minAt < 0 || v < cols.value(minAt)) minAt = i;
        if (maxAt < 0 || v > cols.value(maxAt)) maxAt = i;
      }
      // Keep them in index (= step) order, each once: repeatedly take the smallest index not yet written.
      let written = -1;
      for (;;) {
        const next = smallestAbove(written, minAt, maxAt, nonFiniteAt);
        if (next < 0) break;
        cols.set(w++, cols.step(next), cols.wall(next), cols.value(next));
        written = next;
      }
    }
    for (let i = end; i < n; i++) cols.set(w++, cols.step(i), cols.wall(i), cols.value(i));
    cols.truncate(w);
    this.pyramid.rebuild();
    this.nonFiniteLength = 0;
    for (let i = 0; i < w; i++) if (!isFiniteNumber(cols.value(i))) this.noteNonFinite(i);
    this.compactedLength = w - (n - end);
    this.changes++;
    this.reshaped++;
    return n - w;
  }

  private noteNonFinite(i: number): void {
    if (this.nonFiniteLength === this.nonFiniteAt.length) {
      const grown = new Int32Array(this.nonFiniteAt.length * 2);
      grown.set(this.nonFiniteAt);
      this.nonFiniteAt = grown;
    }
    this.nonFiniteAt[this.nonFiniteLength++] = i;
  }
}

/** The smallest of a, b, c that is > floor (-1 when none): picks the kept points of a block in order. */
function smallestAbove(floor: number, a: number, b: number, c: number): number {
  let best = -1;
  if (a > floor) best = a;
  if (b > floor && (best < 0 || b < best)) best = b;
  if (c > floor && (best < 0 || c < best)) best = c;
  return best;
}
