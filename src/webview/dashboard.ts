/**
 * The dashboard page: lays out the header, status banner and sections for the current comparison,
 * and owns the charts. `show` renders a comparison and resolves once every chart has drawn.
 */
import { comparisonXAxis } from './axis/comparisonXAxis';
import type { WireComparison } from '../core/protocol';
import { createProblem } from '../core/problems';
import { LineChart, type LineChartSpec } from './charts/lineChart';
import { lossChartSpec, lrChartSpec, lrVaries, runsWithoutVelocity, velocityChartSpec } from './charts/metricCharts';
import { gradNormChartSpec, hasParamNorm, hasValidation, updateRatioChartSpec, validationChartSpec, validationTable } from './charts/metricCharts';
import { h, replaceChildren } from './dom';
import { PathPlot, pathPlotRuns, type PathPlotInput } from './pathPlot';
import { ResultsTable } from './resultsTable';
import { readTheme, type ChartTheme } from './theme';
import { emptyState, header, panel, statusBanner, type Status } from './views';
import { comparisonFindingsList } from './findings/findingsList';
import { FixTrialView, type FixTrialStatus } from './findings/fixTrialView';
import type { ComparisonChartId, ExportFormat } from '../core/protocol';
import { ChartSync } from './charts/chartSync';
import { chartTools, iconButton } from './charts/chartTools';
import { exportFileName, tableCsv } from './charts/chartTable';
import { dataTable } from './charts/dataTable';
import { chartFrames } from './charts/frameQueue';
import { smoothingControl } from './charts/smoothingControl';
import { findingsMarkdown } from './export/findingsMarkdown';
import { chartPng } from './export/chartPng';
import { StabilityView } from './stability/stabilityView';
import type { WebviewPathsState } from '../core/protocol';
import { createPathPlayer, pathLegend } from './paths/pathPanel';
import type { PathPlayer } from './paths/pathPlayer';
import type { PathPlayback } from './paths/pathState';

export interface DashboardActions {
  runComparison(): void;
  setLogScale(on: boolean): void;
  /** A non-fatal problem worth reporting to the host (e.g. the loss surface could not be rebuilt). */
  reportError(message: string): void;
  /** "Try this fix" on fix `fixIndex` of finding `findingIndex` of run `runIndex` of the comparison shown. */
  tryFix(runIndex: number, findingIndex: number, fixIndex: number): void;
  setChartLog(chart: ComparisonChartId, on: boolean): void;
  setTable(chart: ComparisonChartId, shown: boolean): void;
  /** While dragging (`commit` false) and when let go (true). */
  setSmoothing(weight: number, commit: boolean): void;
  /** A click on the stability map. */
  runAtSettings(lr: number, momentum: number, nesterov: boolean): void;
  saveFile(format: ExportFormat, fileName: string, data: string): void;
  copyText(text: string, what: string): void;
  /** The path animation moved (`commit`: paused, sought or hidden; else a periodic update while playing). */
  setPathPlayback(playback: PathPlayback, commit: boolean): void;
}

/** The view choices the dashboard reads (from the saved state). */
export interface ChartSettings {
  log(chart: ComparisonChartId): boolean;
  table(chart: ComparisonChartId): boolean;
  smoothing: number;
  /** Where the path animation stood (for the comparison it names). */
  paths?: WebviewPathsState | null;
}

const CHART_NAMES: Record<ComparisonChartId, string> = {
  loss: 'loss', velocity: 'velocity norm', lr: 'learning rate', validation: 'train and validation loss', gradNorm: 'gradient norm',
  updateRatio: 'update-to-parameter ratio',
};

export class Dashboard {
  private comparison: WireComparison | null = null;
  private logScale = true;
  private readonly sync = new ChartSync('comparison');
  private stability: StabilityView | null = null;
  private readonly chartSlots = new Map<ComparisonChartId, { host: HTMLElement; table: HTMLElement; tools: HTMLElement }>();
  private status: Status = { kind: 'idle' };
  private theme: ChartTheme = readTheme();
  /** The line charts shown, by id (a chart the comparison has no data for is absent). */
  private readonly charts = new Map<ComparisonChartId, LineChart>();
  private pathPlot: PathPlot | null = null;
  private pathPlayer: PathPlayer | null = null;
  private readonly bannerSlot = h('div', { class: 'banner-slot' });
  private trialStatus: FixTrialStatus = { kind: 'none' };
  private readonly trialView = new FixTrialView();
  private readonly findingsSlot = h('div', { class: 'findings-slot' });
  private trialPanel: HTMLElement | null = null;

