/**
 * The smoothed line of a big series, ready to draw: TensorBoard's debiased EMA (smoothing.ts) of every point,
 * min/max-decimated for the chart's width in the same pass, so a 10-million-point run gets the same smoothed
 * curve TensorBoard would draw from all its points, without storing a smoothed copy of the series.
 *
 * Why not smooth the decimated points: decimation keeps each pixel's extremes, and the average of extremes is
 * not the average of the data (a spike would weigh as much as the thousands of points beside it).
 *
 * How: the EMA is a sum of the past with weights (1 - w) w^k, so a point's smoothed value depends on the points
 * before it. The pass starts `emaWarmup(w)` points before the range (w^warmup < 2^-60): what it leaves out is
 * below 2^-60 of the largest earlier value, far under what a chart can show; before that, from the series'
 * first point. Non-finite points pass through TensorBoard's EMA untouched and cannot be drawn, so they are
 * skipped here (mark them from Series.decimate's nonFinite list). As TensorBoard does, when every finite value
 * scanned equals the first one the raw value is returned (the formula would wobble in the last digit and an
 * autoscaled axis would magnify that).
 *
 * Decimation is M4 (as decimate.ts): the steps [lo, hi] of the range are cut into `pixels` buckets,
 * bucket k = floor((step - lo) / (hi - lo) * pixels) (the last step goes to the last bucket); each keeps its
 * first, smallest, largest and last smoothed point, in step order. A range of at most 4 * pixels points is
 * returned whole. Cost: one pass over the points from the warm-up on, O(points): ~35 ns of CPU per point measured
 * on the project machine (a plain EMA loop is ~6 ns; the data-dependent min/max branches of M4 are most of the
 * difference), so ~350 ms for a whole 10M-point run, proportionally less zoomed in. Recompute it when the
 * smoothing weight or the visible range changes, not on every live append (keep the smoothed line of the
 * appended tail with EmaSmoother). For the raw line use Series.decimate (its min/max pyramid makes it
 * O(pixels log points)).
 */
import { smoothingWeight } from './smoothing';

/** What the pass reads: a store's Series satisfies it. Steps never decrease. */
export interface SteppedValues {
  readonly length: number;
  step(i: number): number;
  value(i: number): number;
}

/** Caller-owned output columns; both need room for 4 * pixels points. */
export interface SmoothedColumns {
  step: Float64Array;
  value: Float64Array;
}

export interface SmoothedDecimation {
  /** Points written to the columns. */
  length: number;
  /** True when every finite point of the range is there (no decimation). */
  exact: boolean;
}

/** Points before a range that the EMA needs: w^warmup < 2^-60 (0 for w = 0; 41,567 at w = 0.999). */
export function emaWarmup(weight: number): number {
  const w = smoothingWeight(weight);
  return w === 0 ? 0 : Math.ceil((-60 * Math.LN2) / Math.log(w));
}

