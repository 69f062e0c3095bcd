/**
 * Arguments accepted by `optimizerLens.runComparison` when called programmatically (keybindings,
 * tests, other extensions): `{ problem?, optimizers?, steps?, tolerance? }`. Any argument given skips
 * the QuickPick; missing ones take the defaults.
 */
import { PROBLEM_NAMES } from '../../core/problems';
import { OPTIMIZER_PRESET_IDS, defaultEntries, resolveEntries } from '../../core/train/presets';
import type { ComparisonRequest } from '../../core/train/types';
import type { ProblemName, ProblemSpec } from '../../core/problems/types';

export const MAX_STEPS = 100_000;

export interface ComparisonDefaults {
  steps: number;
  tolerance: number;
}

export class ComparisonArgumentError extends Error {
  constructor(message: string) {
    super(`Run optimizer comparison: ${message}`);
    this.name = 'ComparisonArgumentError';
  }
}

function isProblemName(v: unknown): v is ProblemName {
  return typeof v === 'string' && (PROBLEM_NAMES as readonly string[]).includes(v);
}

function parseProblem(v: unknown): ProblemSpec {
  if (v === undefined) return { name: 'ill-conditioned-quadratic' };
  if (isProblemName(v)) return { name: v } as ProblemSpec;
  if (typeof v === 'object' && v !== null && isProblemName((v as { name?: unknown }).name)) return v as ProblemSpec;
  throw new ComparisonArgumentError(`unknown problem ${JSON.stringify(v)}; expected one of ${PROBLEM_NAMES.join(', ')}.`);
}

export function parseSteps(v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_STEPS) {
    throw new ComparisonArgumentError(`steps must be a whole number from 1 to ${MAX_STEPS}, not ${JSON.stringify(v)}.`);
  }
  return v;
}

/** Turns untrusted command arguments into a request, or throws a ComparisonArgumentError saying what is wrong. */
export function parseComparisonArgs(args: unknown, defaults: ComparisonDefaults): ComparisonRequest {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new ComparisonArgumentError('arguments must be an object such as { "problem": "rosenbrock", "optimizers": ["adam"], "steps": 200 }.');
  }
  const a = args as Record<string, unknown>;
  const problem = parseProblem(a.problem);
  const steps = parseSteps(a.steps, defaults.steps);
  let tolerance = defaults.tolerance;
  if (a.tolerance !== undefined) {
    if (typeof a.tolerance !== 'number' || !(a.tolerance > 0) || !Number.isFinite(a.tolerance)) {
      throw new ComparisonArgumentError(`tolerance must be a positive number, not ${JSON.stringify(a.tolerance)}.`);
    }
    tolerance = a.tolerance;
  }
  let entries;
  if (a.optimizers === undefined) {
    entries = defaultEntries(problem.name);
  } else {
    if (!Array.isArray(a.optimizers) || a.optimizers.length === 0 || !a.optimizers.every((o) => typeof o === 'string')) {
      throw new ComparisonArgumentError(`optimizers must be a non-empty list of ids from ${OPTIMIZER_PRESET_IDS.join(', ')}.`);
    }
    try {
      entries = resolveEntries(a.optimizers as string[], problem.name);
    } catch (error) {
      throw new ComparisonArgumentError(error instanceof Error ? error.message : String(error));
    }
  }
  return { problem, entries, steps, tolerance };
}
