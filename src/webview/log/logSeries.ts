/**
 * Turns one tag of a watched-log snapshot into what its chart draws: uPlot's aligned columns (step on x),
 * clamped for a log axis, plus a wording of the non-finite values for the note under the chart. Pure,
 * so it is unit-tested without a DOM.
 */
import type { WireLogSeries, WireNonFinite } from '../../core/protocol';
import { clampForLog, logFloor, type SeriesColumn } from '../charts/chartData';
import { formatCompact, formatSteps } from '../format';

/**
 * Tags whose values span decades as training goes: the loss and its relatives. They start on a log
 * scale and get a toggle; accuracies ("val_accuracy", "train/acc") stay linear.
 */
export function isLossLike(tag: string): boolean {
  const name = tag.toLowerCase();
  if (/accuracy|(^|[^a-z])acc([^a-z]|$)/.test(name)) return false;
  return /loss|nll|perplexity|ppl|mse|mae|entropy|error|(^|[^a-z])err([^a-z]|$)/.test(name);
}

/** Whether the chart of `tag` is on a log scale, given the loss-like tags the user switched to linear. */
export function usesLogScale(tag: string, linearTags: readonly string[]): boolean {
  return isLossLike(tag) && !linearTags.includes(tag);
}

export interface ChartColumns {
  xs: number[];
  ys: SeriesColumn;
}

/**
 * Step and value columns for uPlot, ordered by step (uPlot needs ascending x; a store delivers them in
 * order, so the sort is a fallback that costs one pass when nothing is out of order). On a log scale,
 * zero and negative values are drawn at the floor instead of vanishing.
 */
export function chartColumns(series: WireLogSeries | undefined, log: boolean): ChartColumns {
  if (!series) return { xs: [], ys: [] };
  // The protocol's validation guarantees finite steps (only values may be null).
  const steps = series.step as number[];
  let xs = steps;
  let ys: SeriesColumn = series.value;
  let ordered = true;
  for (let i = 1; i < xs.length && ordered; i++) ordered = xs[i - 1] <= xs[i];
  if (!ordered) {
    const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
    xs = order.map((i) => steps[i]);
    ys = order.map((i) => series.value[i]);
  }
  if (log) ys = clampForLog(ys, logFloor([ys]));
  return { xs: [...xs], ys: log ? ys : [...ys] };
}

const KIND_NAME: Record<WireNonFinite['kind'], string> = { nan: 'NaN', '+inf': '+Inf', '-inf': '\u2212Inf' };

/** "NaN at step 1,200", "2 non-finite values: NaN at step 20, +Inf at step 40", with the first few named. */
export function describeNonFinite(nonFinite: readonly WireNonFinite[], named = 3): string | null {
  if (nonFinite.length === 0) return null;
  const parts = nonFinite.slice(0, named).map((p) => `${KIND_NAME[p.kind]} at step ${formatSteps(p.step)}`);
  const more = nonFinite.length > named ? `, and ${nonFinite.length - named} more` : '';
  return nonFinite.length === 1 ? parts[0] : `${nonFinite.length} non-finite values: ${parts.join(', ')}${more}`;
}

/** The tags to ask for after the user ticked or unticked `tag`: the current order, a new tag last. */
export function toggledTags(shown: readonly string[], tag: string, on: boolean): string[] {
  const without = shown.filter((t) => t !== tag);
  return on ? [...without, tag] : without;
}

/** Step-axis ticks: whole steps with grouping ("12,500"), anything else compact. */
export function formatStepTick(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? formatSteps(value) : formatCompact(value);
}

/** Value-axis ticks: compact, without the padding zeros of the exponential form ("8e-4", not "8.00e-4"). */
export function formatValueTick(value: number): string {
  return formatCompact(value).replace(/\.?0+e/, 'e');
}
