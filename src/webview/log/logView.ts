/**
 * The "Training log" section: a watched run's header (label, path, format, health, last step, whether it
 * is still followed), its warnings, a tag picker and one chart per shown tag. Snapshots update it in
 * place: the header's texts change, charts of tags still shown get `setData`, only added tags get new
 * charts. After the charts drew a snapshot the section carries `data-log-version` and `data-last-step`.
 */
import { LOG_LIMITS, logSeriesOf, type WebviewLogState, type WireLogRun } from '../../core/protocol';
import { seriesStyle } from '../charts/seriesColors';
import { h, replaceChildren } from '../dom';
import { formatCompact, formatSteps, MISSING } from '../format';
import type { ChartTheme } from '../theme';
import { LogChart } from './logChart';
import { describeNonFinite, isLossLike, toggledTags, usesLogScale } from './logSeries';
import { TagPicker } from './tagPicker';
import { metricsPerChart } from '../findings/findingRanges';
import { runFindingsList } from '../findings/findingsList';
import type { ExportFormat } from '../../core/protocol';
import { ChartSync } from '../charts/chartSync';
import { chartTools, iconButton } from '../charts/chartTools';
import { exportFileName, tableCsv } from '../charts/chartTable';
import { dataTable } from '../charts/dataTable';
import { chartFrames } from '../charts/frameQueue';
import { smoothingControl } from '../charts/smoothingControl';
import { findingsMarkdown } from '../export/findingsMarkdown';
import { chartPng } from '../export/chartPng';
import { tagRole } from '../../core/logs/runHealth';
import type { WireLogRunEntry, XAxisMode } from '../../core/protocol';
import { XAxisControl } from '../axis/xAxisControl';
import { runHasWallTime, runTimeline, runTimeOrigin } from '../axis/xAxisMode';
import type { RunTimeline } from '../axis/runTimeline';
import type { LogChartLine } from './logChart';
import { RunLegend } from './runLegend';
import { RunPicker } from './runPicker';
import { toggledHidden, toggledOverlay } from './runLegendState';

export interface LogViewActions {
  showTags(runId: string, tags: string[]): void;
  setTagScale(tag: string, log: boolean): void;
  /** While dragging (`commit` false) and when let go (true). */
  setSmoothing?(weight: number, commit: boolean): void;
  saveFile(format: ExportFormat, fileName: string, data: string): void;
  copyText(text: string, what: string): void;
  /** The x-axis choice changed (remembered in the webview state). */
  setXAxis?(mode: XAxisMode): void;
  /** The runs overlaid on the front one changed (the host then sends their snapshots). */
  setOverlay?(overlay: WireLogRunEntry[]): void;
  /** The runs hidden with the legend changed. */
  setHiddenRuns?(hidden: string[]): void;
}

/** A run's step <-> time mapping, kept while its snapshot does not change. */
interface RunTime {
  version: number;
  timeline: RunTimeline;
  origin: number;
}

interface TagPanel {
  panel: HTMLElement;
  chart: LogChart;
  table: HTMLElement;
  chartHost: HTMLElement;
  tableShown: boolean;
  facts: HTMLElement;
  note: HTMLElement;
  scale: HTMLInputElement | null;
}

type Connection = 'live' | 'stopped' | 'waiting' | 'unwatched';

/** How long snapshots that do not show the tags just asked for are taken as sent before the request. */
const REQUEST_GRACE_MS = 1_000;

/** Where theme.ts puts charts.red in the series colours. */
const RED_SERIES_INDEX = 4;

/** Ids of the log-scale checkboxes (tags are arbitrary text, so they cannot be part of an id). */
let nextToggleId = 0;

const HEALTH_TEXT = { ok: 'Healthy', warning: 'Warnings', error: 'Errors' } as const;