  constructor(private readonly root: HTMLElement, private readonly actions: DashboardActions, private readonly settings: () => ChartSettings) {}

  /** Renders `comparison` (or the empty state for null); resolves after the charts have drawn. */
  show(comparison: WireComparison | null, logScale: boolean): Promise<void> {
    if (comparison?.finishedAt !== this.comparison?.finishedAt) this.sync.reset();
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
    top.append(comparisonXAxis());
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
    const box = this.root.querySelector<HTMLInputElement>('#log-scale');
    if (box) box.checked = logScale;
    return Promise.all([this.drawCharts(), this.trialView.redraw(logScale, this.theme)]).then(() => undefined);
  }

  /** Redraws after a per-chart choice (scale, table, smoothing) changed. */
  redraw(): Promise<void> {
    return this.drawCharts();
  }

  /** The comparison's findings as Markdown (what "Copy findings as Markdown" copies). */
  findingsMarkdown(): string | null {
    const comparison = this.comparison;
    if (!comparison) return null;
    return findingsMarkdown(comparison.problemTitle, comparison.runs.map((run) => ({ label: run.label, findings: run.findings })));
  }

  /** Re-reads the theme colours and redraws every canvas. */
  applyTheme(): void {
    this.theme = readTheme();
    if (!this.comparison) return;
    void this.drawCharts();
    void this.trialView.redraw(this.logScale, this.theme);
    this.pathPlot?.setTheme(this.theme);
    this.stability?.setTheme(this.theme);
  }

  private updateBanner(): void {
    replaceChildren(this.bannerSlot, statusBanner(this.status, () => this.actions.runComparison()));
  }

  /** A chart's host, table slot and tools (log toggle, table, CSV, PNG), registered for redraws and exports. */
  private chartSlot(id: ComparisonChartId, withLog: boolean): { host: HTMLElement; table: HTMLElement; tools: HTMLElement } {
    const host = h('div', { id: `${id}-chart`, class: 'chart' });
    const table = h('div', { class: 'table-slot', id: `${id}-table` });
    const settings = this.settings();
    const tools = chartTools({
      name: CHART_NAMES[id],
      ...(withLog ? { log: { checked: settings.log(id), onChange: (on: boolean) => this.actions.setChartLog(id, on) } } : {}),
      table: { shown: settings.table(id), onChange: (shown) => this.actions.setTable(id, shown) },
      onCsv: () => this.exportCsv(id),
      onPng: () => this.exportPng(id),
    });
    const slot = { host, table, tools };
    this.chartSlots.set(id, slot);
    return slot;
  }

  private chartOf(id: ComparisonChartId): LineChart | null {
    return this.charts.get(id) ?? null;
  }

  /** A chart slot with its LineChart, registered for drawing. */
  private lineChartSlot(id: ComparisonChartId, withLog: boolean): ReturnType<Dashboard['chartSlot']> {
    const slot = this.chartSlot(id, withLog);
    this.charts.set(id, new LineChart(slot.host));
    return slot;
  }

  private exportCsv(id: ComparisonChartId): void {
    const table = this.chartOf(id)?.table;
    if (!table || !this.comparison) return;
    this.actions.saveFile('csv', exportFileName([CHART_NAMES[id], this.comparison.problemTitle], 'csv'), tableCsv(table));
  }

  private exportPng(id: ComparisonChartId): void {
    const canvas = this.chartOf(id)?.canvas;
    if (!canvas || !this.comparison) return;
    this.actions.saveFile('png', exportFileName([CHART_NAMES[id], this.comparison.problemTitle], 'png'), chartPng(canvas, this.theme.background));
  }

