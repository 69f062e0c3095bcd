/**
 * The step charts of a comparison: loss per step (every run), velocity (momentum-buffer) norm per step
 * (only the runs whose optimizer keeps a momentum buffer), the learning rate per step (only when a
 * schedule makes it vary), the gradient norm (every run), the update-to-parameter ratio (runs that carry
 * the parameter norm) and train with validation loss (runs on a problem with validation data).
 */
import type { WireColumn, WireComparison, WireRun } from '../../core/protocol';
import type { ChartTheme } from '../theme';
import { findingBands, type FindingBand } from '../findings/findingRanges';
import type { LineChartSpec, LineSeries } from './lineChart';
import type { ChartTable } from './chartTable';
import { seriesStyle, type SeriesStyle } from './seriesColors';
import { updateRatioColumn } from './runColumns';

function lineSeries(run: WireRun, runIndex: number, column: WireColumn, theme: ChartTheme, label = run.label, style = seriesStyle(theme, runIndex)): LineSeries {
  return {
    label,
    column,
    divergedAtStep: run.summary.diverged ? run.summary.divergedAtStep ?? run.stepsRun : null,
    style,
  };
}

/** Every run's findings, shaded over their steps (the loss, gradient-norm and validation charts). */
function comparisonBands(comparison: WireComparison): FindingBand[] {
  const lastRow = comparison.runs.reduce((n, run) => Math.max(n, run.loss.length - 1), 0);
  return findingBands(comparison.runs.map((run, runIndex) => ({ label: run.label, runIndex, findings: run.findings })), 0, lastRow);
}

/** Every run's loss, with every run's findings shaded over their steps. */
export function lossChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  return everyRunChart(comparison, 'Loss per step', 'loss', (run) => run.loss, log, theme);
}

/** One line per run (every run has the column), with every run's findings shaded. */
function everyRunChart(comparison: WireComparison, title: string, yLabel: string, column: (run: WireRun) => WireColumn, log: boolean, theme: ChartTheme): LineChartSpec {
  return {
    title,
    yLabel,
    log,
    theme,
    series: comparison.runs.map((run, i) => lineSeries(run, i, column(run), theme)),
    findings: comparisonBands(comparison),
  };
}

/** Every run's gradient norm (before clipping), findings shaded; norms span decades, so log scale by default. */
export function gradNormChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  return everyRunChart(comparison, 'Gradient norm per step', '‖gradient‖', (run) => run.gradNorm, log, theme);
}

/** Whether the run carries the parameter norm the update-to-parameter ratio needs (a comparison saved by an older version does not). */
export function hasParamNorm(run: WireRun): boolean {
  return run.paramNorm !== undefined;
}

/** The update-to-parameter ratio of the runs that carry the parameter norm, keeping each run's colour. */
export function updateRatioChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  const series: LineSeries[] = [];
  comparison.runs.forEach((run, i) => {
    if (hasParamNorm(run)) series.push(lineSeries(run, i, updateRatioColumn(run), theme));
  });
  return { title: 'Update-to-parameter ratio per step', yLabel: '‖Δθ‖ / ‖θ‖', log, theme, series };
}

/** Whether the run has held-out validation values (problems with data). */
export function hasValidation(run: WireRun): boolean {
  return run.valLoss !== undefined;
}

/** Validation dashes: long dashes, or short ones when the run's own line is already dashed (past the palette). */
function validationStyle(train: SeriesStyle): SeriesStyle {
  return { color: train.color, dash: train.dash.length === 0 ? [6, 3] : [2, 2] };
}

/**
 * Train loss (solid) and validation loss (dashed, same colour) of the runs with validation data, findings shaded.
 * The validation line joins its evaluations (joinGaps); `validationTable` gives the evaluated rows for the table.
 */
export function validationChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  const series: LineSeries[] = [];
  comparison.runs.forEach((run, i) => {
    if (!run.valLoss) return;
    const style = seriesStyle(theme, i);
    series.push(lineSeries(run, i, run.loss, theme, `${run.label} train`, style));
    // Joined across the rows between evaluations, as TensorBoard draws sparse eval points; hovering there shows no value.
    series.push({ ...lineSeries(run, i, run.valLoss, theme, `${run.label} validation`, validationStyle(style)), joinGaps: true });
  });
  return { title: 'Train and validation loss per step', yLabel: 'loss', log, theme, series, findings: comparisonBands(comparison) };
}

/**
 * The validation chart's table: only the steps where some run's validation loss was evaluated, with the train
 * loss beside it, so the data table and the CSV hold measured numbers (not the joining line) and a long run's
 * table is not mostly empty cells. Columns follow validationChartSpec: step, then train and validation per run
 * (the chart is never smoothed). The loss chart's table has the train loss at every step.
 */
export function validationTable(comparison: WireComparison, drawn: ChartTable): ChartTable {
  const measured = comparison.runs.map((run) => run.valLoss).filter((v): v is WireColumn => v !== undefined);
  const steps = drawn.data[0] ?? [];
  const rows: number[] = [];
  for (let k = 0; k < steps.length; k++) if (measured.some((v) => (v[k] ?? null) !== null)) rows.push(k);
  const data = drawn.data.map((column, c) => {
    // Validation columns are 2, 4, ...: the evaluated values, not the line drawn through them.
    const source = c >= 2 && c % 2 === 0 ? measured[c / 2 - 1] : column;
    return rows.map((k) => source?.[k] ?? null);
  });
  return { columns: drawn.columns, data };
}

/** Runs with a momentum buffer, keeping each run's colour from the loss chart. */
export function velocityChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  const series: LineSeries[] = [];
  comparison.runs.forEach((run, i) => {
    if (run.hasVelocity) series.push(lineSeries(run, i, run.velocityNorm, theme));
  });
  return { title: 'Velocity (momentum buffer) norm per step', yLabel: '‖velocity‖', log, theme, series };
}

/** Labels of the runs that keep no momentum buffer (plain SGD, RMSprop without momentum). */
export function runsWithoutVelocity(comparison: WireComparison): string[] {
  return comparison.runs.filter((run) => !run.hasVelocity).map((run) => run.label);
}

/** Whether the run's learning rate changes between updates (row 0, before any update, has none). */
export function lrVaries(run: WireRun): boolean {
  let first: number | null = null;
  for (let k = 1; k < run.lr.length; k++) {
    const v = run.lr[k];
    if (v === null) continue;
    if (first === null) first = v;
    else if (v !== first) return true;
  }
  return false;
}

/** The runs whose lr varies, keeping each run's colour; always a linear scale (schedules can reach 0). */
export function lrChartSpec(comparison: WireComparison, theme: ChartTheme): LineChartSpec {
  const series: LineSeries[] = [];
  comparison.runs.forEach((run, i) => {
    if (lrVaries(run)) series.push(lineSeries(run, i, run.lr, theme));
  });
  return { title: 'Learning rate per step', yLabel: 'lr', log: false, theme, series };
}