export class LogView {
  private run: WireLogRun | null = null;
  private runId: string | null = null;
  private linearTags: string[] = [];
  /** Tags the user asked for that no snapshot has confirmed yet (so in-flight snapshots do not undo the click). */
  private requested: string[] | null = null;
  private requestedAt = 0;
  private readonly panels = new Map<string, TagPanel>();
  private readonly title = h('h1', {});
  private readonly path = h('code', { class: 'log-path' });
  private readonly format = h('span', { class: 'tag log-format' });
  private readonly health = h('span', { class: 'health-badge' });
  private readonly connection = h('span', { class: 'connection-badge' });
  private readonly lastStep = h('span', { class: 'meta-value' });
  private readonly lastStepItem = h('span', { class: 'meta-item' }, h('span', { class: 'meta-name' }, 'Last step'), ' ', this.lastStep);
  private readonly banner = h('div', { class: 'banner-slot' });
  private readonly warnings = h('details', { class: 'log-warnings' });
  private readonly findings = h('section', { class: 'panel log-findings', 'aria-labelledby': 'log-findings-heading' });
  private readonly picker: TagPicker;
  private readonly grid = h('div', { class: 'grid log-grid' });
  private readonly empty = h('p', { class: 'note log-empty' });
  private readonly sync = new ChartSync('log');
  /** Runs overlaid on the front one (chosen order) and their latest snapshots. */
  private overlay: WireLogRunEntry[] = [];
  private readonly overlaid = new Map<string, WireLogRun>();
  private hidden: string[] = [];
  private runList: WireLogRunEntry[] = [];
  private xMode: XAxisMode = 'step';
  private readonly times = new Map<string, RunTime>();
  private readonly xAxis = new XAxisControl('step', (mode) => this.chooseXAxis(mode));
  private readonly legend = new RunLegend((runId) => this.toggleRun(runId));
  private readonly runPicker = new RunPicker((run, on) => this.toggleOverlay(run, on));

  constructor(private readonly root: HTMLElement, private readonly actions: LogViewActions, private theme: ChartTheme, private smoothing: number) {
    this.picker = new TagPicker((tag, on) => this.toggleTag(tag, on));
    const smoothingRow = h('div', { class: 'log-controls' },
      smoothingControl(smoothing, (w) => this.actions.setSmoothing?.(w, false), (w) => this.actions.setSmoothing?.(w, true)),
      this.xAxis.element);
    const header = h('header', { class: 'toolbar log-toolbar' },
      h('div', { class: 'title-block' }, this.title,
        h('p', { class: 'meta' },
          h('span', { class: 'meta-item' }, this.path),
          this.format, this.lastStepItem)),
      h('div', { class: 'actions' }, this.health, this.connection));
    const pickers = h('div', { class: 'log-pickers' }, this.picker.element, this.runPicker.element);
    replaceChildren(this.root, header, this.banner, this.warnings, this.findings, pickers, smoothingRow, this.legend.element, this.empty, this.grid);
    this.runPicker.update([], null, []);
    this.legend.update([]);
    this.setHasSnapshot(false);
  }

  /** What only a snapshot can fill in stays hidden until one arrives (after a reload). */
  private setHasSnapshot(has: boolean): void {
    for (const el of [this.format, this.lastStepItem, this.health, this.picker.element]) el.hidden = !has;
    if (!has) {
      this.warnings.hidden = true;
      this.findings.hidden = true;
      this.empty.hidden = true;
    }
  }

  /** After a reload: what the saved state knows, until the host answers with a snapshot (or says it is gone). */
  showRestored(saved: WebviewLogState): void {
    this.runId = saved.runId;
    this.linearTags = [...saved.linearTags];
    this.title.textContent = saved.label;
    this.path.textContent = saved.path;
    this.setConnection('waiting');
  }

  /** The host no longer follows the run: the charts stay, marked as stale. */
  markUnwatched(runId: string): void {
    if (runId !== this.runId) return;
    this.setConnection('unwatched');
  }

  /** The x-axis mode, the overlaid runs and the hidden ones, as saved (after a reload) or changed by the host. */
  setRuns(xMode: XAxisMode, overlay: readonly WireLogRunEntry[], hidden: readonly string[]): Promise<void> {
    if (xMode !== this.xMode) this.sync.reset();
    this.xMode = xMode;
    this.overlay = overlay.filter((r) => r.id !== this.runId);
    this.hidden = [...hidden];
    return this.redraw();
  }

  /** The watched runs the host can overlay (for the run list). */
  setRunList(runs: readonly WireLogRunEntry[]): void {
    this.runList = [...runs];
    this.runPicker.update(this.runList, this.runId, this.overlay);
  }

