/**
 * The numbers behind a chart as a table: one row per step, a column per shown series (and its smoothed value
 * when smoothing is on). The same model feeds the accessible data-table view and the CSV export, so what a
 * user reads, exports and sees plotted are the same numbers. Pure: unit-tested without a DOM.
 */

export interface ChartTable {
  /** Header of each column; the first is the x column ("step"). */
  columns: string[];
  /** The x column then one column per series, all the same length; null is "no value" (NaN, Inf, run ended). */
  data: readonly (readonly (number | null)[])[];
}

export interface TableSeries {
  label: string;
  raw: readonly (number | null)[];
  smoothed?: readonly (number | null)[] | null;
}

export function chartTable(xLabel: string, xs: readonly number[], series: readonly TableSeries[]): ChartTable {
  const columns = [xLabel];
  const data: (readonly (number | null)[])[] = [xs];
  for (const s of series) {
    columns.push(s.label);
    data.push(s.raw);
    if (s.smoothed) {
      columns.push(`${s.label} (smoothed)`);
      data.push(s.smoothed);
    }
  }
  return { columns, data };
}

export function tableRows(table: ChartTable): number {
  return table.data[0]?.length ?? 0;
}

/** The value in row `row` of column `column`, null when missing. */
export function cell(table: ChartTable, row: number, column: number): number | null {
  return table.data[column]?.[row] ?? null;
}

/**
 * Rows a data table shows at most: every row up to `max`, else an even stride that keeps the first and last
 * row (the CSV always has every row).
 */
export function sampledRows(rows: number, max: number): number[] {
  if (rows <= max) return Array.from({ length: rows }, (_, i) => i);
  const stride = Math.ceil((rows - 1) / (max - 1));
  const out: number[] = [];
  for (let r = 0; r < rows - 1; r += stride) out.push(r);
  out.push(rows - 1);
  return out;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Numbers in full precision (round-trip exact); a missing value is an empty field. */
export function tableCsv(table: ChartTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  const rows = tableRows(table);
  for (let r = 0; r < rows; r++) {
    const fields: string[] = [];
    for (let c = 0; c < table.data.length; c++) {
      const v = cell(table, r, c);
      fields.push(v === null ? '' : String(v));
    }
    lines.push(fields.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name for an export: "loss-ill-conditioned-quadratic.csv" (lowercase letters, digits and dashes). */
export function exportFileName(parts: readonly string[], extension: string): string {
  const base = parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean).join('-').slice(0, 120);
  return `${base || 'chart'}.${extension}`;
}
