/**
 * A uPlot path builder (a series' `paths` option) that draws a dense line as filled pixel columns
 * (columnRects.ts) and a sparse one as uPlot's ordinary line.
 *
 * Dense means at least DENSE_POINTS_PER_PIXEL points in view per device-pixel column of the plot: the live and
 * whole-run case, where the data is min/max-decimated to about 4 points per column. There, columns cover the
 * same pixels as the stroke and cost a fraction of it on a software-rasterized canvas (bench/dashboardFrame:
 * "10 plain canvases filling the same columns"). Zoomed into fewer points than pixels, the segments are long
 * and diagonal: a staircase of columns would show, so the antialiased stroke stays. Dashed lines (overlaid
 * runs' styles) always stroke: columns cannot carry a dash pattern; so do lines joined across gaps (columns
 * treat a gap as a break).
 */
import uPlot from 'uplot';
import { buildColumns, ColumnBuffer } from './columnRects';

/**
 * Points in view per device-pixel column from which a line is drawn as columns. 1: below one point per column a
 * line has segments spanning several columns, drawn better by the stroke; M4-decimated data sits at 2-4.
 */
export const DENSE_POINTS_PER_PIXEL = 1;

export interface ColumnPathOptions {
  /** Points per device-pixel column from which columns are drawn (default DENSE_POINTS_PER_PIXEL); Infinity: always stroke. */
  densePointsPerPixel?: number;
}

/** Draws columns only where this is true; the bench's paired variants turn it off to measure the stroke. */
export const columnDrawing = { enabled: true };

/**
 * The columns as one path of rectangles, each as wide as the line (rounded, at least 1 px) so a spike is as
 * thick as the stroke drew it. Neighbours overlap then; one fill() of one path paints their union once, so a
 * translucent line (the faint raw line under a smoothed one) does not darken where they overlap.
 */
export function columnsPath(buffer: ColumnBuffer, n: number, thickness: number): Path2D {
  const width = Math.max(1, Math.round(thickness));
  const path = new Path2D();
  for (let i = 0; i < n; i++) path.rect(buffer.x[i], buffer.top[i], width, buffer.bottom[i] - buffer.top[i]);
  return path;
}

/** A `paths` builder for one series (it keeps its own buffer; give each series its own). */
export function columnPaths(options: ColumnPathOptions = {}): uPlot.Series.PathBuilder {
  const dense = options.densePointsPerPixel ?? DENSE_POINTS_PER_PIXEL;
  const line = uPlot.paths.linear!();
  const buffer = new ColumnBuffer();
  return (u, seriesIdx, idx0, idx1) => {
    const series = u.series[seriesIdx];
    const plotWidth = u.bbox.width;
    if (!columnDrawing.enabled || (series.dash?.length ?? 0) > 0 || series.spanGaps === true || idx1 - idx0 + 1 < dense * plotWidth) {
      return line(u, seriesIdx, idx0, idx1);
    }
    const thickness = (series.width ?? 1) * uPlot.pxRatio;
    const n = buildColumns(u.data[0], u.data[seriesIdx], idx0, idx1,
      (v) => u.valToPos(v, 'x', true), (v) => u.valToPos(v, 'y', true), thickness, buffer);
    const fill = columnsPath(buffer, n, thickness);
    // uPlot fills `fill` with `_fill` and, at width 0, strokes nothing: the series' stroke colour fills the columns.
    const stroke = typeof series.stroke === 'function' ? series.stroke(u, seriesIdx) : series.stroke;
    // `_width` (not in uPlot's types) is the width drawPath strokes at; 0 strokes nothing.
    const paths: uPlot.Series.Paths & { _width: number } = { stroke: null, fill, clip: null, band: null, flags: 0, _fill: stroke, width: 0, _width: 0 };
    return paths;
  };
}
