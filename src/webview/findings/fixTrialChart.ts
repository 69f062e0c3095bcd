/** The chart of a fix trial: the run's loss before and after the fix, the re-run's findings shaded. */
import type { WireFixTrial, WireRun } from '../../core/protocol';
import type { LineChartSpec } from '../charts/lineChart';
import { seriesStyle } from '../charts/seriesColors';
import type { ChartTheme } from '../theme';
import { findingBands } from './findingRanges';

function divergedAt(run: WireRun): number | null {
  return run.summary.diverged ? run.summary.divergedAtStep ?? run.stepsRun : null;
}

/** Before in the run's own colour, after in the next distinct one, dashed (told apart without colour too). */
export function fixTrialChartSpec(trial: WireFixTrial, log: boolean, theme: ChartTheme): LineChartSpec {
  const before = seriesStyle(theme, trial.runIndex);
  const afterColour = seriesStyle(theme, trial.runIndex === 2 ? 3 : 2).color;
  const lastRow = Math.max(trial.before.loss.length, trial.after.loss.length) - 1;
  return {
    title: 'Loss before and after the fix',
    yLabel: 'loss',
    log,
    theme,
    series: [
      { label: `Before: ${trial.before.label}`, column: trial.before.loss, divergedAtStep: divergedAt(trial.before), style: before },
      { label: `After: ${trial.after.label}`, column: trial.after.loss, divergedAtStep: divergedAt(trial.after), style: { color: afterColour, dash: [6, 3] } },
    ],
    findings: findingBands([{ label: 'the re-run', runIndex: 0, findings: trial.after.findings }], 0, lastRow),
  };
}
