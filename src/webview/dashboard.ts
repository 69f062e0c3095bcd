/**
 * The dashboard page: lays out the header, status banner and sections for the current comparison,
 * and owns the charts. `show` renders a comparison and resolves once every chart has drawn.
 */
import type { WireComparison } from '../core/protocol';
import { createProblem } from '../core/problems';
import { LineChart } from './charts/lineChart';
import { lossChartSpec, lrChartSpec, lrVaries, runsWithoutVelocity, velocityChartSpec } from './charts/metricCharts';
import { seriesColorClass } from './charts/seriesColors';
import { h, replaceChildren } from './dom';
import { PathPlot, pathPlotRuns, type PathPlotInput } from './pathPlot';
import { ResultsTable } from './resultsTable';
import { readTheme, type ChartTheme } from './theme';
import { emptyState, header, panel, statusBanner, type Status } from './views';
import { comparisonFindingsList } from './findings/findingsList';
import { FixTrialView, type FixTrialStatus } from './findings/fixTrialView';

export interface DashboardActions {
  runComparison(): void;
  setLogScale(on: boolean): void;
  /** A non-fatal problem worth reporting to the host (e.g. the loss surface could not be rebuilt). */
  reportError(message: string): void;
  /** "Try this fix" on fix `fixIndex` of finding `findingIndex` of run `runIndex` of the comparison shown. */
  tryFix(runIndex: number, findingIndex: number, fixIndex: number): void;
}

export class Dashboard {
  private comparison: WireComparison | null = null;
  private logScale = true;
  private status: Status = { kind: 'idle' };
  private theme: ChartTheme = readTheme();
  private lossChart: LineChart | null = null;
  private velocityChart: LineChart | null = null;
  private lrChart: LineChart | null = null;
  private pathPlot: PathPlot | null = null;
  private readonly bannerSlot = h('div', { class: 'banner-slot' });
  private trialStatus: FixTrialStatus = { kind: 'none' };
  private readonly trialView = new FixTrialView();
  private readonly findingsSlot = h('div', { class: 'findings-slot' });
  private trialPanel: HTMLElement | null = null;

  constructor(private readonly root: HTMLElement, private readonly actions: DashboardActions) {}

  /** Renders `comparison` (or the empty state for null); resolves after the charts have drawn. */
  show(comparison: WireComparison | null, logScale: boolean): Promise<void> {
    this.comparison = comparison;
    this.logScale = logScale;
    const trial = this.trialStatus;
    if (trial.kind === 'done' && trial.trial.comparisonFinishedAt !== comparison?.finishedAt) this.trialStatus = { kind: 'none' };
    this.disposeCharts();
    const onRun = () => this.actions.runComparison();
    const top = header(comparison, logScale, onRun, (on) => this.actions.setLogScale(on));
    this.updateBanner();
    if (!comparison) {
      replaceChildren(this.root, top, this.bannerSlot, emptyState(onRun));
      return Promise.resolve();
    }
    replaceChildren(this.root, top, this.bannerSlot, this.sections(comparison));
    return Promise.all([this.drawCharts(), this.showTrial()]).then(() => undefined);
  }

  /**
   * Shows the state of "Try this fix" (a trial of another comparison is dropped); resolves once the trial's
   * chart has drawn. The fix buttons are disabled while a trial runs.
   */
  setFixTrial(status: FixTrialStatus): Promise<void> {
    const comparison = this.comparison;
    this.trialStatus = status.kind === 'done' && comparison && status.trial.comparisonFinishedAt !== comparison.finishedAt ? { kind: 'none' } : status;
    if (!comparison) return Promise.resolve();
    this.renderFindings(comparison);
    return this.showTrial();
  }

  private showTrial(): Promise<void> {
    const comparison = this.comparison;
    if (!comparison || !this.trialPanel) return Promise.resolve();
    this.trialPanel.hidden = this.trialStatus.kind === 'none';
    const label = (i: number) => comparison.runs[i]?.label ?? `run ${i + 1}`;
    return this.trialView.show(this.trialStatus, this.logScale, this.theme, label);
  }

  private renderFindings(comparison: WireComparison): void {
    const list = comparisonFindingsList(comparison.runs, {
      tryFix: (run, finding, fix) => this.actions.tryFix(run, finding, fix),
      busy: this.trialStatus.kind === 'running',
    });
    replaceChildren(this.findingsSlot, list);
    const section = this.findingsSlot.closest('section');
    if (section instanceof HTMLElement) section.hidden = list === null;
  }

