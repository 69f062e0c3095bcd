import type { RandomOptions } from './types';

/** Spec checks shared by the problems: a bad value names the field and what was expected. */
export function requireFiniteNumber(problem: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${problem}: ${field} must be a finite number, got ${String(value)}.`);
  }
}

export function requireFinitePoint(problem: string, field: string, point: readonly number[]): void {
  if (!Array.isArray(point) || point.length !== 2 || !point.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${problem}: ${field} must be two finite numbers [x, y], got ${JSON.stringify(point)}.`);
  }
}

/** Formats a setting for a title: at most 4 significant digits, no trailing zeros. */
export function shortNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The seed and noise settings a spec carries, only those present (so resolved specs stay minimal). */
export function randomOptionsOf(spec: RandomOptions): RandomOptions {
  const out: RandomOptions = {};
  if (spec.seed !== undefined) out.seed = spec.seed;
  if (spec.noise !== undefined) out.noise = spec.noise;
  return out;
}
