/**
 * TensorBoard's scalar smoothing, reproduced exactly so a curve here looks like the same curve there: a debiased
 * exponential moving average (TensorBoard's `classicSmoothing`, tensorboard/webapp/widgets/line_chart_v2/
 * data_transformer.ts, and the older vz_line_chart2 `resmoothDataset`):
 *
 *   last = 0, n = 0
 *   for each value x:
 *     if x is not finite (NaN, +-Infinity): smoothed = x, and neither `last` nor n changes
 *     else: last = last * w + (1 - w) * x; n += 1; smoothed = last / (1 - w^n)
 *
 * Details TensorBoard has and this keeps:
 * - Non-finite points pass through unchanged (the chart marks them) and do not count in n: the finite points
 *   after a NaN are smoothed as if the NaN were not there.
 * - A series whose values all equal the first one (`==`) is returned as is: the formula would give c*(1-w^n)/
 *   (1-w^n), a last-digit away from c, and a flat line would wobble (TensorBoard issue #786).
 * - w = 0 is the raw data (TensorBoard skips smoothing for w <= 0).
 * - w = 1 would never move off 0 (the formula then divides by 1, drawing a line at 0); TensorBoard caps the
 *   weight at 0.999 (SCALARS_SMOOTHING_MAX; its slider stops at 0.99, its number box at 0.999), so the weight
 *   is clamped to [0, MAX_SMOOTHING_WEIGHT]; a NaN weight means the default.
 *
 * The EMA runs over the points in the order given (by index, not by step distance), as TensorBoard's does: smooth
 * every point of a series, not a decimated selection (a min/max decimation keeps the extremes, whose average
 * is not the average of the data).
 */

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING_WEIGHT = 0.6;
/** The largest weight TensorBoard accepts (SCALARS_SMOOTHING_MAX); 1 would be a constant 0. */
export const MAX_SMOOTHING_WEIGHT = 0.999;

/** The weight actually used: clamped to [0, MAX_SMOOTHING_WEIGHT], NaN -> the default. */
export function smoothingWeight(weight: number): number {
  if (Number.isNaN(weight)) return DEFAULT_SMOOTHING_WEIGHT;
  return Math.min(MAX_SMOOTHING_WEIGHT, Math.max(0, weight));
}

/**
 * Smooths `values[0, count)` into `out[0, count)` (no allocation; `out` may be `values` itself). Throws a
 * RangeError when `out` is shorter than `count` or `count` is beyond `values`.
 */
export function smoothEma(
  values: ArrayLike<number>,
  out: Float64Array,
  weight: number = DEFAULT_SMOOTHING_WEIGHT,
  count: number = values.length,
): void {
  if (!(count >= 0 && count <= values.length && Number.isInteger(count))) throw new RangeError(`count ${count} is not within the ${values.length} values`);
  if (out.length < count) throw new RangeError(`the output holds ${out.length} values, ${count} needed`);
  const w = smoothingWeight(weight);
  if (w === 0 || isConstant(values, count)) {
    if (out !== values) for (let i = 0; i < count; i++) out[i] = values[i];
    return;
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const x = values[i];
    if (x - x !== 0) {
      out[i] = x;
      continue;
    }
    last = last * w + (1 - w) * x;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
}

/** TensorBoard's test: every value `==` the first (a NaN first value is equal to nothing). */
function isConstant(values: ArrayLike<number>, count: number): boolean {
  if (count === 0) return true;
  const first = values[0];
  for (let i = 1; i < count; i++) if (values[i] !== first) return false;
  return first === first;
}

/**
 * The same EMA one point at a time, for a live series: push each new value, get its smoothed value, without
 * re-smoothing the whole series. Matches `smoothEma` to the last digit or two (w^n is a running product here,
 * Math.pow there, as in TensorBoard), except for TensorBoard's constant-series rule:
 * while every value so far equals the first, push returns the value itself (as smoothEma does for that prefix
 * alone); once a different value arrives the running average continues from the true EMA state, so points
 * already returned for the flat prefix may differ from a full re-smooth in the last digit, never more.
 */
export class EmaSmoother {
  private readonly w: number;
  private last = 0;
  private n = 0;
  private power = 1;
  private first = NaN;
  private started = false;
  private constant = true;

  constructor(weight: number = DEFAULT_SMOOTHING_WEIGHT) {
    this.w = smoothingWeight(weight);
  }

  get weight(): number {
    return this.w;
  }

  /** Finite points seen so far (the n of the debiasing). */
  get finiteCount(): number {
    return this.n;
  }

  push(x: number): number {
    if (!this.started) {
      this.started = true;
      this.first = x;
      // A NaN first value makes the series non-constant for TensorBoard (NaN == NaN is false).
      this.constant = x === x;
    } else if (this.constant && x !== this.first) this.constant = false;
    if (x - x !== 0) return x;
    this.last = this.last * this.w + (1 - this.w) * x;
    this.n++;
    // w^n as a running product (Math.pow per point cost most of a push); once below 2^-60, 1 - w^n is 1 in
    // double precision, so it stops there (and stays out of the slow subnormal numbers).
    this.power = this.power < 2 ** -60 ? 0 : this.power * this.w;
    if (this.w === 0 || this.constant) return x;
    return this.power === 0 ? this.last : this.last / (1 - this.power);
  }

  reset(): void {
    this.last = 0;
    this.n = 0;
    this.power = 1;
    this.first = NaN;
    this.started = false;
    this.constant = true;
  }
}