  private sections(comparison: WireComparison): HTMLElement {
    this.chartSlots.clear();
    const loss = this.lineChartSlot('loss', true);
    const smoothing = smoothingControl(this.settings().smoothing,
      (w) => this.actions.setSmoothing(w, false), (w) => this.actions.setSmoothing(w, true));
    const panels: HTMLElement[] = [
      toolPanel('loss', 'Loss', 'Loss after each update. Drag to zoom (all charts follow), double-click to reset.', loss.tools, smoothing, loss.host, loss.table),
    ];
    const pathPanel = this.pathPanel(comparison);
    if (pathPanel) panels.push(pathPanel);
    panels.push(this.velocityPanel(comparison));
    if (comparison.runs.some(lrVaries)) {
      const lr = this.lineChartSlot('lr', true);
      const constant = comparison.runs.filter((run) => !lrVaries(run)).map((run) => run.label);
      panels.push(toolPanel('lr', 'Learning rate', 'Learning rate used at each update, after the schedule.', lr.tools, null, lr.host, lr.table,
        constant.length > 0 ? h('p', { class: 'note' }, `Constant learning rate: ${constant.join(', ')}.`) : null));
    }
    panels.push(this.validationPanel(comparison), this.gradNormPanel());
    const ratio = this.updateRatioPanel(comparison);
    if (ratio) panels.push(ratio);
    const table = h('table', { id: 'results-table' });
    new ResultsTable(table).render(comparison);
    const results = panel('results', 'Results', null, h('div', { class: 'table-scroll' }, table));
    // The table takes a full row unless it fills the second column of the last row.
    if (panels.length % 2 === 0) results.classList.add('wide');
    panels.push(results);
    this.stability = new StabilityView(this.theme, (lr, momentum, nesterov) => this.actions.runAtSettings(lr, momentum, nesterov));
    this.stability.show(comparison, this.theme);
    const stabilityPanel = panel('stability', 'Stability map', 'Worst convergence rate of momentum SGD over the quadratic’s curvature range at each '
      + 'learning rate and momentum (closed form). Numbered dots are the runs, arrows their suggested fixes.', this.stability.element);
    stabilityPanel.classList.add('wide');
    const copy = iconButton('copy', 'Copy findings as Markdown', () => {
      const text = this.findingsMarkdown();
      if (text) this.actions.copyText(text, 'findings');
    }, 'copy-findings');
    copy.append(h('span', {}, 'Copy as Markdown'));
    const findings = toolPanel('findings', 'Findings', 'What the diagnosis saw in each run, with fixes best first. '
      + '"Try this fix" re-runs the same problem and seed with the fix applied.', h('div', { class: 'chart-tools' }, copy), null, this.findingsSlot);
    findings.classList.add('wide');
    this.trialPanel = panel('fix-trial', 'Fix trial', null, this.trialView.element);
    this.trialPanel.classList.add('wide');
    panels.push(findings, this.trialPanel, stabilityPanel);
    const grid = h('div', { class: 'grid' }, ...panels);
    this.renderFindings(comparison);
    return grid;
  }

  private velocityPanel(comparison: WireComparison): HTMLElement {
    const missing = runsWithoutVelocity(comparison);
    const withVelocity = comparison.runs.length - missing.length;
    let slot: ReturnType<Dashboard['chartSlot']> | null = null;
    if (withVelocity > 0) {
      slot = this.lineChartSlot('velocity', true);
    }
    const note = missing.length === 0 ? null
      : withVelocity === 0 ? h('p', { class: 'note' }, 'None of these optimizers keeps a momentum buffer, so there is no velocity to show.')
        : h('p', { class: 'note' }, `No momentum buffer: ${missing.join(', ')}.`);
    return toolPanel('velocity', 'Velocity norm',
      'L2 norm of the momentum buffer (PyTorch\u2019s momentum_buffer, Adam\u2019s exp_avg) after each update.', slot?.tools ?? null, null,
      slot?.host ?? null, slot?.table ?? null, note);
  }

  /** Train and validation loss of the runs with validation data; a note for the rest (problems without data). */
  private validationPanel(comparison: WireComparison): HTMLElement {
    const without = comparison.runs.filter((run) => !hasValidation(run)).map((run) => run.label);
    const slot = without.length < comparison.runs.length ? this.lineChartSlot('validation', true) : null;
    const note = without.length === 0 ? null
      : slot === null ? h('p', { class: 'note' }, 'No validation data for this problem: only the problems trained on a dataset (MLP, logistic regression) hold out a validation set.')
        : h('p', { class: 'note' }, `No validation data: ${without.join(', ')}.`);
    return toolPanel('validation', 'Train and validation loss',
      'Loss on the training data (solid) and on a held-out validation set from the same distribution (dashed, same colour), '
      + 'evaluated every few steps and joined by straight lines. Validation rising while training falls is overfitting.',
      slot?.tools ?? null, null, slot?.host ?? null, slot?.table ?? null, note);
  }

  private gradNormPanel(): HTMLElement {
    const slot = this.lineChartSlot('gradNorm', true);
    return toolPanel('gradNorm', 'Gradient norm', 'L2 norm of the gradient at each step, before clipping.', slot.tools, null, slot.host, slot.table);
  }

