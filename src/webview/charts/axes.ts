/**
 * Axis styling shared by the dashboard's uPlot charts: themed grid/tick/border strokes, a y axis as wide as
 * its widest tick label, and decade ticks for a log y axis.
 */
import uPlot from 'uplot';
import type { ChartTheme } from '../theme';
import { decadeTicks, formatDecade } from './logAxis';

/** The font the axes use for a theme (a notch smaller than the editor's, at least 11 px). */
export function axisFont(theme: ChartTheme): string {
  return `${Math.max(11, theme.fontSize - 1)}px ${theme.fontFamily}`;
}

/** Strokes and fonts every axis shares. */
export function themedAxis(theme: ChartTheme, font: string): uPlot.Axis {
  return {
    stroke: theme.muted,
    font,
    labelFont: font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    border: { show: true, stroke: theme.grid, width: 1 },
  };
}

/** Width of the y axis: the widest tick label plus gap and tick. */
export function yAxisSize(self: uPlot, values: string[] | null, font: string): number {
  if (!values || values.length === 0) return 40;
  const ctx = self.ctx;
  const saved = ctx.font;
  ctx.font = font;
  let widest = 0;
  for (const v of values) widest = Math.max(widest, ctx.measureText(String(v ?? '')).width);
  ctx.font = saved;
  // measureText works in canvas units with the CSS-pixel font, so the result is already CSS pixels.
  return Math.ceil(widest) + 14;
}

/** Tick placement and labels of a log y axis: whole decades, as many as fit one per ~28 px. */
export function logYTicks(): Pick<uPlot.Axis, 'splits' | 'filter' | 'values'> {
  return {
    splits: (self: uPlot, _axisIdx: number, min: number, max: number) =>
      decadeTicks(min, max, Math.max(2, Math.floor(self.bbox.height / uPlot.pxRatio / 28))),
    // uPlot's default log filter blanks splits that are not 1/2/5 multiples; ours are all decades.
    filter: (_self: uPlot, splits: number[]) => splits,
    values: (_self: uPlot, splits: (number | null)[]) => splits.map((v) => (v === null ? '' : formatDecade(v))),
  };
}