  /**
   * A snapshot of an overlaid run: its lines join the charts. One of a run not (yet) in the overlay is kept
   * too: a queued run list can reach the webview after the snapshots it announced. Runs not overlaid are
   * dropped beyond twice the overlay limit, so the map stays small.
   */
  showOverlay(run: WireLogRun): Promise<void> {
    if (run.id === this.runId) return Promise.resolve();
    this.overlaid.delete(run.id);
    this.overlaid.set(run.id, run);
    for (const id of this.overlaid.keys()) {
      if (this.overlaid.size <= 2 * LOG_LIMITS.overlayRuns) break;
      if (!this.overlay.some((r) => r.id === id)) this.overlaid.delete(id);
    }
    return this.overlay.some((r) => r.id === run.id) ? this.redraw() : Promise.resolve();
  }

  private redraw(): Promise<void> {
    this.runPicker.update(this.runList, this.runId, this.overlay);
    return this.run ? this.renderCharts(this.run) : Promise.resolve();
  }

  /** Shows a snapshot; resolves after every chart drew it. */
  show(run: WireLogRun, linearTags: readonly string[]): Promise<void> {
    if (run.id !== this.runId) {
      this.disposeCharts();
      this.requested = null;
      this.overlay = this.overlay.filter((r) => r.id !== run.id);
      this.overlaid.delete(run.id);
    }
    this.run = run;
    this.runId = run.id;
    this.linearTags = [...linearTags];
    // The host has the last word: a snapshot with other tags than asked for wins once in-flight ones are past.
    if (this.requested && (sameTags(this.requested, this.mergedShownTags(run)) || Date.now() - this.requestedAt > REQUEST_GRACE_MS)) this.requested = null;
    this.setHasSnapshot(true);
    this.renderHeader(run);
    this.picker.update(this.mergedTags(run), this.requested ?? this.mergedShownTags(run));
    this.runPicker.update(this.runList, this.runId, this.overlay);
    return this.renderCharts(run);
  }

  /** The overlaid runs with a snapshot, in the chosen order. */
  private overlaidRuns(): WireLogRun[] {
    return this.overlay.map((r) => this.overlaid.get(r.id)).filter((r): r is WireLogRun => r !== undefined);
  }

  /** Every tag of the shown runs, merged by name: the front run's order, then tags only overlaid runs have. */
  private mergedTags(front: WireLogRun): string[] {
    const tags = [...front.tags];
    const seen = new Set(tags);
    for (const run of this.overlaidRuns()) for (const tag of run.tags) if (!seen.has(tag)) { seen.add(tag); tags.push(tag); }
    return tags.slice(0, LOG_LIMITS.tags);
  }

  /** The charted tags, merged by name over the visible runs (the host sends each run the same request). */
  private mergedShownTags(front: WireLogRun): string[] {
    const tags = [...front.shownTags];
    const seen = new Set(tags);
    for (const run of this.overlaidRuns()) {
      if (this.hidden.includes(run.id)) continue;
      for (const tag of run.shownTags) if (!seen.has(tag)) { seen.add(tag); tags.push(tag); }
    }
    return tags.slice(0, LOG_LIMITS.shownTags);
  }

  /** The run's step <-> time mapping, rebuilt only when its snapshot changed. */
  private timeOf(run: WireLogRun): RunTime {
    const known = this.times.get(run.id);
    if (known && known.version === run.version) return known;
    const time = { version: run.version, timeline: runTimeline(run), origin: runTimeOrigin(run) };
    this.times.set(run.id, time);
    return time;
  }

  /** Why the time axes are off for the front run, or null when it has wall times. */
  private timeDisabledWhy(front: WireLogRun): string | null {
    return runHasWallTime(front) ? null : `this ${front.format} log records no wall time, so only steps can be on the x-axis`;
  }

  private chooseXAxis(mode: XAxisMode): void {
    if (mode === this.xMode) return;
    this.xMode = mode;
    this.sync.reset();
    this.actions.setXAxis?.(mode);
    void this.redraw();
  }

