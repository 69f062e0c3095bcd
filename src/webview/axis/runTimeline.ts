/**
 * A run's step <-> time mapping, read from its points: the chart may show time on x, but zooms, findings
 * and non-finite marks are in steps. Steps never decrease within a tag (the store purges on a restart), but
 * clocks can step back (a machine's time corrected, a resumed run on another host), so times are taken as
 * their running maximum: the mapping is monotone, time -> step picks the first step reached by that time,
 * and a restart's purged steps never show. Between known points the mapping is linear.
 */

export class RunTimeline {
  private readonly steps: Float64Array;
  private readonly times: Float64Array;

  /** `steps` ascending; `times` in seconds (any origin), null/NaN where unknown (skipped). */
  constructor(steps: ArrayLike<number>, times: ArrayLike<number | null>) {
    const n = Math.min(steps.length, times.length);
    const s = new Float64Array(n);
    const t = new Float64Array(n);
    let m = 0;
    let maxTime = -Infinity;
    for (let i = 0; i < n; i++) {
      const time = times[i];
      const step = steps[i];
      if (time === null || !Number.isFinite(time) || !Number.isFinite(step)) continue;
      if (m > 0 && step < s[m - 1]) continue;
      if (time > maxTime) maxTime = time;
      s[m] = step;
      t[m++] = maxTime;
    }
    this.steps = s.slice(0, m);
    this.times = t.slice(0, m);
  }

  /** Points with both a step and a time. */
  get length(): number {
    return this.steps.length;
  }

  /** The first point's time, NaN without any. */
  get start(): number {
    return this.times.length ? this.times[0] : NaN;
  }

  /** The step reached at time `t` (clamped to the run's first and last points); NaN without points. */
  timeToStep(t: number): number {
    return interpolate(this.times, this.steps, t, true);
  }

  /** The time at which step `s` was reached (clamped); NaN without points. */
  stepToTime(s: number): number {
    return interpolate(this.steps, this.times, s, false);
  }
}

/**
 * y at x on the polyline (xs[i], ys[i]); xs non-decreasing. On a flat stretch of xs (equal times) the
 * first y is taken when `first`, else the last, so time -> step is the earliest step at that time.
 */
function interpolate(xs: Float64Array, ys: Float64Array, x: number, first: boolean): number {
  const n = xs.length;
  if (n === 0 || Number.isNaN(x)) return NaN;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return first ? ys[lowerBound(xs, xs[n - 1])] : ys[n - 1];
  // First index with xs[i] >= x (x is inside, so 1 <= i <= n - 1).
  const i = lowerBound(xs, x);
  if (xs[i] === x) return first ? ys[i] : ys[upperBound(xs, x) - 1];
  const x0 = xs[i - 1];
  const x1 = xs[i];
  return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - x0)) / (x1 - x0);
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
