/**
 * The step charts of a comparison: loss per step (every run), velocity (momentum-buffer) norm per step
 * (only the runs whose optimizer keeps a momentum buffer), and the learning rate per step (only when a
 * schedule makes it vary).
 */
import type { WireComparison, WireRun } from '../../core/protocol';
import type { ChartTheme } from '../theme';
import { findingBands } from '../findings/findingRanges';
import type { LineChartSpec, LineSeries } from './lineChart';
import { seriesStyle } from './seriesColors';

function lineSeries(run: WireRun, runIndex: number, column: 'loss' | 'velocityNorm' | 'lr', theme: ChartTheme): LineSeries {
  return {
    label: run.label,
    column: run[column],
    divergedAtStep: run.summary.diverged ? run.summary.divergedAtStep ?? run.stepsRun : null,
    style: seriesStyle(theme, runIndex),
  };
}

/** Every run's loss, with every run's findings shaded over their steps. */
export function lossChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  const lastRow = comparison.runs.reduce((n, run) => Math.max(n, run.loss.length - 1), 0);
  return {
    title: 'Loss per step',
    yLabel: 'loss',
    log,
    theme,
    series: comparison.runs.map((run, i) => lineSeries(run, i, 'loss', theme)),
    findings: findingBands(comparison.runs.map((run, runIndex) => ({ label: run.label, runIndex, findings: run.findings })), 0, lastRow),
  };
}

/** Runs with a momentum buffer, keeping each run's colour from the loss chart. */
export function velocityChartSpec(comparison: WireComparison, log: boolean, theme: ChartTheme): LineChartSpec {
  const series: LineSeries[] = [];
  comparison.runs.forEach((run, i) => {
    if (run.hasVelocity) series.push(lineSeries(run, i, 'velocityNorm', theme));
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
    if (lrVaries(run)) series.push(lineSeries(run, i, 'lr', theme));
  });
  return { title: 'Learning rate per step', yLabel: 'lr', log: false, theme, series };
}
