/**
 * "Nice" numbers for suggested settings: 1, 2, 3 or 5 times a power of ten, so a fix reads like something a
 * person would type (0.03, not 0.0287). Rounding goes toward the safe side: a learning rate or momentum that
 * must come down rounds down, a learning rate that may go up rounds down too (never past the bound).
 */
const MANTISSAS = [1, 2, 3, 5];

/** The largest nice number <= x (x > 0); x itself when x is not positive and finite. */
export function niceBelow(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const exponent = Math.floor(Math.log10(x));
  for (let e = exponent + 1; e >= exponent - 1; e--) {
    for (let i = MANTISSAS.length - 1; i >= 0; i--) {
      const candidate = Number((MANTISSAS[i] * 10 ** e).toPrecision(12));
      if (candidate <= x * (1 + 1e-12)) return candidate;
    }
  }
  return x;
}

/** The smallest nice number >= x (x > 0). */
export function niceAbove(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const exponent = Math.floor(Math.log10(x));
  for (let e = exponent - 1; e <= exponent + 1; e++) {
    for (const m of MANTISSAS) {
      const candidate = Number((m * 10 ** e).toPrecision(12));
      if (candidate >= x * (1 - 1e-12)) return candidate;
    }
  }
  return x;
}

/** Momentum values people use, highest first: a reduction picks the highest one at or below a target. */
const MOMENTA = [0.99, 0.95, 0.9, 0.8, 0.5, 0.3, 0];

/** The largest common momentum <= target (0 when the target is below 0.3). */
export function niceMomentumBelow(target: number): number {
  for (const m of MOMENTA) if (m <= target + 1e-12) return m;
  return 0;
}

/** A number as a person would write it in a config: 0.03, 1e-4, 0.9. */
export function show(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(x.toPrecision(6)));
}

/** How many times larger `to` is than `from` (or smaller, for a cut), as a fix's text says it: "16.6x", "10x". */
export function timesText(from: number, to: number): string {
  const r = to >= from ? to / from : from / to;
  return `${Number(r.toPrecision(3))}x`;
}
