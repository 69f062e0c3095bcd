/**
 * Field checks shared by the problem specs. Each throws a SpecError carrying the JSON path of the bad
 * value (e.g. `runs[0].problem.start[1]`) and saying what was expected.
 */
import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';
import type { RandomOptions } from './types';

export type SpecRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is SpecRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short rendering of a bad value for a message. */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return v.length > 6 ? `an array of ${v.length} values` : JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : JSON.stringify(v);
}

export interface NumberRule {
  /** Inclusive lower bound unless `exclusiveMin`. */
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
  integer?: boolean;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a finite number';
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? '>' : '>='} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

export function checkNumber(v: unknown, path: string, rule: NumberRule = {}): number {
  const ok = typeof v === 'number' && Number.isFinite(v)
    && (!rule.integer || Number.isInteger(v))
    && (rule.min === undefined || (rule.exclusiveMin ? v > rule.min : v >= rule.min))
    && (rule.max === undefined || v <= rule.max);
  if (!ok) throw new SpecError(path, `must be ${ruleText(rule)}, got ${describeValue(v)}.`);
  return v as number;
}

/** A list of numbers; `length` fixes its length, `minLength`/`maxLength` bound it. */
export function checkVector(
  v: unknown,
  path: string,
  shape: { length?: number; minLength?: number; maxLength?: number; what?: string } = {},
  rule: NumberRule = {},
): number[] {
  const what = shape.what ?? 'numbers';
  if (!Array.isArray(v)) {
    const expected = shape.length !== undefined ? `an array of ${shape.length} ${what}` : `an array of ${what}`;
    throw new SpecError(path, `must be ${expected}, got ${describeValue(v)}.`);
  }
  if (shape.length !== undefined && v.length !== shape.length) {
    throw new SpecError(path, `must have ${shape.length} entries, got ${v.length}.`);
  }
  if (shape.minLength !== undefined && v.length < shape.minLength) {
    throw new SpecError(path, `must have at least ${shape.minLength} entries, got ${v.length}.`);
  }
  if (shape.maxLength !== undefined && v.length > shape.maxLength) {
    throw new SpecError(path, `must have at most ${shape.maxLength} entries, got ${v.length}.`);
  }
  return v.map((x, i) => checkNumber(x, childPath(path, i), rule));
}

export function checkEnum<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new SpecError(path, `must be one of ${values.map((s) => JSON.stringify(s)).join(', ')}, got ${describeValue(v)}.`);
  }
  return v as T;
}

export function checkBoolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new SpecError(path, `must be true or false, got ${describeValue(v)}.`);
  return v;
}

/** Rejects keys a problem does not have (a typo would otherwise be silently ignored). */
export function checkKeys(spec: SpecRecord, allowed: readonly string[], path: string, problem: string): void {
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key)) {
      throw new SpecError(childPath(path, key), `unknown key "${key}"; ${problem} takes ${allowed.join(', ')}.`);
    }
  }
}

/** Every problem's `seed` (a 32-bit integer, negative ones taken modulo 2^32) and `noise` (std >= 0). */
export function resolveRandomOptions(spec: SpecRecord, path: string): RandomOptions {
  const out: RandomOptions = {};
  if (spec.seed !== undefined) {
    out.seed = checkNumber(spec.seed, childPath(path, 'seed'), { integer: true, min: -2147483648, max: 4294967295 });
  }
  if (spec.noise !== undefined) out.noise = checkNumber(spec.noise, childPath(path, 'noise'), { min: 0 });
  return out;
}

/** The 32-bit seed a problem actually uses. */
export function seedOf(spec: RandomOptions): number {
  return (spec.seed ?? 0) | 0;
}

/** Formats a setting for a title: at most 4 significant digits, no trailing zeros. */
export function shortNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}
