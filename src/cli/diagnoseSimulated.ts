/**
 * The JSON output of `optlens simulate` as input to `optlens diagnose`: recognised by its content
 * ({"runs": [{"id", "loss", ...}]}), each run rebuilt into the RunSpec that produced it (so a fix can be
 * re-run) and the RunTrace it printed (so the diagnosis sees exactly the printed numbers; null reads as NaN).
 * A bad run is reported with its file, line, column and JSON path, and the other runs are still diagnosed.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { jsonSpans, lineColumnAt, locateJsonPath, parseJsonText } from '../core/jsonLocations';
import { SpecError } from '../core/specError';
import { DEFAULT_SPEC_TOLERANCE } from '../core/train/simulate';
import { parseRunSpecs, type RunSpec } from '../core/train/spec';
import type { RunTrace } from '../core/train/types';
import { CliInputError } from './io';

/** What simulate output starts with (JSON.stringify, or pretty-printed): an object whose first key is "runs". */
const SIMULATE_HEAD = /^\uFEFF?\s*\{\s*"runs"\s*:\s*\[\s*(\{\s*"id"\s*:|\])/;
const HEAD_BYTES = 256;

export interface SimulatedInputRun {
  id: string;
  spec: RunSpec;
  trace: RunTrace;
}

export interface SimulatedInput {
  path: string;
  runs: SimulatedInputRun[];
  /** Runs that could not be rebuilt, "FILE:LINE:COLUMN: runs[i].key: what is wrong". */
  errors: string[];
}

/** A whole-file problem (unreadable, not JSON): nothing of the file can be diagnosed. */
export class SimulatedInputError extends CliInputError {
  constructor(message: string) {
    super(message, 'SimulatedInputError');
  }
}

/** Whether the file starts like `optlens simulate` output (read from its first bytes only). */
export function looksLikeSimulateOutput(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = new Uint8Array(HEAD_BYTES);
      const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
      return SIMULATE_HEAD.test(new TextDecoder().decode(buffer.subarray(0, n)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A column of numbers-or-null as a Float64Array (null -> NaN: simulate writes every non-finite number as null). */
function column(run: Record<string, unknown>, key: string, rows: number, path: string): Float64Array {
  const v = run[key];
  if (!Array.isArray(v) || v.length !== rows) {
    throw new SpecError(`${path}.${key}`, `must be an array of ${rows} numbers or nulls (steps_run + 1), got ${Array.isArray(v) ? `${v.length} entries` : JSON.stringify(v) ?? 'nothing'}.`);
  }
  const out = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    const x = v[k];
    if (x === null) out[k] = NaN;
    else if (typeof x === 'number') out[k] = x;
    else throw new SpecError(`${path}.${key}[${k}]`, `must be a number or null, got ${JSON.stringify(x)}.`);
  }
  return out;
}

/** The L2 norm of each parameter row: what the trainer records as paramNorm (output printed before param_norm existed has none). */
function rowNorms(params: Float64Array, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    let s = 0;
    for (let i = k * dim; i < (k + 1) * dim; i++) s += params[i] * params[i];
    out[k] = Math.sqrt(s);
  }
  return out;
}

function paramsOf(run: Record<string, unknown>, rows: number, path: string): { dim: number; params: Float64Array } {
  const v = run.params;
  if (!Array.isArray(v) || v.length !== rows || !Array.isArray(v[0])) {
    throw new SpecError(`${path}.params`, `must be ${rows} rows of parameters (steps_run + 1).`);
  }
  const dim = (v[0] as unknown[]).length;
  const params = new Float64Array(rows * dim);
  for (let k = 0; k < rows; k++) {
    const row = v[k] as unknown;
    if (!Array.isArray(row) || row.length !== dim) throw new SpecError(`${path}.params[${k}]`, `must be ${dim} numbers or nulls, like row 0.`);
    for (let i = 0; i < dim; i++) {
      const x = row[i] as unknown;
      if (x !== null && typeof x !== 'number') throw new SpecError(`${path}.params[${k}][${i}]`, `must be a number or null, got ${JSON.stringify(x)}.`);
      params[k * dim + i] = x === null ? NaN : x;
    }
  }
  return { dim, params };
}

function orNaN(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

function orNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** Rebuilds one printed run; throws SpecError with the run's JSON path. */
export function rebuildRun(raw: unknown, path: string): SimulatedInputRun {
  if (!isRecord(raw)) throw new SpecError(path, 'a run must be an object as optlens simulate prints it.');
  const specRaw: Record<string, unknown> = { id: raw.id, steps: raw.steps, problem: raw.problem, optimizer: raw.optimizer };
  if (raw.schedule !== undefined) specRaw.schedule = raw.schedule;
  if (raw.clip !== undefined) specRaw.clip = raw.clip;
  let spec: RunSpec;
  try {
    [spec] = parseRunSpecs(specRaw);
  } catch (error) {
    // parseRunSpecs names keys from the run's root: prefix the run's own path.
    if (error instanceof SpecError) throw new SpecError(error.path ? `${path}.${error.path}` : path, error.message.slice(error.path ? error.path.length + 2 : 0));
    throw error;
  }
  const stepsRun = raw.steps_run;
  if (typeof stepsRun !== 'number' || !Number.isInteger(stepsRun) || stepsRun < 0 || stepsRun > spec.steps) {
    throw new SpecError(`${path}.steps_run`, `must be a whole number from 0 to steps (${spec.steps}), got ${JSON.stringify(stepsRun)}.`);
  }
  const rows = stepsRun + 1;
  const { dim, params } = paramsOf(raw, rows, path);
  const velocityNorm = column(raw, 'velocity_norm', rows, path);
  let hasVelocity = false;
  for (let k = 1; k < rows && !hasVelocity; k++) if (!Number.isNaN(velocityNorm[k])) hasVelocity = true;
  const trace: RunTrace = {
    label: typeof raw.label === 'string' ? raw.label : spec.id,
    optimizer: spec.optimizer,
    ...(spec.schedule ? { schedule: spec.schedule } : {}),
    ...(spec.clip ? { clip: spec.clip } : {}),
    dim,
    stepsRequested: spec.steps,
    stepsRun,
    loss: column(raw, 'loss', rows, path),
    gradNorm: column(raw, 'grad_norm', rows, path),
    updateNorm: column(raw, 'update_norm', rows, path),
    velocityNorm,
    lr: column(raw, 'lr', rows, path),
    paramNorm: raw.param_norm === undefined ? rowNorms(params, rows, dim) : column(raw, 'param_norm', rows, path),
    ...(raw.val_loss !== undefined ? { valLoss: column(raw, 'val_loss', rows, path) } : {}),
    params,
    hasVelocity,
    summary: {
      finalLoss: orNaN(raw.final_loss),
      bestLoss: orNaN(raw.best_loss),
      stepsToTolerance: orNull(raw.steps_to_tolerance),
      diverged: raw.diverged === true,
      divergedAtStep: orNull(raw.diverged_at_step),
    },
  };
  return { id: spec.id, spec, trace };
}

/** Reads a simulate output file. Throws SimulatedInputError when the file as a whole is unusable. */
export function readSimulatedFile(path: string): SimulatedInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SimulatedInputError(`${path}: cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new SimulatedInputError(`${path}:${parsed.line}:${parsed.column}: invalid JSON in optlens simulate output: ${parsed.message}.`);
  const { value: raw, body } = parsed;
  if (!isRecord(raw) || !Array.isArray(raw.runs)) throw new SimulatedInputError(`${path}: expected optlens simulate output, {"runs": [...]}.`);
  const out: SimulatedInput = { path, runs: [], errors: [] };
  let spans: ReturnType<typeof jsonSpans> | undefined;
  raw.runs.forEach((run, i) => {
    try {
      out.runs.push(rebuildRun(run, `runs[${i}]`));
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      spans ??= jsonSpans(body);
      const span = locateJsonPath(spans, error.path);
      const where = span ? lineColumnAt(body, span.start) : { line: 1, column: 1 };
      out.errors.push(`${path}:${where.line}:${where.column}: ${error.message}`);
    }
  });
  return out;
}

/** The tolerance simulate used for steps_to_tolerance (it is not printed; simulate always uses its default). */
export const SIMULATE_TOLERANCE = DEFAULT_SPEC_TOLERANCE;
