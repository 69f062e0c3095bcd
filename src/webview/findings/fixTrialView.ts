/**
 * The "Fix trial" section: while the host re-runs a run with a fix, a progress banner; after, a "Proven" or
 * "Not proven" badge with the verdict, the loss before and after on one chart (the re-run's findings shaded)
 * and the re-run's findings. A failure says why.
 */
import type { WireFixTrial } from '../../core/protocol';
import { LineChart } from '../charts/lineChart';
import { h, replaceChildren } from '../dom';
import type { ChartTheme } from '../theme';
import { fixTrialChartSpec } from './fixTrialChart';
import { runFindingsList } from './findingsList';

export type FixTrialStatus =
  | { kind: 'none' }
  | { kind: 'running'; runIndex: number; title: string }
  | { kind: 'failed'; runIndex: number; message: string }
  | { kind: 'done'; trial: WireFixTrial };

export class FixTrialView {
  readonly element = h('div', { class: 'fix-trial', 'aria-live': 'polite' });
  private chart: LineChart | null = null;
  private status: FixTrialStatus = { kind: 'none' };

  /** Shows `status`; resolves once its chart (if any) has drawn. */
  show(status: FixTrialStatus, log: boolean, theme: ChartTheme, runLabel: (runIndex: number) => string): Promise<void> {
    this.status = status;
    this.chart?.destroy();
    this.chart = null;
    this.element.dataset.state = status.kind;
    if (status.kind === 'none') {
      replaceChildren(this.element);
      return Promise.resolve();
    }
    if (status.kind === 'running') {
      replaceChildren(this.element, h('div', { class: 'banner running', role: 'status' },
        h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-bit' })),
        h('span', {}, `${runLabel(status.runIndex)}: ${status.title}`)));
      return Promise.resolve();
    }
    if (status.kind === 'failed') {
      replaceChildren(this.element, h('div', { class: 'banner error', role: 'alert' },
        h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'),
        h('div', { class: 'banner-text' }, h('strong', {}, `The fix could not be tried on ${runLabel(status.runIndex)}. `), status.message)));
      return Promise.resolve();
    }
    const { trial } = status;
    const fix = trial.before.findings?.[trial.findingIndex]?.fixes[trial.fixIndex];
    const finding = trial.before.findings?.[trial.findingIndex];
    const chartHost = h('div', { class: 'chart fix-trial-chart' });
    replaceChildren(this.element,
      h('div', { class: 'fix-trial-head' },
        h('span', { class: `proof-badge ${trial.proven ? 'proven' : 'not-proven'}` },
          h('span', { 'aria-hidden': 'true' }, trial.proven ? '\u2714 ' : '\u2716 '), trial.proven ? 'Proven' : 'Not proven'),
        h('span', { class: 'fix-trial-what' }, `${fix?.text ?? 'The fix'} — tried on ${trial.before.label}${finding ? ` for its ${finding.kind}` : ''}.`)),
      h('p', { class: 'verdict' }, trial.verdict),
      chartHost,
      h('h3', {}, 'Findings after the fix'),
      runFindingsList(trial.after.findings, 'None: the re-run has no finding.'));
    this.chart = new LineChart(chartHost);
    return this.redraw(log, theme);
  }

  /** Redraws the chart (scale or theme change). */
  redraw(log: boolean, theme: ChartTheme): Promise<void> {
    const status = this.status;
    const chart = this.chart;
    if (status.kind !== 'done' || !chart) return Promise.resolve();
    return chart.nextDrawAfter(() => chart.render(fixTrialChartSpec(status.trial, log, theme)));
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
