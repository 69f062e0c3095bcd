/**
 * Columns the comparison charts derive from a run's wire columns: the update-to-parameter ratio. Pure:
 * unit-tested without a DOM.
 */
import type { WireColumn, WireRun } from '../../core/protocol';

/**
 * ||theta_k - theta_(k-1)|| / ||theta_(k-1)|| for each update k: updateNorm[k] / paramNorm[k-1] (row 0, before any
 * update, has none). Null where either is missing or the previous parameters are all zero (no ratio, not
 * Infinity). Null for every row when the run carries no paramNorm (a comparison saved by an older version).
 */
export function updateRatioColumn(run: Pick<WireRun, 'updateNorm' | 'paramNorm'>): WireColumn {
  const { updateNorm, paramNorm } = run;
  const out: WireColumn = new Array(updateNorm.length).fill(null);
  if (!paramNorm) return out;
  for (let k = 1; k < updateNorm.length; k++) {
    const u = updateNorm[k];
    const p = paramNorm[k - 1];
    if (u !== null && p !== null && p > 0) out[k] = u / p;
  }
  return out;
}
