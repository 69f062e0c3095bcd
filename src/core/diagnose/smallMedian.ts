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

/** The median absolute deviation of scratch[0..n) about `center` (overwrites scratch). */
export function madInPlace(scratch: Float64Array, n: number, center: number): number {
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(scratch[i] - center);
  return medianInPlace(scratch, n);
}