  setStatus(status: Status): void {
    this.status = status;
    this.root.classList.toggle('is-running', status.kind === 'running');
    this.updateBanner();
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('button.run-comparison')) {
      button.disabled = status.kind === 'running';
    }
  }

  /** Switches the charts between log and linear y scales. */
  setLogScale(logScale: boolean): Promise<void> {
    this.logScale = logScale;
    return Promise.all([this.drawCharts(), this.trialView.redraw(logScale, this.theme)]).then(() => undefined);
  }

  /** Re-reads the theme colours and redraws every canvas. */
  applyTheme(): void {
    this.theme = readTheme();
    if (!this.comparison) return;
    void this.drawCharts();
    void this.trialView.redraw(this.logScale, this.theme);
    this.pathPlot?.setTheme(this.theme);
  }

  private updateBanner(): void {
    replaceChildren(this.bannerSlot, statusBanner(this.status, () => this.actions.runComparison()));
  }

  private sections(comparison: WireComparison): HTMLElement {
    const lossHost = h('div', { id: 'loss-chart', class: 'chart' });
    this.lossChart = new LineChart(lossHost);
    const panels: HTMLElement[] = [
      panel('loss', 'Loss', 'Loss after each update. Drag to zoom, double-click to reset.', lossHost),
    ];
    const pathPanel = this.pathPanel(comparison);
    if (pathPanel) panels.push(pathPanel);
    panels.push(this.velocityPanel(comparison));
    if (comparison.runs.some(lrVaries)) {
      const lrHost = h('div', { id: 'lr-chart', class: 'chart' });
      this.lrChart = new LineChart(lrHost);
      const constant = comparison.runs.filter((run) => !lrVaries(run)).map((run) => run.label);
      panels.push(panel('lr', 'Learning rate', 'Learning rate used at each update, after the schedule.', lrHost,
        constant.length > 0 ? h('p', { class: 'note' }, `Constant learning rate: ${constant.join(', ')}.`) : null));
    }
    const table = h('table', { id: 'results-table' });
    new ResultsTable(table).render(comparison);
    const results = panel('results', 'Results', null, h('div', { class: 'table-scroll' }, table));
    // The table takes a full row unless it fills the second column of the last row.
    if (panels.length % 2 === 0) results.classList.add('wide');
    panels.push(results);
    const findings = panel('findings', 'Findings', 'What the diagnosis saw in each run, with fixes best first. '
      + '"Try this fix" re-runs the same problem and seed with the fix applied.', this.findingsSlot);
    findings.classList.add('wide');
    this.trialPanel = panel('fix-trial', 'Fix trial', null, this.trialView.element);
    this.trialPanel.classList.add('wide');
    panels.push(findings, this.trialPanel);
    const grid = h('div', { class: 'grid' }, ...panels);
    this.renderFindings(comparison);
    return grid;
  }

  private velocityPanel(comparison: WireComparison): HTMLElement {
    const missing = runsWithoutVelocity(comparison);
    const withVelocity = comparison.runs.length - missing.length;
    let chartHost: HTMLElement | null = null;
    if (withVelocity > 0) {
      chartHost = h('div', { id: 'velocity-chart', class: 'chart' });
      this.velocityChart = new LineChart(chartHost);
    }
    const note = missing.length === 0 ? null
      : withVelocity === 0 ? h('p', { class: 'note' }, 'None of these optimizers keeps a momentum buffer, so there is no velocity to show.')
        : h('p', { class: 'note' }, `No momentum buffer: ${missing.join(', ')}.`);
    return panel('velocity', 'Velocity norm',
      'L2 norm of the momentum buffer (PyTorch\u2019s momentum_buffer, Adam\u2019s exp_avg) after each update.', chartHost, note);
  }

  private pathPanel(comparison: WireComparison): HTMLElement | null {
    const bounds = comparison.plotBounds;
    if (!bounds || !comparison.runs.some((run) => run.dim === 2)) return null;
    const host = h('div', { id: 'path-plot', class: 'path-plot' });
    this.pathPlot = new PathPlot(host);
    const minimizer = comparison.minimizer && comparison.minimizer.length === 2
      ? [comparison.minimizer[0], comparison.minimizer[1]] as [number, number] : null;
    const input: PathPlotInput = { bounds, minimizer, runs: pathPlotRuns(comparison), loss: this.lossSurface(comparison) };
    const description = `Optimizer paths over loss contours of ${comparison.problemTitle}, ${input.runs.length} paths`
      + (minimizer ? `; minimum at (${minimizer[0]}, ${minimizer[1]})` : '');
    this.pathPlot.render(input, this.theme, description);
    const legend = h('ul', { class: 'path-legend', 'aria-label': 'Path plot legend' },
      ...comparison.runs.map((run, i) => h('li', {},
        h('span', { class: `swatch ${seriesColorClass(i)}${i >= 6 ? ' dashed' : ''}`, 'aria-hidden': 'true' }), run.label)),
      h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '○'), 'start'),
      h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '●'), 'end'),
      minimizer ? h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '★'), 'minimum') : null,
      comparison.runs.some((r) => r.summary.diverged) ? h('li', { class: 'symbol' }, h('span', { class: 'glyph diverged-glyph', 'aria-hidden': 'true' }, '✕'), 'diverged') : null);
    return panel('paths', 'Optimizer paths', `Parameters after each update over contour lines of the loss${bounds.logLevels ? ' (log-spaced levels)' : ''}.`, host, legend);
  }

  private lossSurface(comparison: WireComparison): ((x: number, y: number) => number) | null {
    try {
      const problem = createProblem(comparison.problem);
      if (problem.dim !== 2) return null;
      const point = new Float64Array(2);
      return (x, y) => {
        point[0] = x;
        point[1] = y;
        return problem.loss(point);
      };
    } catch (error) {
      this.actions.reportError(`cannot draw the loss contours: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private drawCharts(): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) return Promise.resolve();
    const drawn: Promise<void>[] = [];
    if (this.lossChart) {
      const next = this.lossChart.nextDrawAfter(() => this.lossChart?.render(lossChartSpec(comparison, this.logScale, this.theme)));
      drawn.push(next);
    }
    if (this.velocityChart) {
      const next = this.velocityChart.nextDrawAfter(() => this.velocityChart?.render(velocityChartSpec(comparison, this.logScale, this.theme)));
      drawn.push(next);
    }
    if (this.lrChart) {
      const next = this.lrChart.nextDrawAfter(() => this.lrChart?.render(lrChartSpec(comparison, this.theme)));
      drawn.push(next);
    }
    return Promise.all(drawn).then(() => undefined);
  }

  private disposeCharts(): void {
    this.lossChart?.destroy();
    this.velocityChart?.destroy();
    this.lrChart?.destroy();
    this.pathPlot?.destroy();
    this.trialView.destroy();
    this.lossChart = this.velocityChart = this.lrChart = null;
    this.pathPlot = null;
  }
}
