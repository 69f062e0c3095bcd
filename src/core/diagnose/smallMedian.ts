/**
 * Medians of small windows, without allocation: copy into a caller-owned scratch array and insertion-sort it
 * (fastest for the <= 64 values the detectors use, and branch-predictable on nearly sorted data).
 */

/** Sorts scratch[0..n) in place. */
export function sortSmall(scratch: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = scratch[i];
    let j = i - 1;
    while (j >= 0 && scratch[j] > v) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = v;
  }
}

/** The median of scratch[0..n) (sorts it). NaN when n = 0. */
export function medianInPlace(scratch: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  sortSmall(scratch, n);
  const mid = n >> 1;
  return n & 1 ? scratch[mid] : 0.5 * (scratch[mid - 1] + scratch[mid]);
}

/**
 * The median of the 8 values ring[(start + k) & mask], k = 0..7 (the loss level's default window, read in place
 * from its ring): a sorting network pruned to the two middle outputs (17 compare-exchanges on locals, no loop, no
 * copy), then their mean: exactly what medianInPlace returns for the same 8 values.
 */
export function median8(ring: Float64Array, start: number, mask: number): number {
  let a = ring[start & mask];
  let b = ring[(start + 1) & mask];
  let c = ring[(start + 2) & mask];
  let d = ring[(start + 3) & mask];
  let e = ring[(start + 4) & mask];
  let f = ring[(start + 5) & mask];
  let g = ring[(start + 6) & mask];
  let h = ring[(start + 7) & mask];
  let t: number;
  // Batcher/Knuth's 19-comparator network for 8 inputs, without the last layer's (1,2) and (5,6), which do not
  // touch the middle outputs 3 and 4.
  if (a > c) { t = a; a = c; c = t; }
  if (b > d) { t = b; b = d; d = t; }
  if (e > g) { t = e; e = g; g = t; }
  if (f > h) { t = f; f = h; h = t; }
  if (a > e) { t = a; a = e; e = t; }
  if (b > f) { t = b; b = f; f = t; }
  if (c > g) { t = c; c = g; g = t; }
  if (d > h) { t = d; d = h; h = t; }
  if (a > b) { t = a; a = b; b = t; }
  if (c > d) { t = c; c = d; d = t; }
  if (e > f) { t = e; e = f; f = t; }
  if (g > h) { t = g; g = h; h = t; }
  if (c > e) { t = c; c = e; e = t; }
  if (d > f) { t = d; d = f; f = t; }
  if (b > e) { t = b; b = e; e = t; }
  if (d > g) { t = d; d = g; g = t; }
  if (d > e) { t = d; d = e; e = t; }
  return 0.5 * (d + e);
}

/** The median absolute deviation of scratch[0..n) about `center` (overwrites scratch). */
export function madInPlace(scratch: Float64Array, n: number, center: number): number {
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(scratch[i] - center);
  return medianInPlace(scratch, n);
}

/**
 * Whether the median absolute deviation of values[0..m) about `center` is certainly above `bound`, found by
 * counting instead of selecting (values is not changed): when at most (m - 1) >> 1 deviations are within the
 * bound, the lower-middle deviation is above it, and so is the MAD (that deviation, or its mean with a larger
 * one). False means only "not certain": take the MAD to know.
 */
export function madExceeds(values: Float64Array, m: number, center: number, bound: number): boolean {
  if (m <= 0 || !(bound === bound)) return false;
  let within = 0;
  for (let i = 0; i < m; i++) if (Math.abs(values[i] - center) <= bound) within++;
  return within <= (m - 1) >> 1;
}

/**
 * The median of scratch[0..n) by quickselect (reorders it): O(n) on average, for windows where a sort's n^2/4
 * moves would dominate (32-64 values refreshed often). For even n, the mean of the two middle values.
 */
export function selectMedian(scratch: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  const mid = n >> 1;
  const upper = select(scratch, 0, n - 1, mid);
  if (n & 1) return upper;
  // The lower middle is the largest value left of mid after the selection.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (scratch[i] > lower) lower = scratch[i];
  return 0.5 * (lower + upper);
}

/** Hoare's selection: puts the k-th smallest of a[lo..hi] at a[k], smaller before, larger after; returns it. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
