/**
 * Arguments accepted by `optimizerLens.runComparison` when called programmatically (keybindings,
 * tests, other extensions): `{ problem?, optimizers?, steps?, tolerance?, convention?, schedule?, clip? }`
 * (schedule and clip as in a run spec), or `{ specFile, run? }` to run a spec file (handled by the command).
 * Any argument given skips the QuickPick; missing ones take the defaults.
 */
import { parseClipSpec, parseScheduleSpec } from '../../core/optim';
import { CONVENTIONS } from '../../core/optim/types';
import type { Convention } from '../../core/optim/types';
import { parseProblemSpec, PROBLEM_NAMES } from '../../core/problems';
import { SpecError } from '../../core/specError';
import { withEntryOptions, type EntryOptions } from '../../core/train/entryOptions';
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
  const raw = typeof v === 'string' ? { name: v } : v;
  if (typeof raw !== 'object' || raw === null || !isProblemName((raw as { name?: unknown }).name)) {
    throw new ComparisonArgumentError(`unknown problem ${JSON.stringify(v)}; expected one of ${PROBLEM_NAMES.join(', ')}.`);
  }
  try {
    return parseProblemSpec(raw, 'problem');
  } catch (error) {
    if (error instanceof SpecError) throw new ComparisonArgumentError(error.message);
    throw error;
  }
}

export function parseSteps(v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_STEPS) {
    throw new ComparisonArgumentError(`steps must be a whole number from 1 to ${MAX_STEPS}, not ${JSON.stringify(v)}.`);
  }
  return v;
}

/** Turns untrusted command arguments into a request, or throws a ComparisonArgumentError saying what is wrong. */
export const COMPARISON_ARG_KEYS = ['problem', 'optimizers', 'steps', 'tolerance', 'convention', 'schedule', 'clip'] as const;

function parseEntryOptions(a: Record<string, unknown>): EntryOptions {
  const options: EntryOptions = {};
  if (a.convention !== undefined) {
    if (!(CONVENTIONS as readonly unknown[]).includes(a.convention)) {
      throw new ComparisonArgumentError(`convention must be "pytorch" or "keras", not ${JSON.stringify(a.convention)}.`);
    }
    options.convention = a.convention as Convention;
  }
  try {
    if (a.schedule !== undefined) options.schedule = parseScheduleSpec(a.schedule, 'schedule');
    if (a.clip !== undefined) options.clip = parseClipSpec(a.clip, 'clip');
  } catch (error) {
    if (error instanceof SpecError) throw new ComparisonArgumentError(error.message);
    throw error;
  }
  return options;
}

export function parseComparisonArgs(args: unknown, defaults: ComparisonDefaults): ComparisonRequest {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new ComparisonArgumentError('arguments must be an object such as { "problem": "rosenbrock", "optimizers": ["adam"], "steps": 200 }.');
  }
  const a = args as Record<string, unknown>;
  const unknownKey = Object.keys(a).find((key) => !(COMPARISON_ARG_KEYS as readonly string[]).includes(key));
  if (unknownKey !== undefined) {
    throw new ComparisonArgumentError(`unknown argument "${unknownKey}"; the arguments are ${COMPARISON_ARG_KEYS.join(', ')} (or specFile and run).`);
  }
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
  const options = parseEntryOptions(a);
  try {
    entries = withEntryOptions(entries, options);
  } catch (error) {
    if (error instanceof SpecError) throw new ComparisonArgumentError(error.message);
    throw error;
  }
  return { problem, entries, steps, tolerance };
}
