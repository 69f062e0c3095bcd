/**
 * The host's smoothed line (TensorBoard's EMA over every raw point, min/max-decimated in the log worker) and the
 * raw min/max samples have different steps; uPlot draws series over one shared x column. This merges the two
 * step columns and leaves `undefined` where a series has no point at a step: uPlot joins a line across
 * `undefined` and breaks it only at `null` (a value the log holds as NaN/Inf stays a gap). Pure, unit-tested.
 */
import type { WireLogSeries, WireSmoothedLine } from '../../core/protocol';
import { smoothingWeight } from '../../core/chart/smoothing';

export type SparseColumn = (number | null | undefined)[];

export interface MergedColumns {
  xs: number[];
  raw: SparseColumn;
  smoothed: SparseColumn;
}

/** The host's line for `weight`, or undefined when the series has none at that weight (the host has not caught up). */
export function hostSmoothedLine(series: WireLogSeries | undefined, weight: number): WireSmoothedLine | undefined {
  const line = series?.smoothed;
  return line && line.weight === smoothingWeight(weight) ? line : undefined;
}

/** Raw samples (`xs` ascending, `ys` with null for non-finite) and the smoothed line on one x column. */
export function mergeSmoothedLine(xs: readonly number[], ys: readonly (number | null)[], line: WireSmoothedLine): MergedColumns {
  const n = xs.length;
  const m = line.step.length;
  const outX: number[] = [];
  const raw: SparseColumn = [];
  const smoothed: SparseColumn = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const a = i < n ? xs[i] : Infinity;
    const b = j < m ? line.step[j] : Infinity;
    if (a === b) {
      outX.push(a);
      raw.push(ys[i++]);
      smoothed.push(line.value[j++]);
    } else if (a < b) {
      outX.push(a);
      raw.push(ys[i++]);
      smoothed.push(undefined);
    } else {
      outX.push(b);
      raw.push(undefined);
      smoothed.push(line.value[j++]);
    }
  }
  return { xs: outX, raw, smoothed };
}

/** A copy of `column` whose values are all >= `floor` (null and undefined stay as they are). */
export function clampSparseForLog(column: SparseColumn, floor: number): SparseColumn {
  return column.map((v) => (v === null || v === undefined ? v : v > floor ? v : floor));
}

/** `undefined` (no point at that step) as null, for the data table and the CSV ("no value"). */
export function orNull(column: SparseColumn): (number | null)[] {
  return column.map((v) => v ?? null);
}
