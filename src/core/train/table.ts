import { resolveOptimizerSpec } from '../optim';
import { problemTitle, resolveProblemSpec } from '../problems';
import type { ComparisonResult } from './types';

/** Loss in exponential notation with 4 significant digits; NaN/Infinity spelled out. */
function formatLoss(v: number): string {
  return Number.isFinite(v) ? v.toExponential(3) : String(v);
}

/**
 * A plain-text table of a comparison, one row per run, columns padded to line up in a monospace font:
 *   Optimizer | Final loss | Steps to tolerance ("—" if never) | Diverged (yes, with the step, or no)
 */
export function formatResultsTable(result: ComparisonResult): string {
  const header = ['Optimizer', 'Final loss', 'Steps to tolerance', 'Diverged'];
  const rows = result.runs.map((run) => [
    run.label,
    formatLoss(run.summary.finalLoss),
    run.summary.stepsToTolerance === null ? '—' : String(run.summary.stepsToTolerance),
    run.summary.diverged ? `yes (step ${run.summary.divergedAtStep})` : 'no',
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  // Text columns are left-aligned, number columns right-aligned.
  const numeric = [false, true, true, false];
  const line = (r: string[]): string =>
    r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}

export interface RunSummaryJson {
  optimizer: string;
  final_loss: number | null;
  best_loss: number | null;
  steps_to_tolerance: number | null;
  diverged: boolean;
  diverged_at_step: number | null;
  /** The optimizer spec with every framework default written out (PyTorch's, or Keras's with convention "keras"). */
  hyperparameters: Record<string, unknown>;
  schedule?: Record<string, unknown>;
  clip?: Record<string, unknown>;
}

export interface ComparisonSummaryJson {
  /** The problem spec with its defaults written out, plus its title. */
  problem: Record<string, unknown> & { name: string; title: string };
  steps: number;
  tolerance: number;
  runs: RunSummaryJson[];
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The machine-readable summary the CLI prints with --json (snake_case, non-finite numbers as null). */
export function comparisonSummaryJson(result: ComparisonResult): ComparisonSummaryJson {
  return {
    problem: { ...resolveProblemSpec(result.problem), title: problemTitle(result.problem) },
    steps: result.steps,
    tolerance: result.tolerance,
    runs: result.runs.map((run) => ({
      optimizer: run.label,
      final_loss: finiteOrNull(run.summary.finalLoss),
      best_loss: finiteOrNull(run.summary.bestLoss),
      steps_to_tolerance: run.summary.stepsToTolerance,
      diverged: run.summary.diverged,
      diverged_at_step: run.summary.divergedAtStep,
      hyperparameters: { ...resolveOptimizerSpec(run.optimizer) },
      ...(run.schedule ? { schedule: { ...run.schedule } } : {}),
      ...(run.clip ? { clip: { ...run.clip } } : {}),
    })),
  };
}