  private toggleRun(runId: string): void {
    const shown = this.run ? [this.run.id, ...this.overlay.map((r) => r.id)] : [];
    this.hidden = toggledHidden(this.hidden, runId, shown);
    this.actions.setHiddenRuns?.(this.hidden);
    void this.redraw();
  }

  private toggleOverlay(run: WireLogRunEntry, on: boolean): void {
    this.overlay = toggledOverlay(this.overlay, run, on, this.runId);
    if (!on) this.overlaid.delete(run.id);
    this.hidden = this.hidden.filter((id) => id !== run.id);
    this.actions.setOverlay?.(this.overlay);
    void this.redraw();
  }

  setTheme(theme: ChartTheme): Promise<void> {
    this.theme = theme;
    return this.run ? this.renderCharts(this.run) : Promise.resolve();
  }

  /** Redraws with another smoothing weight (the slider moved). */
  setSmoothing(weight: number): Promise<void> {
    this.smoothing = weight;
    return this.run ? this.renderCharts(this.run) : Promise.resolve();
  }

  setLinearTags(linearTags: readonly string[]): Promise<void> {
    this.linearTags = [...linearTags];
    return this.run ? this.renderCharts(this.run) : Promise.resolve();
  }

  /** Stamps the drawn snapshot on the section (read by the UI test and the latency bench). */
  markDrawn(run: WireLogRun): void {
    this.root.dataset.runId = run.id;
    this.root.dataset.logVersion = String(run.version);
    this.root.dataset.lastStep = run.lastStep === null ? '' : String(run.lastStep);
  }

  private renderHeader(run: WireLogRun): void {
    this.title.textContent = run.label;
    this.path.textContent = run.path;
    this.path.title = run.path;
    this.format.textContent = run.format;
    this.lastStep.textContent = run.lastStep === null ? MISSING : formatSteps(run.lastStep);
    this.health.textContent = HEALTH_TEXT[run.health];
    this.health.className = `health-badge health-${run.health}`;
    this.setConnection(run.watching ? 'live' : 'stopped');
    this.renderWarnings(run.warnings);
    this.renderFindings(run);
  }

  /** The findings so far (rebuilt only when they change: snapshots come several times a second). */
  private renderFindings(run: WireLogRun): void {
    this.findings.hidden = run.findings === undefined;
    const key = JSON.stringify(run.findings ?? null);
    if (this.findings.dataset.key === key) return;
    this.findings.dataset.key = key;
    this.findings.dataset.count = String(run.findings?.length ?? 0);
    const copy = iconButton('copy', 'Copy findings as Markdown', () => {
      if (this.run) this.actions.copyText(findingsMarkdown(this.run.label, [{ label: this.run.label, findings: this.run.findings }]), 'findings');
    }, 'copy-findings');
    copy.append(h('span', {}, 'Copy as Markdown'));
    replaceChildren(this.findings,
      h('div', { class: 'panel-head' }, h('h2', { id: 'log-findings-heading' }, 'Findings'), h('div', { class: 'chart-tools' }, copy)),
      runFindingsList(run.findings, 'No finding so far: the diagnosis sees nothing wrong in this run.'));
  }

  private setConnection(connection: Connection): void {
    const text = { live: 'Live', stopped: 'Not followed', waiting: 'Reconnecting…', unwatched: 'No longer watched' }[connection];
    this.connection.textContent = text;
    this.connection.className = `connection-badge connection-${connection}`;
    this.root.dataset.connection = connection;
    let banner: HTMLElement | null = null;
    if (connection === 'unwatched' || connection === 'stopped') {
      banner = h('div', { class: 'banner notice', role: 'status' },
        h('span', { class: 'banner-text' }, connection === 'unwatched'
          ? 'This run is not watched in this window any more, so nothing here updates. Pick it in Training Runs or run \u201cWatch Training Log\u2026\u201d to follow it again.'
          : 'The log file is no longer followed (closed or removed); the charts show its last state.'));
    } else if (connection === 'waiting') {
      banner = h('div', { class: 'banner running', role: 'status' }, h('span', {},
        'Asking the log watcher for this run\u2019s latest data\u2026 If nothing arrives, the run is not watched in this window: '
        + 'run \u201cWatch Training Log\u2026\u201d or pick it in Training Runs.'));
    }
    replaceChildren(this.banner, banner);
  }