export function decimateSmoothed(
  series: SteppedValues,
  fromStep: number,
  toStep: number,
  pixels: number,
  weight: number,
  out: SmoothedColumns,
): SmoothedDecimation {
  const width = Number.isFinite(pixels) && pixels >= 1 ? Math.floor(pixels) : 1;
  if (out.step.length < 4 * width || out.value.length < 4 * width) {
    throw new RangeError(`the output columns hold ${Math.min(out.step.length, out.value.length)} points, ${4 * width} needed for ${width} pixels`);
  }
  const w = smoothingWeight(weight);
  const n = series.length;
  const a = Number.isNaN(fromStep) ? n : lowerBound(series, fromStep, n);
  const b = Number.isNaN(toStep) ? a : Math.max(a, upperBound(series, toStep, n));
  if (b === a) return { length: 0, exact: true };
  const exact = b - a <= 4 * width;
  const lo = series.step(a);
  const hi = series.step(b - 1);
  const start = Math.max(0, a - emaWarmup(w));

  let last = 0;
  // w^n, n = finite points so far; the points before `start` count as finite (their weight is ~0 anyway).
  let power = start === 0 ? 1 : 0;
  let first = NaN;
  let constant = true;
  let m = 0;
  // The current bucket (-1 before the first) and its first (f), smallest (n), largest (x) and last (l) smoothed
  // points: index, step, value. Plain locals, so the loop keeps them in registers.
  let bucket = -1;
  let fI = 0, fS = 0, fV = 0, nI = 0, nS = 0, nV = 0, xI = 0, xS = 0, xV = 0, lI = 0, lS = 0, lV = 0;
  const span = hi - lo;
  let nextEdge = -Infinity;
  for (let i = start; i < b; i++) {
    const x = series.value(i);
    if (x - x !== 0) continue;
    if (constant) {
      if (first !== first) first = x;
      else if (x !== first) constant = false;
    }
    last = last * w + (1 - w) * x;
    // Once 1 - w^n rounds to 1 the power is done: flushing it to 0 also keeps it out of the subnormal numbers,
    // where repeated multiplication sticks at the smallest one and every step runs tens of times slower.
    power = power < TINY_POWER ? 0 : power * w;
    if (i < a) continue;
    // (w = 0 gives last = x and power = 0 from the first point on: the raw value.)
    const smoothed = power === 0 ? last : last / (1 - power);
    const s = series.step(i);
    if (exact) {
      out.step[m] = s;
      out.value[m++] = smoothed;
      continue;
    }
    // The bucket formula runs only near the next bucket's edge (points clearly before it stay in this bucket).
    if (s >= nextEdge) {
      const k = s >= hi ? width - 1 : Math.min(width - 1, Math.floor(((s - lo) / span) * width));
      if (k !== bucket) {
        if (bucket >= 0) m = emitBucket(out, m, fI, fS, fV, nI, nS, nV, xI, xS, xV, lI, lS, lV);
        bucket = k;
        nextEdge = k === width - 1 ? Infinity : lo + (span * (k + 1)) / width - EDGE_MARGIN * span;
        fI = nI = xI = lI = i;
        fS = nS = xS = lS = s;
        fV = nV = xV = lV = smoothed;
        continue;
      }
    }
    if (smoothed < nV) {
      nI = i;
      nS = s;
      nV = smoothed;
    } else if (smoothed > xV) {
      xI = i;
      xS = s;
      xV = smoothed;
    }
    lI = i;
    lS = s;
    lV = smoothed;
  }
  if (bucket >= 0) m = emitBucket(out, m, fI, fS, fV, nI, nS, nV, xI, xS, xV, lI, lS, lV);
  // TensorBoard's constant-series rule: the data itself, not the formula's last-digit wobble.
  if (constant) for (let j = 0; j < m; j++) out.value[j] = first;
  return { length: m, exact };
}

/** How far before a bucket's computed edge the exact formula takes over (relative to the range), for rounding. */
const EDGE_MARGIN = 1e-9;

/** 2^-60: below it 1 - w^n is 1 in double precision. */
const TINY_POWER = 2 ** -60;

/**
 * Writes one bucket's picks at `m` in step order, each point once (the first comes first and the last last;
 * the smallest and largest sit between, in their own order); returns the new length.
 */
function emitBucket(
  out: SmoothedColumns, m: number,
  fI: number, fS: number, fV: number, nI: number, nS: number, nV: number,
  xI: number, xS: number, xV: number, lI: number, lS: number, lV: number,
): number {
  out.step[m] = fS;
  out.value[m++] = fV;
  const minFirst = nI <= xI;
  const aI = minFirst ? nI : xI;
  const bI = minFirst ? xI : nI;
  if (aI !== fI) {
    out.step[m] = minFirst ? nS : xS;
    out.value[m++] = minFirst ? nV : xV;
  }
  if (bI !== aI && bI !== fI) {
    out.step[m] = minFirst ? xS : nS;
    out.value[m++] = minFirst ? xV : nV;
  }
  if (lI !== bI && lI !== aI && lI !== fI) {
    out.step[m] = lS;
    out.value[m++] = lV;
  }
  return m;
}

function lowerBound(series: SteppedValues, step: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.step(mid) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(series: SteppedValues, step: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.step(mid) <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
