import type { MinMaxPyramid } from './minMaxPyramid';
import type { PointColumns } from './pointColumns';

/** At most this many non-finite points are listed per decimate call (evenly spread over those in range). */
export const MAX_NON_FINITE_LISTED = 1000;

/** What a chart draws for a step range: finite points in step order, plus the non-finite ones to mark. */
export interface Decimated {
  step: Float64Array;
  value: Float64Array;
  /** Non-finite points in range (NaN, +-Infinity), at most MAX_NON_FINITE_LISTED, in step order. */
  nonFinite: { step: number; value: number }[];
  /** How many non-finite points the range holds (may exceed nonFinite.length). */
  nonFiniteInRange: number;
  /** True when `step`/`value` are every finite point in range, not a selection. */
  exact: boolean;
}

/**
 * M4 decimation (Jugel et al., "M4: a visualization-oriented time series data aggregation", VLDB 2014): the range
 * is cut into `pixels` buckets of equal step width and each bucket keeps its first, min, max and last finite
 * points, so a line drawn through the result covers the same pixels as one drawn through every point, and every
 * spike survives. Bucket k (0-based) holds the points with step >= lo + (hi - lo) * k / pixels (for k >= 1) and
 * < the next bucket's bound, where lo/hi are the first/last steps in range. Min and max are the first point
 * holding that value. Each bucket costs two binary searches and one pyramid query: O(pixels * log(points)).
 * When the range holds at most 4 * pixels points, all its finite points are returned (exact unless some are
 * compaction leftovers). Non-finite values are never drawn; they are listed apart.
 */
export function decimateSeries(
  cols: PointColumns,
  pyramid: MinMaxPyramid,
  nonFiniteAt: Int32Array,
  nonFiniteLength: number,
  compactedLength: number,
  fromStep: number,
  toStep: number,
  pixels: number,
): Decimated {
  const width = Number.isFinite(pixels) && pixels >= 1 ? Math.floor(pixels) : 1;
  const n = cols.length;
  const a = Number.isNaN(fromStep) ? n : cols.lowerBound(fromStep, 0, n);
  const b = Number.isNaN(toStep) ? a : Math.max(a, cols.upperBound(toStep, a, n));
  const nonFinite = listNonFinite(cols, nonFiniteAt, nonFiniteLength, a, b);
  const count = b - a;
  if (count <= 4 * width) {
    const step = new Float64Array(count);
    const value = new Float64Array(count);
    let m = 0;
    for (let i = a; i < b; i++) {
      const v = cols.value(i);
      if (v - v !== 0) continue;
      step[m] = cols.step(i);
      value[m++] = v;
    }
    return { step: step.slice(0, m), value: value.slice(0, m), nonFinite: nonFinite.list, nonFiniteInRange: nonFinite.total, exact: a >= compactedLength };
  }
  const lo = cols.step(a);
  const hi = cols.step(b - 1);
  const step = new Float64Array(4 * width);
  const value = new Float64Array(4 * width);
  const picks = [0, 0, 0, 0];
  let m = 0;
  let start = a;
  for (let k = 0; k < width; k++) {
    const end = k === width - 1 || hi === lo ? b : lowerBoundNear(cols, lo + ((hi - lo) * (k + 1)) / width, start, b);
    if (end > start) {
      const first = pyramid.firstFinite(start, end);
      if (first >= 0) {
        pyramid.extremes(start, end);
        picks[0] = first;
        picks[1] = pyramid.minAt;
        picks[2] = pyramid.maxAt;
        picks[3] = pyramid.lastFinite(start, end);
        sortFour(picks);
        for (let p = 0; p < 4; p++) {
          const i = picks[p];
          if (p > 0 && i === picks[p - 1]) continue;
          step[m] = cols.step(i);
          value[m++] = cols.value(i);
        }
      }
    }
    start = end;
    if (end === b) break;
  }
  return { step: step.slice(0, m), value: value.slice(0, m), nonFinite: nonFinite.list, nonFiniteInRange: nonFinite.total, exact: false };
}

/**
 * cols.lowerBound(target, start, b), found from a guess interpolated between the steps at start and b - 1 and
 * then galloping: logged steps are usually evenly spaced, so this takes a few reads instead of log2(points).
 */
function lowerBoundNear(cols: PointColumns, target: number, start: number, b: number): number {
  const s0 = cols.step(start);
  const s1 = cols.step(b - 1);
  if (target <= s0) return start;
  if (target > s1) return b;
  const guess = start + Math.floor(((target - s0) / (s1 - s0)) * (b - 1 - start));
  let lo: number;
  let hi: number;
  if (cols.step(guess) < target) {
    lo = guess + 1;
    let d = 1;
    hi = lo + d;
    while (hi < b && cols.step(hi) < target) {
      lo = hi + 1;
      d *= 2;
      hi = lo + d;
    }
    hi = Math.min(hi, b);
  } else {
    hi = guess;
    let d = 1;
    lo = hi - d;
    while (lo > start && cols.step(lo) >= target) {
      hi = lo;
      d *= 2;
      lo = hi - d;
    }
    lo = Math.max(lo, start);
  }
  return cols.lowerBound(target, lo, hi);
}

/** Sorts four indices in place (insertion sort: the picks of one bucket, so its points keep their order). */
export function sortFour(x: number[]): void {
  for (let i = 1; i < 4; i++) {
    const v = x[i];
    let j = i - 1;
    while (j >= 0 && x[j] > v) {
      x[j + 1] = x[j];
      j--;
    }
    x[j + 1] = v;
  }
}

/** The non-finite points among [a, b) (at most MAX_NON_FINITE_LISTED, evenly spread) and how many there are. */
export function listNonFinite(
  cols: PointColumns,
  nonFiniteAt: Int32Array,
  length: number,
  a: number,
  b: number,
): { list: { step: number; value: number }[]; total: number } {
  const first = lowerBoundInt(nonFiniteAt, length, a);
  const last = lowerBoundInt(nonFiniteAt, length, b);
  const total = last - first;
  const list: { step: number; value: number }[] = [];
  const stride = total <= MAX_NON_FINITE_LISTED ? 1 : total / MAX_NON_FINITE_LISTED;
  for (let k = 0; k < Math.min(total, MAX_NON_FINITE_LISTED); k++) {
    const i = nonFiniteAt[first + Math.floor(k * stride)];
    list.push({ step: cols.step(i), value: cols.value(i) });
  }
  return { list, total };
}

function lowerBoundInt(sorted: Int32Array, length: number, x: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
