/**
 * Columns the comparison charts derive from a run's wire columns: the update-to-parameter ratio, and the
 * validation loss as a drawable line. Pure: unit-tested without a DOM.
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

/**
 * The validation loss is evaluated every few rows (null between); the charts draw gaps at nulls, so the line is
 * drawn through straight segments between consecutive evaluations, as TensorBoard draws sparse eval points.
 * Rows before the first and after the last evaluation stay null. The data table and CSV keep the evaluated
 * values only (validationTableColumn).
 */
export function validationLine(column: WireColumn): WireColumn {
  const out = column.slice();
  let last = -1;
  for (let k = 0; k < column.length; k++) {
    const v = column[k];
    if (v === null) continue;
    if (last >= 0 && k - last > 1) {
      const from = column[last] as number;
      for (let j = last + 1; j < k; j++) out[j] = from + ((v - from) * (j - last)) / (k - last);
    }
    last = k;
  }
  return out;
}
