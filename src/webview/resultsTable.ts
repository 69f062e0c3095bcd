/**
 * The results table: one row per run with its colour, final and best loss, steps to reach the
 * tolerance and whether it diverged. Column headers are buttons that sort (aria-sort tells screen
 * readers the current order); the run with the lowest final loss gets a "best" tag.
 */
import type { WireComparison, WireRun } from '../core/protocol';
import { seriesColorClass } from './charts/seriesColors';
import { h, replaceChildren } from './dom';
import { formatDiverged, formatExponential, formatStepsToTolerance, MISSING } from './format';
import { bestRunIndex, sortedRunIndices, type ResultsColumn, type SortDirection } from './resultsOrder';
import { SEVERITY_ICON } from './findings/findingsList';
import { severityWord } from './findings/findingRanges';

const COLUMNS: { id: ResultsColumn; title: string; numeric: boolean }[] = [
  { id: 'label', title: 'Optimizer', numeric: false },
  { id: 'finalLoss', title: 'Final loss', numeric: true },
  { id: 'bestLoss', title: 'Best loss', numeric: true },
  { id: 'stepsToTolerance', title: 'Steps to tolerance', numeric: true },
  { id: 'diverged', title: 'Diverged', numeric: false },
];

/**
 * The "Findings" cell: one badge per finding (icon and kind; the severity word is there for screen readers
 * and in the tooltip), "none" when the run was diagnosed clean, a dash when it was not diagnosed.
 */
export function findingsCell(run: WireRun): HTMLTableCellElement {
  if (run.findings === undefined) return h('td', { class: 'findings-cell muted' }, MISSING);
  if (run.findings.length === 0) return h('td', { class: 'findings-cell muted' }, 'none');
  return h('td', { class: 'findings-cell' }, ...run.findings.map((f) => h('span', {
    class: `finding-badge severity-${f.severity}`, title: `${severityWord(f.severity)}: ${f.kind} on ${f.metric}`,
  }, h('span', { class: 'severity-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[f.severity]),
  h('span', { class: 'visually-hidden' }, `${severityWord(f.severity)}: `), f.kind)));
}

function keyValues(spec: object): string {
  return Object.entries(spec).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`).join(' ');
}

/** The second line of a row: the run's problem (spec files), schedule and clipping, or '' when it has none. */
export function runDetails(run: WireRun): string {
  const parts: string[] = [];
  if (run.problemTitle) parts.push(run.problemTitle);
  // Spec-file labels already name their schedule and clipping ("SGD lr=0.1 · cosine t_max=500 · clip max_norm=1").
  if (run.schedule && !run.label.includes(`· ${run.schedule.name}`)) {
    const { name, ...rest } = run.schedule as unknown as Record<string, unknown>;
    parts.push(`schedule ${String(name)}${Object.keys(rest).length ? ` ${keyValues(rest)}` : ''}`);
  }
  if (run.clip && !run.label.includes('· clip')) parts.push(`clip ${keyValues(run.clip)}`);
  return parts.join(' · ');
}

export class ResultsTable {
  private sortColumn: ResultsColumn | null = null;
  private sortDirection: SortDirection = 'ascending';
  private comparison: WireComparison | null = null;

  /** `table` is the <table> element itself (it keeps its id); its caption and sections are rebuilt. */
  constructor(private readonly table: HTMLTableElement) {
    table.classList.add('results');
  }

  render(comparison: WireComparison): void {
    this.comparison = comparison;
    this.draw();
  }

  private sortBy(column: ResultsColumn): void {
    if (this.sortColumn === column) {
      this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortColumn = column;
      this.sortDirection = 'ascending';
    }
    this.draw();
    this.table.querySelector<HTMLButtonElement>(`th button[data-column="${column}"]`)?.focus();
  }

  private draw(): void {
    const comparison = this.comparison;
    if (!comparison) return;
    const runs = comparison.runs;
    const best = bestRunIndex(runs);
    const header = h('tr', {}, ...COLUMNS.map((col) => {
      const sorted = this.sortColumn === col.id;
      const button = h('button', { type: 'button', class: 'sort', 'data-column': col.id },
        col.title, h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, sorted ? (this.sortDirection === 'ascending' ? '▲' : '▼') : ''));
      button.addEventListener('click', () => this.sortBy(col.id));
      return h('th', { scope: 'col', class: col.numeric ? 'numeric' : undefined, 'aria-sort': sorted ? this.sortDirection : undefined }, button);
    }), h('th', { scope: 'col', class: 'findings-col' }, 'Findings'));
    const rows = sortedRunIndices(runs, this.sortColumn, this.sortDirection).map((i) => {
      const run = runs[i];
      const s = run.summary;
      const cycle = Math.floor(i / 6);
      const swatch = h('span', { class: `swatch ${seriesColorClass(i)}${cycle > 0 ? ' dashed' : ''}`, 'aria-hidden': 'true' });
      return h('tr', { class: s.diverged ? 'diverged' : undefined },
        h('th', { scope: 'row' }, h('span', { class: 'run-label' }, swatch, h('span', {}, run.label),
          i === best ? h('span', { class: 'tag', title: 'Lowest final loss' }, 'best') : null),
          runDetails(run) ? h('span', { class: 'run-details' }, runDetails(run)) : null),
        h('td', { class: 'numeric' }, formatExponential(s.finalLoss)),
        h('td', { class: 'numeric' }, formatExponential(s.bestLoss)),
        h('td', { class: s.stepsToTolerance === null ? 'numeric muted' : 'numeric' }, formatStepsToTolerance(s.stepsToTolerance)),
        h('td', { class: s.diverged ? 'diverged-cell' : 'muted' }, formatDiverged(s.diverged, s.divergedAtStep)),
        findingsCell(run),
      );
    });
    const caption = h('caption', {},
      `Results after ${comparison.steps.toLocaleString('en-US')} steps; converged means loss − minimum ≤ ${formatExponential(comparison.tolerance)}.`);
    replaceChildren(this.table, caption, h('thead', {}, header), h('tbody', {}, ...rows));
  }
}
