/**
 * Runs parsed run specs (./spec) with the trainer and shapes the result as the documented JSON output:
 * `{"runs": [{"id", "label", ..., "loss": [...], "params": [[...], ...], "lr", "grad_norm", "update_norm",
 * "velocity_norm", "param_norm", and "val_loss" for problems with validation data}]}` with runs in input order and every non-finite number written as null.
 */
import { createOptimizer, optimizerLabel, resolveOptimizerSpec } from '../optim';
import type { ClipSpec, ScheduleSpec } from '../optim/types';
import { createProblem } from '../problems';
import type { Problem, ProblemSpec } from '../problems/types';
import { SpecError } from '../specError';
import { CancelledError } from './cancelled';
import type { ComparisonHooks } from './compare';
import type { RunSpec } from './spec';
import { train } from './trainer';
import type { RunTrace } from './types';

/** Rows x parameters kept per run (8 bytes each): 2e7 is 160 MB, beyond which the output is unusable anyway. */
export const MAX_PARAM_CELLS = 20_000_000;
export const DEFAULT_SPEC_TOLERANCE = 1e-4;

export interface SimulationHooks extends ComparisonHooks {
  /** Convergence tolerance for `steps_to_tolerance` (default 1e-4). */
  tolerance?: number;
}

export interface SpecRunResult {
  spec: RunSpec;
  problem: Problem;
  trace: RunTrace;
}

export interface SimulatedRun {
  id: string;
  label: string;
  problem: ProblemSpec;
  problem_title: string;
  /** The optimizer with every framework default written out. */
  optimizer: Record<string, unknown>;
  schedule?: ScheduleSpec;
  clip?: ClipSpec;
  /** Updates requested. */
  steps: number;
  /** Updates done: fewer than `steps` when the run diverged (the blow-up row is kept). */
  steps_run: number;
  diverged: boolean;
  diverged_at_step: number | null;
  final_loss: number | null;
  best_loss: number | null;
  steps_to_tolerance: number | null;
  /** steps_run + 1 entries: row 0 is the start, row k is after update k. */
  loss: (number | null)[];
  params: (number | null)[][];
  /** Row 0 (before any update) is null for lr, update_norm and velocity_norm. */
  lr: (number | null)[];
  grad_norm: (number | null)[];
  update_norm: (number | null)[];
  /** All null when the optimizer keeps no momentum buffer. */
  velocity_norm: (number | null)[];
  /** L2 norm of each row's parameters (row 0 too). */
  param_norm: (number | null)[];
  /** Dataset problems only: the held-out validation loss, null in the rows where it was not evaluated. */
  val_loss?: (number | null)[];
}

