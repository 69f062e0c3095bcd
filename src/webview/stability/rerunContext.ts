/**
 * What a stability-map click sends so the host can re-run the comparison even when it no longer remembers it
 * (after a window reload the panel restores the comparison from its saved state, but the host's memory of the
 * runs behind it is gone). The comparison on screen holds everything needed: each run's optimizer, schedule and
 * clipping, the problem (its seed inside), the steps asked for and the loss tolerance. Pure, unit-tested.
 */
import type { MapRerunContext, WireComparison } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';

/**
 * The re-run context of `comparison`, or undefined when its runs are on different problems (a spec file mixing
 * them: the wire keeps only each run's problem title, not its problem, so the host must remember those).
 */
export function rerunContext(comparison: WireComparison): MapRerunContext | undefined {
  if (comparison.runs.length === 0 || comparison.runs.some((run) => run.problemTitle !== undefined)) return undefined;
  const seen = new Set<string>();
  const specs: RunSpec[] = [];
  for (const run of comparison.runs) {
    const id = run.id ?? run.label;
    // Spec ids are unique; two runs with one label cannot be told apart again, so no context.
    if (seen.has(id)) return undefined;
    seen.add(id);
    specs.push({
      id,
      steps: run.stepsRequested,
      problem: comparison.problem,
      optimizer: run.optimizer,
      ...(run.schedule ? { schedule: run.schedule } : {}),
      ...(run.clip ? { clip: run.clip } : {}),
    });
  }
  return { specs, tolerance: comparison.tolerance, problemTitle: comparison.problemTitle };
}
