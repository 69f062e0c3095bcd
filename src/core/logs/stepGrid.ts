import type { MinMaxPyramid } from './minMaxPyramid';
import type { PointColumns } from './pointColumns';

/**
 * A whole-run min/max (M4) decimation on a fixed grid of step buckets: bucket k holds the points with
 * floor((step - origin) / width) = k, where origin is the run's first step and width a power of two, and keeps
 * the indices of its first, smallest, largest and last finite points (first on ties). Unlike decimate.ts, whose
 * buckets are cut from the range's last step (so every append moves every boundary), this grid only changes
 * when the run outgrows it: then pairs of buckets merge and the width doubles, which is exactly the grid of
 * the doubled width (floor(y / 2) = floor(floor(y) / 2)). That is what lets LiveDecimation keep it up to date
 * in O(new points) per append and still equal a fresh `fillStepGrid` of the same origin and width.
 *
 * Indices, not copies: a compaction or restart of the series moves points, and the grid must then be refilled.
 */

/** Smallest bucket width, in steps: only bounds the doubling from a single point (steps are usually integers). */
export const MIN_BUCKET_WIDTH = 2 ** -40;

export class StepGrid {
  /** The step bucket 0 starts at; NaN while the grid is empty. */
  origin = NaN;
  /** Bucket width in steps, a power of two. */
  width = MIN_BUCKET_WIDTH;
  /** Buckets [0, used) may hold points; the others are empty. */
  used = 0;
  /** Point indices per bucket, -1 in `first` for a bucket with no finite point. */
  readonly first: Int32Array;
  readonly min: Int32Array;
  readonly max: Int32Array;
  readonly last: Int32Array;
  /** The values at `min` and `max`, kept so folding a point reads no column. */
  readonly minValue: Float64Array;
  readonly maxValue: Float64Array;

  constructor(readonly buckets: number) {
    if (!(Number.isInteger(buckets) && buckets >= 2)) throw new RangeError(`buckets must be an integer >= 2 (got ${buckets})`);
    this.first = new Int32Array(buckets).fill(-1);
    this.min = new Int32Array(buckets);
    this.max = new Int32Array(buckets);
    this.last = new Int32Array(buckets);
    this.minValue = new Float64Array(buckets);
    this.maxValue = new Float64Array(buckets);
  }

  bucketOf(step: number): number {
    return Math.floor((step - this.origin) / this.width);
  }

  /** Empties every bucket (origin and width are left to the caller). */
  clear(): void {
    this.first.fill(-1, 0, this.used);
    this.used = 0;
  }

  /** Starts the grid at `origin` with the narrowest width that holds steps up to `lastStep`. */
  reset(origin: number, lastStep: number): void {
    this.clear();
    this.origin = origin;
    let width = MIN_BUCKET_WIDTH;
    while (!(lastStep - origin < this.buckets * width)) width *= 2;
    this.width = width;
  }

  /** Buckets (2j, 2j + 1) become bucket j and the width doubles (ties keep the earlier bucket's point). */
  mergePairs(): void {
    const half = Math.ceil(this.used / 2);
    for (let j = 0; j < half; j++) {
      const a = 2 * j;
      const b = a + 1;
      const aEmpty = this.first[a] < 0;
      const bEmpty = b >= this.used || this.first[b] < 0;
      if (aEmpty && bEmpty) {
        this.first[j] = -1;
        continue;
      }
      const from = aEmpty ? b : a;
      this.first[j] = this.first[from];
      this.min[j] = this.min[from];
      this.minValue[j] = this.minValue[from];
      this.max[j] = this.max[from];
      this.maxValue[j] = this.maxValue[from];
      this.last[j] = this.last[from];
      if (!aEmpty && !bEmpty) {
        if (this.minValue[b] < this.minValue[j]) {
          this.min[j] = this.min[b];
          this.minValue[j] = this.minValue[b];
        }
        if (this.maxValue[b] > this.maxValue[j]) {
          this.max[j] = this.max[b];
          this.maxValue[j] = this.maxValue[b];
        }
        this.last[j] = this.last[b];
      }
    }
    this.first.fill(-1, half, this.used);
    this.used = half;
    this.width *= 2;
  }

  /** Folds point i (the newest so far; its step lies on the grid) into its bucket. */
  fold(bucket: number, i: number, value: number): void {
    if (bucket >= this.used) this.used = bucket + 1;
    if (value - value !== 0) return;
    if (this.first[bucket] < 0) {
      this.first[bucket] = this.min[bucket] = this.max[bucket] = this.last[bucket] = i;
      this.minValue[bucket] = this.maxValue[bucket] = value;
      return;
    }
    if (value < this.minValue[bucket]) {
      this.min[bucket] = i;
      this.minValue[bucket] = value;
    }
    if (value > this.maxValue[bucket]) {
      this.max[bucket] = i;
      this.maxValue[bucket] = value;
    }
    this.last[bucket] = i;
  }
}

/**
 * Fills `grid` (its origin and width as set) from points [0, n) afresh: per bucket two gallops over the steps
 * and one pyramid query, O(buckets * log(points)). Throws when a point lies past the grid's last bucket.
 */
export function fillStepGrid(cols: PointColumns, pyramid: MinMaxPyramid, grid: StepGrid, n: number): void {
  grid.clear();
  let start = 0;
  while (start < n) {
    const k = grid.bucketOf(cols.step(start));
    if (!(k >= 0 && k < grid.buckets)) throw new RangeError(`step ${cols.step(start)} lies off the grid (bucket ${k} of ${grid.buckets})`);
    const end = bucketEnd(cols, grid, k, start, n);
    grid.used = k + 1;
    const first = pyramid.firstFinite(start, end);
    if (first >= 0) {
      pyramid.extremes(start, end);
      grid.first[k] = first;
      grid.min[k] = pyramid.minAt;
      grid.minValue[k] = cols.value(pyramid.minAt);
      grid.max[k] = pyramid.maxAt;
      grid.maxValue[k] = cols.value(pyramid.maxAt);
      grid.last[k] = pyramid.lastFinite(start, end);
    }
    start = end;
  }
}

/** The first index in (start, n] whose step lies past bucket k: gallops from start, then bisects. */
function bucketEnd(cols: PointColumns, grid: StepGrid, k: number, start: number, n: number): number {
  let lo = start + 1;
  let d = 1;
  let hi = lo;
  while (hi < n && grid.bucketOf(cols.step(hi)) <= k) {
    lo = hi + 1;
    hi = lo + d;
    d *= 2;
  }
  hi = Math.min(hi, n);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid.bucketOf(cols.step(mid)) <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