  /** Left out when no run carries the parameter norm (a comparison saved by an older version). */
  private updateRatioPanel(comparison: WireComparison): HTMLElement | null {
    if (!comparison.runs.some(hasParamNorm)) return null;
    const slot = this.lineChartSlot('updateRatio', true);
    return toolPanel('updateRatio', 'Update-to-parameter ratio',
      '‖θ_k − θ_(k−1)‖ / ‖θ_(k−1)‖ per update. A common health check: around 1e-3 is typical; far below, learning is slow '
      + '(lr too small); far above, updates overwhelm the weights (lr too large). No value where the parameters are all zero.',
      slot.tools, null, slot.host, slot.table);
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
    host.tabIndex = 0;
    host.setAttribute('aria-describedby', 'paths-keys');
    this.pathPlayer = createPathPlayer(this.pathPlot, comparison, input.runs, this.settings().paths,
      (playback, commit) => this.actions.setPathPlayback(playback, commit), [host]);
    const legend = pathLegend(comparison, input.runs, this.pathPlot.arrowScale, minimizer !== null);
    return panel('paths', 'Optimizer paths', `Parameters after each update over contour lines of the loss${bounds.logLevels ? ' (log-spaced levels)' : ''}, `
      + 'with each run\u2019s velocity at the shown step.', this.pathPlayer.element, host, legend,
    h('p', { id: 'paths-keys', class: 'visually-hidden' }, 'Space plays or pauses; Left and Right step; Home and End go to the start and end.'));
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

  /**
   * Redraws every chart, one per animation frame (chartFrames), and shows the data table instead of a chart
   * where the user asked for it. Resolves once all drew.
   */
  private drawCharts(): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) return Promise.resolve();
    const settings = this.settings();
    const drawn: Promise<void>[] = [];
    const draw = (id: ComparisonChartId, spec: () => LineChartSpec, afterDraw?: (chart: LineChart) => void) => {
      const chart = this.charts.get(id);
      if (!chart) return;
      drawn.push(chartFrames.schedule(chart, () => chart.nextDrawAfter(() => chart.render(spec())).then(() => {
        afterDraw?.(chart);
        this.showTable(id, chart);
      })));
    };
    const smoothing = settings.smoothing;
    draw('loss', () => ({ ...lossChartSpec(comparison, settings.log('loss'), this.theme), smoothing, sync: this.sync }));
    draw('velocity', () => ({ ...velocityChartSpec(comparison, settings.log('velocity'), this.theme), sync: this.sync }));
    draw('lr', () => ({ ...lrChartSpec(comparison, this.theme), log: settings.log('lr'), sync: this.sync }));
    // The table and CSV of the validation chart keep the evaluated values, not the joining line.
    draw('validation', () => ({ ...validationChartSpec(comparison, settings.log('validation'), this.theme), sync: this.sync }),
      (chart) => { if (chart.table) chart.table = validationTable(comparison, chart.table); });
    draw('gradNorm', () => ({ ...gradNormChartSpec(comparison, settings.log('gradNorm'), this.theme), sync: this.sync }));
    draw('updateRatio', () => ({ ...updateRatioChartSpec(comparison, settings.log('updateRatio'), this.theme), sync: this.sync }));
    return Promise.all(drawn).then(() => undefined);
  }

  private showTable(id: ComparisonChartId, chart: LineChart): void {
    const slot = this.chartSlots.get(id);
    if (!slot) return;
    const shown = this.settings().table(id) && chart.table !== null;
    slot.host.hidden = shown;
    replaceChildren(slot.table, shown && chart.table ? dataTable(chart.table, `${CHART_NAMES[id]} per step`) : null);
  }

  private disposeCharts(): void {
    for (const chart of this.charts.values()) chartFrames.cancel(chart);
    this.stability?.destroy();
    this.stability = null;
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.pathPlayer?.destroy();
    this.pathPlayer = null;
    this.pathPlot?.destroy();
    this.trialView.destroy();
    this.pathPlot = null;
  }
}

/** A panel whose heading row carries tools (right-aligned), then an optional control row and the body. */
function toolPanel(id: string, title: string, description: string | null, tools: HTMLElement | null, controls: HTMLElement | null,
  ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-heading` },
    h('div', { class: 'panel-head' }, h('h2', { id: `${id}-heading` }, title), tools),
    description ? h('p', { class: 'description' }, description) : null,
    controls, ...body);
}
