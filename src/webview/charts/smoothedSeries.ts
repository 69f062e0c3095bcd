/**
 * TensorBoard's smoothing (src/core/chart/smoothing.ts) applied to a chart column. A wire column holds null
 * for NaN/Infinity and for the steps after a run ended; those stay null (no line is drawn there) and, as in
 * TensorBoard, do not move the average. A weight of 0 means no smoothing: the caller draws the raw line only.
 */
import { smoothEma, smoothingWeight } from '../../core/chart/smoothing';
import type { SeriesColumn } from './chartData';

export function smoothColumn(column: readonly (number | null)[], weight: number): SeriesColumn {
  const n = column.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    values[i] = v === null ? NaN : v;
  }
  smoothEma(values, values, smoothingWeight(weight), n);
  const out: SeriesColumn = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Number.isFinite(values[i]) ? values[i] : null;
  return out;
}

/** Whether a weight smooths at all (the slider's 0 is "off"). */
export function smooths(weight: number): boolean {
  return smoothingWeight(weight) > 0;
}

/** "0.60", the way TensorBoard's box shows the weight. */
export function formatWeight(weight: number): string {
  return smoothingWeight(weight).toFixed(smoothingWeight(weight) >= 0.99 ? 3 : 2);
}
