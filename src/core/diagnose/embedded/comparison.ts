/**
 * The dashboard's runs come from a ComparisonRequest (one problem, several optimizer entries), not from run
 * specs. These helpers give the run spec that reproduces one entry (same problem, seed, steps), so "Try this
 * fix" can go through applyFix/proveFix like the CLI, and the comparison's own trace can serve as "before".
 */
import { createProblem } from '../../problems';
import type { RunSpec } from '../../train/spec';
import type { ComparisonRequest, ComparisonResult } from '../../train/types';
import { runContextOf } from './context';
import { diagnoseTrace } from './diagnoseTrace';
import type { DiagnoserThresholds } from './engine';
import type { DiagnosedRun } from './proveFix';

/** The run spec of entry `index` (its label as id). The problem carries its own seed, so the re-run is the same. */
export function comparisonRunSpec(request: ComparisonRequest, index: number): RunSpec {
  const entry = request.entries[index];
  if (!entry) throw new RangeError(`the comparison has ${request.entries.length} entries; there is no entry ${index}.`);
  // A spec id is 1-200 characters (spec.ts); a label is only shown, so it may be longer or blank.
  const id = entry.label.trim() === '' ? `run-${index + 1}` : entry.label.slice(0, 200);
  const spec: RunSpec = { id, steps: request.steps, problem: request.problem, optimizer: entry.optimizer };
  if (entry.schedule) spec.schedule = entry.schedule;
  if (entry.clip) spec.clip = entry.clip;
  return spec;
}

/**
 * Run `index` of a finished comparison as proveFix's `before` (pass request.tolerance to proveFix too, so
 * steps-to-tolerance is measured alike), diagnosed unless its findings are given.
 */
export function comparisonDiagnosedRun(
  request: ComparisonRequest,
  result: ComparisonResult,
  index: number,
  findings?: DiagnosedRun['findings'],
  thresholds?: DiagnoserThresholds,
): DiagnosedRun {
  const spec = comparisonRunSpec(request, index);
  const problem = createProblem(request.problem);
  const trace = result.runs[index];
  return { spec, problem, trace, findings: findings ?? diagnoseTrace(trace, runContextOf(spec, problem), thresholds) };
}
