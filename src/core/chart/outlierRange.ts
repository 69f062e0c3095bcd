/**
 * A y-range for autoscale that ignores a few extreme outliers, so that one loss spike of 1e6 or the first steps
 * of a run do not squash the rest of the curve into a flat line (TensorBoard's "ignore outliers in chart
 * scaling" does this with the 5th-95th percentiles, which cuts off 10% of honest data; this cuts only what is
 * both far out and rare).
 *
 * A finite value is left out when BOTH hold:
 * - it is beyond Tukey's far-out fence: below q25 - fence * IQR or above q75 + fence * IQR (fence default 3,
 *   the conventional "extreme" multiplier: a normal sample has about 1 in 430,000 points there);
 * - it is among the `tailFraction` (default 1%) most extreme values on its side: at most that share of the
 *   values is ever dropped per side, so a curve that truly spans a wide range keeps it. Below 1/tailFraction
 *   values (100 by default) nothing is dropped.
 * On a log axis only positive values count and the fences are taken on log10 of the values (decades).
 * The kept range is padded by `padding` (default 5%) of its span on each side (in decades on a log axis); a
 * zero span gets +-10% of the value (+-1 at 0; +-0.1 decade on a log axis).
 *
 * Input is any column (uPlot's, with nulls). For min/max-decimated data each pixel's extremes are points, so
 * spikes weigh more than in the raw data: a spike that repeats across many pixels is data, not an outlier.
 * Cost: one copy of the finite values and a sort; pass `scratch` to reuse a buffer across redraws.
 */

export interface OutlierRangeOptions {
  /** Log axis: only values > 0 count, fences in decades. Default false. */
  log?: boolean;
  /** Tukey fence multiplier of the interquartile range (default 3). Infinity keeps every value. */
  fence?: number;
  /** At most this share of the values is left out at each end (default 0.01); 0 keeps every value. */
  tailFraction?: number;
  /** Share of the kept span added on each side (default 0.05). */
  padding?: number;
  /** A buffer for the sorted values, used when large enough (avoids an allocation per redraw). */
  scratch?: Float64Array;
}

export interface OutlierRange {
  /** The padded range to give the axis. */
  min: number;
  max: number;
  /** The smallest and largest value kept (unpadded). */
  keptMin: number;
  keptMax: number;
  /** Values left out below and above (the chart can mark them as off-scale). */
  droppedBelow: number;
  droppedAbove: number;
  /** Values that counted (finite; positive on a log axis). */
  counted: number;
}

export const DEFAULT_OUTLIER_FENCE = 3;
export const DEFAULT_OUTLIER_TAIL_FRACTION = 0.01;
export const DEFAULT_RANGE_PADDING = 0.05;

/** The range, or null when no value counts (nothing finite; nothing positive on a log axis). */
export function outlierAwareRange(values: ArrayLike<number | null | undefined>, options: OutlierRangeOptions = {}): OutlierRange | null {
  const log = options.log ?? false;
  const fence = options.fence ?? DEFAULT_OUTLIER_FENCE;
  const tailFraction = options.tailFraction ?? DEFAULT_OUTLIER_TAIL_FRACTION;
  const padding = options.padding ?? DEFAULT_RANGE_PADDING;
  if (!(fence >= 0)) throw new RangeError(`fence must be >= 0 (got ${fence})`);
  if (!(tailFraction >= 0 && tailFraction < 0.5)) throw new RangeError(`tailFraction must be in [0, 0.5) (got ${tailFraction})`);
  if (!(padding >= 0 && Number.isFinite(padding))) throw new RangeError(`padding must be a finite number >= 0 (got ${padding})`);

  const sorted = options.scratch && options.scratch.length >= values.length ? options.scratch : new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || v - v !== 0 || (log && !(v > 0))) continue;
    sorted[m++] = log ? Math.log10(v) : v;
  }
  if (m === 0) return null;
  const view = sorted.subarray(0, m);
  view.sort();

  const q25 = quantile(view, 0.25);
  const q75 = quantile(view, 0.75);
  const iqr = q75 - q25;
  const lowFence = q25 - fence * iqr;
  const highFence = q75 + fence * iqr;
  const maxDrop = Math.floor(tailFraction * m);
  let lo = 0;
  while (lo < maxDrop && view[lo] < lowFence) lo++;
  let hi = m - 1;
  while (m - 1 - hi < maxDrop && view[hi] > highFence) hi--;

  const a = view[lo];
  const b = view[hi];
  const pad = b > a ? (b - a) * padding : log ? 0.1 : a === 0 ? 1 : Math.abs(a) * 0.1;
  const min = a - pad;
  const max = b + pad;
  return {
    min: log ? 10 ** min : min,
    max: log ? 10 ** max : max,
    keptMin: log ? 10 ** a : a,
    keptMax: log ? 10 ** b : b,
    droppedBelow: lo,
    droppedAbove: m - 1 - hi,
    counted: m,
  };
}

/** Linear-interpolated quantile of sorted values (the "type 7" definition of R and NumPy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + (sorted[i + 1] - sorted[i]) * frac : sorted[i];
}
