/**
 * Sorting of the results table. Missing values (a diverged run has no final loss; "not reached"
 * has no step count) always sort last, whichever the direction, so the usable runs stay on top.
 */
import type { WireRun } from '../core/protocol';

export type ResultsColumn = 'label' | 'finalLoss' | 'bestLoss' | 'stepsToTolerance' | 'diverged';
export type SortDirection = 'ascending' | 'descending';

function key(run: WireRun, column: ResultsColumn): string | number | null {
  switch (column) {
    case 'label': return run.label.toLowerCase();
    case 'finalLoss': return run.summary.finalLoss;
    case 'bestLoss': return run.summary.bestLoss;
    case 'stepsToTolerance': return run.summary.stepsToTolerance;
    case 'diverged': return run.summary.diverged ? run.summary.divergedAtStep ?? run.stepsRun : null;
  }
}

/** Indices of `runs` in display order (stable: ties keep the comparison's order). */
export function sortedRunIndices(runs: readonly WireRun[], column: ResultsColumn | null, direction: SortDirection): number[] {
  const indices = runs.map((_, i) => i);
  if (column === null) return indices;
  const sign = direction === 'ascending' ? 1 : -1;
  return indices.sort((a, b) => {
    const ka = key(runs[a], column);
    const kb = key(runs[b], column);
    if (ka === null || kb === null) return ka === kb ? a - b : ka === null ? 1 : -1;
    const cmp = typeof ka === 'string' ? ka.localeCompare(String(kb)) : ka - (kb as number);
    return cmp !== 0 ? sign * cmp : a - b;
  });
}

/** Index of the run with the lowest final loss among runs that did not diverge, or null. */
export function bestRunIndex(runs: readonly WireRun[]): number | null {
  let best: number | null = null;
  runs.forEach((run, i) => {
    const v = run.summary.finalLoss;
    if (run.summary.diverged || v === null) return;
    if (best === null || v < (runs[best].summary.finalLoss as number)) best = i;
  });
  return best;
}
