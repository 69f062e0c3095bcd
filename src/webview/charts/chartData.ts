/**
 * Turns wire columns into uPlot's aligned data (`[xs, ys1, ys2, ...]`) and keeps log scales valid.
 *
 * Runs can stop early (a diverged run ends at its divergence step), so every series is padded with
 * `null` up to the longest run; uPlot leaves a gap there. A logarithmic axis cannot show zero or
 * negative values (and uPlot's automatic range breaks on them), so for log scales such values are
 * clamped to a floor: the smallest positive value drawn, but never more than LOG_DYNAMIC_RANGE below
 * the largest one. A run that reaches an exact zero loss thus lands on the bottom edge of the chart
 * instead of disappearing.
 */
import type { WireColumn } from '../../core/protocol';

export type SeriesColumn = (number | null)[];

/** Decades a log axis spans at most below its largest value. */
export const LOG_DYNAMIC_RANGE = 1e-40;

/** x values 0..rows-1 (the step of each row). */
export function stepColumn(rows: number): number[] {
  const xs = new Array<number>(rows);
  for (let i = 0; i < rows; i++) xs[i] = i;
  return xs;
}

/** Copies `column` padded with nulls to `rows` entries. */
export function padColumn(column: WireColumn, rows: number): SeriesColumn {
  const out: SeriesColumn = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = i < column.length ? column[i] : null;
  return out;
}

/** Smallest and largest strictly positive values in the columns, or null when there are none. */
export function positiveExtent(columns: readonly SeriesColumn[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const column of columns) {
    for (const v of column) {
      if (v !== null && v > 0 && Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return min === Infinity ? null : { min, max };
}

/** The value that zero, negative and tiny values are drawn at on a log axis. */
export function logFloor(columns: readonly SeriesColumn[]): number {
  const extent = positiveExtent(columns);
  if (extent === null) return 1;
  return Math.max(extent.min, extent.max * LOG_DYNAMIC_RANGE);
}

/** A copy of `column` whose values are all >= `floor` (nulls stay null). */
export function clampForLog(column: SeriesColumn, floor: number): SeriesColumn {
  return column.map((v) => (v === null ? null : v > floor ? v : floor));
}

/** Builds aligned data for uPlot: row index as x, one padded (and, for log, clamped) column per series. */
export function alignedSeries(columns: readonly WireColumn[], log: boolean): { data: SeriesColumn[]; floor: number | null } {
  const rows = columns.reduce((n, c) => Math.max(n, c.length), 0);
  const padded = columns.map((c) => padColumn(c, rows));
  if (!log) return { data: [stepColumn(rows), ...padded], floor: null };
  const floor = logFloor(padded);
  return { data: [stepColumn(rows), ...padded.map((c) => clampForLog(c, floor))], floor };
}

/**
 * The y range that keeps the interesting runs readable: computed from the runs that did not diverge
 * (a diverging run climbs off the top instead of flattening everyone else). Falls back to every run
 * when all diverged. Returns null when there is nothing finite to show.
 */
export function focusExtent(columns: readonly SeriesColumn[], diverged: readonly boolean[], log: boolean): { min: number; max: number } | null {
  const pick = (useDiverged: boolean) => {
    let min = Infinity;
    let max = -Infinity;
    columns.forEach((column, i) => {
      if (diverged[i] && !useDiverged) return;
      for (const v of column) {
        if (v === null || !Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    });
    return min === Infinity ? null : { min, max };
  };
  return pick(false) ?? pick(true);
}

/** Pads a range so the lines do not touch the edges: by decades for log, by a fraction for linear. */
export function paddedRange(extent: { min: number; max: number }, log: boolean): [number, number] {
  if (log) {
    const lo = Math.pow(10, Math.floor(Math.log10(extent.min)));
    let hi = Math.pow(10, Math.ceil(Math.log10(extent.max)));
    if (hi <= lo) hi = lo * 10;
    return [lo, hi];
  }
  const span = extent.max - extent.min;
  const pad = span > 0 ? span * 0.05 : Math.abs(extent.max) * 0.1 || 1;
  const lo = extent.min >= 0 && extent.min - pad < 0 ? 0 : extent.min - pad;
  return [lo, extent.max + pad];
}
