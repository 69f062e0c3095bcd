/**
 * JSON run specs: `spec := run | [run, ...]`, each run
 * `{ "id"?, "steps", "seed"?, "problem", "optimizer", "schedule"?, "clip"? }`.
 * This module checks the envelope (keys, steps, ids) and hands each part to the parser that owns it
 * (parseProblemSpec, parseOptimizerSpec, parseScheduleSpec, parseClipSpec), so a spec is valid exactly
 * when the engine can run it. Errors are SpecErrors with the JSON path of the bad value.
 */
import { parseClipSpec, parseOptimizerSpec, parseScheduleSpec } from '../optim';
import type { ClipSpec, OptimizerSpec, ScheduleSpec } from '../optim/types';
import { parseProblemSpec } from '../problems';
import type { ProblemSpec } from '../problems/types';
import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';

/** A parsed, validated run (the problem carries the run's seed when it has none of its own). */
export interface RunSpec {
  id: string;
  steps: number;
  seed?: number;
  problem: ProblemSpec;
  optimizer: OptimizerSpec;
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
}

export const RUN_KEYS = ['id', 'steps', 'seed', 'problem', 'optimizer', 'schedule', 'clip'] as const;

/** Updates per run. Every row of every column is kept (and printed), so this bounds the output. */
export const MAX_SPEC_STEPS = 1_000_000;
/** Runs per spec (the dashboard shows at most this many). */
export const MAX_SPEC_RUNS = 64;
const MAX_ID_LENGTH = 200;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : JSON.stringify(v);
}

function parseSteps(v: unknown, path: string): number {
  if (v === undefined) throw new SpecError(path, `"steps" is required: the number of optimizer updates (1 to ${MAX_SPEC_STEPS}).`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_SPEC_STEPS) {
    throw new SpecError(path, `must be a whole number from 1 to ${MAX_SPEC_STEPS}, not ${describe(v)}.`);
  }
  return v;
}

function parseSeed(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new SpecError(path, `must be a whole number >= 0, not ${describe(v)}.`);
  }
  return v;
}

function parseId(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_ID_LENGTH) {
    throw new SpecError(path, `must be a non-empty string of at most ${MAX_ID_LENGTH} characters, not ${describe(v)}.`);
  }
  return v;
}

function parseRun(raw: unknown, path: string, index: number): RunSpec {
  const at = (key: string) => childPath(path, key);
  if (!isRecord(raw)) {
    throw new SpecError(path, `a run must be an object such as {"steps": 100, "problem": {...}, "optimizer": {...}}, not ${describe(raw)}.`);
  }
  for (const key of Object.keys(raw)) {
    if (!(RUN_KEYS as readonly string[]).includes(key)) {
      throw new SpecError(at(key), `unknown key "${key}"; a run has ${RUN_KEYS.join(', ')}.`);
    }
  }
  const id = raw.id === undefined ? `run-${index + 1}` : parseId(raw.id, at('id'));
  const steps = parseSteps(raw.steps, at('steps'));
  const seed = raw.seed === undefined ? undefined : parseSeed(raw.seed, at('seed'));
  if (raw.problem === undefined) throw new SpecError(at('problem'), '"problem" is required, e.g. {"name": "rosenbrock"}.');
  if (raw.optimizer === undefined) throw new SpecError(at('optimizer'), '"optimizer" is required, e.g. {"name": "adam", "lr": 0.01}.');
  let problem = parseProblemSpec(raw.problem, at('problem'));
  if (seed !== undefined && (problem as { seed?: number }).seed === undefined) problem = { ...problem, seed } as ProblemSpec;
  const run: RunSpec = { id, steps, problem, optimizer: parseOptimizerSpec(raw.optimizer, at('optimizer')) };
  if (seed !== undefined) run.seed = seed;
  if (raw.schedule !== undefined) run.schedule = parseScheduleSpec(raw.schedule, at('schedule'));
  if (raw.clip !== undefined) run.clip = parseClipSpec(raw.clip, at('clip'));
  return run;
}

/**
 * Validates a spec (already JSON-parsed) and returns its runs in order. A single run object and an
 * array of runs are both accepted; paths in errors start with `[i]` for arrays (`[2].optimizer.betas`)
 * and with the key for a single run (`optimizer.betas`).
 */
export function parseRunSpecs(raw: unknown): RunSpec[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw new SpecError('', 'the spec is an empty list; give at least one run.');
    if (raw.length > MAX_SPEC_RUNS) throw new SpecError('', `the spec has ${raw.length} runs; at most ${MAX_SPEC_RUNS} are allowed.`);
  }
  const runs = list.map((run, i) => parseRun(run, Array.isArray(raw) ? `[${i}]` : '', i));
  const seen = new Map<string, number>();
  runs.forEach((run, i) => {
    const first = seen.get(run.id);
    if (first !== undefined) {
      throw new SpecError(childPath(Array.isArray(raw) ? `[${i}]` : '', 'id'), `duplicate id "${run.id}" (also run ${first + 1}); ids must be unique.`);
    }
    seen.set(run.id, i);
  });
  return runs;
}
