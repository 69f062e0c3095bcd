/**
 * The data-table view of a chart: a real <table> (caption, column headers with scope) in a focusable,
 * labelled scroll region, so screen readers and keyboard users read the numbers the chart draws. Long series
 * show an even sample of rows (first and last kept) with a note; the CSV export has every row.
 */
import { h } from '../dom';
import { formatCompact, formatSteps } from '../format';
import { cell, sampledRows, tableRows, type ChartTable } from './chartTable';

/** Rows a table view shows at most (a few screens of scrolling; more would be slow to build and to read). */
export const MAX_TABLE_ROWS = 500;

export function dataTable(table: ChartTable, caption: string): HTMLElement {
  const rows = tableRows(table);
  const shown = sampledRows(rows, MAX_TABLE_ROWS);
  const head = h('tr', {}, ...table.columns.map((c) => h('th', { scope: 'col' }, c)));
  const body = h('tbody', {});
  for (const r of shown) {
    const tr = h('tr', {}, h('th', { scope: 'row' }, formatSteps(cell(table, r, 0) ?? r)));
    for (let c = 1; c < table.columns.length; c++) tr.append(h('td', {}, formatCompact(cell(table, r, c))));
    body.append(tr);
  }
  const note = shown.length < rows ? h('p', { class: 'note' }, `Every ${formatSteps(shown[1] - shown[0])}th row of ${formatSteps(rows)} shown; the CSV has them all.`) : null;
  return h('div', { class: 'data-table' },
    h('div', { class: 'table-scroll data-table-scroll', role: 'region', tabindex: '0', 'aria-label': `${caption}, data table` },
      h('table', {}, h('caption', {}, caption), h('thead', {}, head), body)),
    note);
}