export interface SimulationOutput {
  runs: SimulatedRun[];
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function column(values: Float64Array): (number | null)[] {
  return Array.from(values, finite);
}

function formatValue(v: unknown): string {
  return Array.isArray(v) ? `(${v.join(', ')})` : String(v);
}

/** e.g. "linear_warmup warmup_steps=10", "cosine t_max=500 eta_min=0". */
export function scheduleLabel(schedule: ScheduleSpec): string {
  const { name, ...rest } = schedule as unknown as Record<string, unknown>;
  return [String(name), ...Object.entries(rest).map(([k, v]) => `${k}=${formatValue(v)}`)].join(' ');
}

/** e.g. "clip max_norm=1". */
export function clipLabel(clip: ClipSpec): string {
  return ['clip', ...Object.entries(clip).map(([k, v]) => `${k}=${formatValue(v)}`)].join(' ');
}

/** Chart/table label: the optimizer, its schedule and clipping; made unique with the run id when needed. */
export function runLabels(specs: readonly RunSpec[]): string[] {
  const base = specs.map((spec) => {
    const parts = [optimizerLabel(spec.optimizer)];
    if (spec.schedule && spec.schedule.name !== 'constant') parts.push(scheduleLabel(spec.schedule));
    if (spec.clip) parts.push(clipLabel(spec.clip));
    return parts.join(' · ');
  });
  const counts = new Map<string, number>();
  for (const label of base) counts.set(label, (counts.get(label) ?? 0) + 1);
  return base.map((label, i) => ((counts.get(label) ?? 0) > 1 ? `${specs[i].id}: ${label}` : label));
}

/**
 * Builds every problem and optimizer first (so a bad last run fails before the others spend time), then
 * trains the runs one after another, in order.
 */
export function runSpecs(specs: readonly RunSpec[], hooks: SimulationHooks = {}): SpecRunResult[] {
  const prefix = (i: number) => (specs.length > 1 ? `[${i}]` : '');
  const problems = specs.map((spec, i) => {
    let problem: Problem;
    try {
      problem = createProblem(spec.problem);
    } catch (error) {
      if (error instanceof SpecError) throw error;
      throw new SpecError(`${prefix(i)}${prefix(i) ? '.' : ''}problem`, error instanceof Error ? error.message : String(error));
    }
    const cells = (spec.steps + 1) * problem.dim;
    if (cells > MAX_PARAM_CELLS) {
      throw new SpecError(`${prefix(i)}${prefix(i) ? '.' : ''}steps`,
        `${spec.steps} steps x ${problem.dim} parameters is too much to record (${cells} values; the limit is ${MAX_PARAM_CELLS}); use fewer steps.`);
    }
    try {
      createOptimizer(spec.optimizer);
    } catch (error) {
      if (error instanceof SpecError) throw error;
      throw new SpecError(`${prefix(i)}${prefix(i) ? '.' : ''}optimizer`, error instanceof Error ? error.message : String(error));
    }
    return problem;
  });
  const labels = runLabels(specs);
  const tolerance = hooks.tolerance ?? DEFAULT_SPEC_TOLERANCE;
  const { onProgress, shouldStop } = hooks;
  return specs.map((spec, runIndex) => {
    if (shouldStop?.()) throw new CancelledError();
    const trace = train(problems[runIndex], {
      label: labels[runIndex],
      optimizer: spec.optimizer,
      ...(spec.schedule ? { schedule: spec.schedule } : {}),
      ...(spec.clip ? { clip: spec.clip } : {}),
    }, spec.steps, {
      tolerance,
      onProgress: onProgress && ((step) => onProgress(runIndex, step)),
      shouldStop,
    });
    return { spec, problem: problems[runIndex], trace };
  });
}

export function simulatedRun({ spec, problem, trace }: SpecRunResult): SimulatedRun {
  const rows = trace.stepsRun + 1;
  const params: (number | null)[][] = new Array(rows);
  for (let k = 0; k < rows; k++) params[k] = column(trace.params.subarray(k * trace.dim, (k + 1) * trace.dim));
  const run: SimulatedRun = {
    id: spec.id,
    label: trace.label,
    problem: spec.problem,
    problem_title: problem.title,
    optimizer: resolveOptimizerSpec(spec.optimizer) as unknown as Record<string, unknown>,
    steps: spec.steps,
    steps_run: trace.stepsRun,
    diverged: trace.summary.diverged,
    diverged_at_step: trace.summary.divergedAtStep,
    final_loss: finite(trace.summary.finalLoss),
    best_loss: finite(trace.summary.bestLoss),
    steps_to_tolerance: trace.summary.stepsToTolerance,
    loss: column(trace.loss),
    params,
    lr: column(trace.lr),
    grad_norm: column(trace.gradNorm),
    update_norm: column(trace.updateNorm),
    velocity_norm: column(trace.velocityNorm),
    param_norm: column(trace.paramNorm),
  };
  if (trace.valLoss) run.val_loss = column(trace.valLoss);
  if (spec.schedule) run.schedule = spec.schedule;
  if (spec.clip) run.clip = spec.clip;
  return run;
}

/** Runs the specs and returns the JSON-ready output (see the module comment). */
export function simulateRuns(specs: readonly RunSpec[], hooks: SimulationHooks = {}): SimulationOutput {
  return { runs: runSpecs(specs, hooks).map(simulatedRun) };
}
