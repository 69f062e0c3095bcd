/**
 * One stable visual identity per run, shared by the charts, the path plot and the table swatches:
 * run i gets theme colour i; past the palette's end colours repeat with a dash pattern so that
 * runs stay distinguishable (and distinguishable without colour, for high-contrast users).
 */
import type { ChartTheme } from '../theme';

export interface SeriesStyle {
  color: string;
  /** Canvas dash pattern in CSS pixels; empty for solid. */
  dash: number[];
}

const DASHES: number[][] = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

export function seriesStyle(theme: ChartTheme, runIndex: number): SeriesStyle {
  const palette = theme.series.length > 0 ? theme.series : ['#888888'];
  const cycle = Math.floor(runIndex / palette.length);
  return { color: palette[runIndex % palette.length], dash: DASHES[cycle % DASHES.length] };
}

/** CSS class carrying the colour of run `runIndex` (defined in media/dashboard.css for 6 colours). */
export function seriesColorClass(runIndex: number, paletteSize = 6): string {
  return `series-${runIndex % paletteSize}`;
}
