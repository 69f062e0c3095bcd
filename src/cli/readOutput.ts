/**
 * How `optlens read` prints a run: JSON written in pieces (a run of millions of points is never one string),
 * or a short table. Values and wall times that are not finite numbers (NaN, +-Infinity, no wall time) are
 * written as JSON null.
 */
import type { LogFormat } from '../core/logs/types';
import type { Series, SeriesStore } from '../core/logs/seriesStore';

export interface RunResult {
  path: string;
  /** The first file's format (a run can mix formats: a Lightning version with CSV and event files). */
  format: LogFormat | null;
  store: SeriesStore;
  warnings: string[];
  /** TensorBoard runs: verified records, and records skipped for a bad CRC. */
  records?: number;
  crcErrors?: number;
}

/** Numbers per write: big enough to keep the writes few, small enough to keep each string small. */
const NUMBERS_PER_WRITE = 4096;

export function writeRunJson(run: RunResult, write: (text: string) => void): void {
  write(`  {"path": ${JSON.stringify(run.path)}, "format": ${JSON.stringify(run.format)}, "series": {`);
  run.store.tags.forEach((tag, k) => {
    const series = run.store.get(tag)!;
    write(`${k === 0 ? '' : ','}\n    ${JSON.stringify(tag)}: {"step": `);
    writeColumn(series.length, (i) => series.step(i), write);
    write(', "wall_time": ');
    writeColumn(series.length, (i) => series.wallTime(i), write);
    write(', "value": ');
    writeColumn(series.length, (i) => series.value(i), write);
    write('}');
  });
  write(`${run.store.tags.length === 0 ? '' : '\n  '}}, "warnings": [`);
  run.warnings.forEach((w, k) => write(`${k === 0 ? '' : ', '}${JSON.stringify(w)}`));
  write(']');
  if (run.records !== undefined) write(`, "records": ${run.records}`);
  if (run.crcErrors !== undefined) write(`, "crc_errors": ${run.crcErrors}`);
  write('}');
}

function writeColumn(n: number, at: (i: number) => number, write: (text: string) => void): void {
  write('[');
  for (let start = 0; start < n; start += NUMBERS_PER_WRITE) {
    const end = Math.min(n, start + NUMBERS_PER_WRITE);
    let text = start === 0 ? '' : ', ';
    for (let i = start; i < end; i++) {
      const x = at(i);
      text += (i === start ? '' : ', ') + (Number.isFinite(x) ? String(x) : 'null');
    }
    write(text);
  }
  write(']');
}

export function writeRunTable(run: RunResult, write: (text: string) => void): void {
  const extra = run.records === undefined ? '' : `, ${run.records} records, ${run.crcErrors ?? 0} CRC errors`;
  write(`${run.path} (${run.format ?? 'unknown format'}${extra})\n`);
  const rows = run.store.tags.map((tag) => row(tag, run.store.get(tag)!));
  if (rows.length === 0) write('  no scalar series\n');
  else {
    const header = ['tag', 'points', 'last step', 'last value'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]): string => '  ' + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') + '\n';
    write(line(header));
    for (const r of rows) write(line(r));
  }
  if (run.warnings.length > 0) write(`  ${run.warnings.length} warning${run.warnings.length === 1 ? '' : 's'} (optlens read --json lists them), first: ${run.warnings[0]}\n`);
  write('\n');
}

function row(tag: string, series: Series): string[] {
  const nonFinite = series.nonFiniteCount > 0 ? ` (${series.nonFiniteCount} not finite)` : '';
  return [tag, `${series.length}${nonFinite}`, String(series.lastStep), formatValue(series.lastValue)];
}

function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}