  private renderWarnings(warnings: readonly string[]): void {
    this.warnings.hidden = warnings.length === 0;
    const key = warnings.join('\n');
    if (this.warnings.dataset.key === key) return;
    this.warnings.dataset.key = key;
    const open = this.warnings.open;
    replaceChildren(this.warnings,
      h('summary', {}, `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`),
      h('ul', {}, ...warnings.map((w) => h('li', {}, w))));
    this.warnings.open = open;
  }

  private renderCharts(run: WireLogRun): Promise<void> {
    const overlaid = this.overlaidRuns();
    const allRuns = [run, ...overlaid];
    const several = allRuns.length > 1;
    const palette = withoutRed(this.theme);
    const visible = allRuns.filter((r) => !this.hidden.includes(r.id));
    const disabledWhy = this.timeDisabledWhy(run);
    const xMode: XAxisMode = disabledWhy ? 'step' : this.xMode;
    this.xAxis.set(xMode, disabledWhy);
    this.root.dataset.xMode = xMode;
    this.legend.update(allRuns.map((r, i) => ({
      id: r.id, label: r.label, style: seriesStyle(palette, i), hidden: this.hidden.includes(r.id),
      note: xMode !== 'step' && !runHasWallTime(r) ? 'no wall time' : null,
    })));
    const shown = this.mergedShownTags(run);
    for (const [tag, panel] of this.panels) {
      if (!shown.includes(tag)) {
        chartFrames.cancel(panel.chart);
        panel.chart.destroy();
        panel.panel.remove();
        this.panels.delete(tag);
      }
    }
    this.empty.textContent = shown.length === 0
      ? (run.tags.length === 0 ? 'No scalar in this log yet; the charts appear with the first point.' : 'No tag is charted: pick some under Tags.')
      : '';
    this.empty.hidden = shown.length > 0;
    const drawn: Promise<void>[] = [];
    const findings = run.findings ?? [];
    const chartMetrics = metricsPerChart(shown, findings.map((f) => f.metric), isLossLike);
    for (const tag of shown) {
      const panel = this.panels.get(tag) ?? this.addPanel(tag);
      // Keeps the DOM in the snapshot's order; moving a node keeps its canvas.
      this.grid.append(panel.panel);
      const series = logSeriesOf(run, tag) ?? overlaid.map((r) => logSeriesOf(r, tag)).find((s) => s !== undefined);
      const log = usesLogScale(tag, this.linearTags);
      if (panel.scale) panel.scale.checked = log;
      // A learning rate is set, not measured: smoothing would only draw it late (TensorBoard smooths it anyway).
      const smoothing = tagRole(tag) === 'learningRate' ? 0 : this.smoothing;
      panel.facts.textContent = seriesFacts(series);
      const nonFinite = series ? describeNonFinite(series.nonFinite) : null;
      panel.note.textContent = nonFinite ?? '';
      panel.note.hidden = nonFinite === null;
      // One run: colour by the tag's place in the run (stable while tags come and go). Several: one colour per
      // run (its place in the legend, hidden runs included, so colours do not move). Never the error red.
      const tagColor = seriesStyle(palette, Math.max(0, run.tags.indexOf(tag)));
      const lines: LogChartLine[] = visible.map((r) => {
        const time = this.timeOf(r);
        return { runId: r.id, label: r.label, series: logSeriesOf(r, tag), style: several ? seriesStyle(palette, allRuns.indexOf(r)) : tagColor,
          timeline: time.timeline, origin: time.origin };
      });
      const metrics = chartMetrics.get(tag);
      const frontShown = visible[0] === run;
      const input = { tag, lines, xMode, log, theme: this.theme, smoothing, sync: this.sync,
        ...(metrics && frontShown ? { findings: { all: findings, metrics } } : {}) };
      // One chart per frame (chartFrames): a snapshot of many tags does not block one frame with every redraw.
      drawn.push(chartFrames.schedule(panel.chart, () => panel.chart.update(input).then(() => this.showTable(tag, panel))));
    }
    return Promise.all(drawn).then(() => {
      // The last step drawn of each overlaid run (for the UI test: overlaid runs stay live).
      this.root.dataset.overlaySteps = overlaid.map((r) => (r.lastStep === null ? '' : String(r.lastStep))).join(',');
    });
  }

