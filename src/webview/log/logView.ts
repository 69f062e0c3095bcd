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

export interface LogViewActions {
  showTags(runId: string, tags: string[]): void;
  setTagScale(tag: string, log: boolean): void;
  /** While dragging (`commit` false) and when let go (true). */
  setSmoothing?(weight: number, commit: boolean): void;
  saveFile(format: ExportFormat, fileName: string, data: string): void;
  copyText(text: string, what: string): void;
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

  constructor(private readonly root: HTMLElement, private readonly actions: LogViewActions, private theme: ChartTheme, private smoothing: number) {
    this.picker = new TagPicker((tag, on) => this.toggleTag(tag, on));
    const smoothingRow = h('div', { class: 'log-controls' },
      smoothingControl(smoothing, (w) => this.actions.setSmoothing?.(w, false), (w) => this.actions.setSmoothing?.(w, true)));
    const header = h('header', { class: 'toolbar log-toolbar' },
      h('div', { class: 'title-block' }, this.title,
        h('p', { class: 'meta' },
          h('span', { class: 'meta-item' }, this.path),
          this.format, this.lastStepItem)),
      h('div', { class: 'actions' }, this.health, this.connection));
    replaceChildren(this.root, header, this.banner, this.warnings, this.findings, this.picker.element, smoothingRow, this.empty, this.grid);
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

  /** Shows a snapshot; resolves after every chart drew it. */
  show(run: WireLogRun, linearTags: readonly string[]): Promise<void> {
    if (run.id !== this.runId) {
      this.disposeCharts();
      this.requested = null;
    }
    this.run = run;
    this.runId = run.id;
    this.linearTags = [...linearTags];
    // The host has the last word: a snapshot with other tags than asked for wins once in-flight ones are past.
    if (this.requested && (sameTags(this.requested, run.shownTags) || Date.now() - this.requestedAt > REQUEST_GRACE_MS)) this.requested = null;
    this.setHasSnapshot(true);
    this.renderHeader(run);
    this.picker.update(run.tags, this.requested ?? run.shownTags);
    return this.renderCharts(run);
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
    const shown = run.shownTags;
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
      const series = logSeriesOf(run, tag);
      const log = usesLogScale(tag, this.linearTags);
      if (panel.scale) panel.scale.checked = log;
      // A learning rate is set, not measured: smoothing would only draw it late (TensorBoard smooths it anyway).
      const smoothing = tagRole(tag) === 'learningRate' ? 0 : this.smoothing;
      panel.facts.textContent = seriesFacts(series);
      const nonFinite = series ? describeNonFinite(series.nonFinite) : null;
      panel.note.textContent = nonFinite ?? '';
      panel.note.hidden = nonFinite === null;
      // Colour by the tag's place in the run (stable while tags come and go), never the error red.
      const colorIndex = Math.max(0, run.tags.indexOf(tag));
      const metrics = chartMetrics.get(tag);
      const input = { tag, series, log, theme: this.theme, style: seriesStyle(withoutRed(this.theme), colorIndex), smoothing, sync: this.sync,
        ...(metrics ? { findings: { all: findings, metrics } } : {}) };
      // One chart per frame (chartFrames): a snapshot of many tags does not block one frame with every redraw.
      drawn.push(chartFrames.schedule(panel.chart, () => panel.chart.update(input).then(() => this.showTable(tag, panel))));
    }
    return Promise.all(drawn).then(() => undefined);
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
    const current = this.requested ?? this.run.shownTags;
    const next = toggledTags(current, tag, on).slice(0, LOG_LIMITS.shownTags);
    this.requested = next;
    this.requestedAt = Date.now();
    this.picker.update(this.run.tags, next);
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