  private addPanel(tag: string): TagPanel {
    const chartHost = h('div', { class: 'chart log-chart', 'data-tag': tag });
    const facts = h('p', { class: 'description' });
    const note = h('p', { class: 'note non-finite', role: 'note' });
    let scale: HTMLInputElement | null = null;
    let toggle: HTMLElement | null = null;
    if (isLossLike(tag)) {
      const id = `log-scale-${nextToggleId++}`;
      scale = h('input', { type: 'checkbox', id, 'aria-label': `Log scale for ${tag}` });
      const box = scale;
      box.addEventListener('change', () => this.actions.setTagScale(tag, box.checked));
      toggle = h('label', { class: 'checkbox', for: id }, box, h('span', { class: 'checkmark', 'aria-hidden': 'true' }), h('span', {}, 'Log scale'));
    }
    const table = h('div', { class: 'table-slot' });
    const chart = new LogChart(chartHost);
    const file = (extension: string) => exportFileName([tag, this.run?.label ?? ''], extension);
    const tools = chartTools({
      name: tag,
      table: { shown: false, onChange: (shown) => {
        entry.tableShown = shown;
        const button = tools.querySelector('.chart-table-toggle');
        button?.setAttribute('aria-pressed', String(shown));
        this.showTable(tag, entry);
      } },
      onCsv: () => { if (chart.table) this.actions.saveFile('csv', file('csv'), tableCsv(chart.table)); },
      onPng: () => { if (chart.canvas) this.actions.saveFile('png', file('png'), chartPng(chart.canvas, this.theme.background)); },
    });
    if (toggle) tools.prepend(toggle);
    const panel = h('section', { class: 'panel log-panel', 'aria-label': `Chart of ${tag}` },
      h('div', { class: 'panel-head' }, h('h2', { class: 'tag-title', title: tag }, tag), tools),
      facts, chartHost, table, note);
    const entry: TagPanel = { panel, chart, table, chartHost, tableShown: false, facts, note, scale };
    this.panels.set(tag, entry);
    return entry;
  }

  private showTable(tag: string, panel: TagPanel): void {
    const shown = panel.tableShown && panel.chart.table !== null;
    panel.chartHost.hidden = shown;
    replaceChildren(panel.table, shown && panel.chart.table ? dataTable(panel.chart.table, `${tag} per step`) : null);
  }

  private toggleTag(tag: string, on: boolean): void {
    if (!this.run || this.runId === null) return;
    const current = this.requested ?? this.mergedShownTags(this.run);
    const next = toggledTags(current, tag, on).slice(0, LOG_LIMITS.shownTags);
    this.requested = next;
    this.requestedAt = Date.now();
    this.picker.update(this.mergedTags(this.run), next);
    this.actions.showTags(this.runId, next);
  }

  private disposeCharts(): void {
    this.sync.reset();
    for (const panel of this.panels.values()) {
      chartFrames.cancel(panel.chart);
      panel.chart.destroy();
      panel.panel.remove();
    }
    this.panels.clear();
  }
}

/** The theme with the red series colour left out: on these charts red marks NaN and infinities. */
function withoutRed(theme: ChartTheme): ChartTheme {
  return { ...theme, series: theme.series.filter((_, i) => i !== RED_SERIES_INDEX) };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** "1,204 points · last 0.231" (plus "drawn from 512 min/max samples" when decimated). */
function seriesFacts(series: ReturnType<typeof logSeriesOf>): string {
  if (!series || series.step.length === 0) return 'No points yet.';
  let last: number | null = null;
  for (let i = series.value.length - 1; i >= 0 && last === null; i--) last = series.value[i];
  const parts = [`${formatSteps(series.points)} point${series.points === 1 ? '' : 's'}`, `last ${formatCompact(last)}`];
  if (!series.exact) parts.push(`drawn from ${formatSteps(series.step.length)} min/max samples`);
  return parts.join(' \u00b7 ');
}
