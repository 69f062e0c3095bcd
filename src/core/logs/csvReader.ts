import { splitFields, sniffDelimiter } from './csvFields';
import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseDecimal, parseLoggedNumber, parseWallTime } from './numbers';
import type { ScalarSink } from './types';

export type CsvFormat = 'csv' | 'lightning-csv' | 'keras-csv';

const STEP_COLUMNS = ['step', 'global_step', 'iteration', 'epoch'];
const TIME_COLUMNS = ['time', 'timestamp', 'wall_time'];
/** Cells that mean "no value in this row" rather than a number. */
const GAPS = new Set(['', 'na', 'n/a', 'null', 'none']);

interface Header {
  names: string[];
  delimiter: string;
  stepColumn: number;
  timeColumn: number;
  line: string;
}

/**
 * CSV/TSV with a header line. Lightning's CSVLogger (`step` column, blank cells where a row lacks a metric),
 * Keras's CSVLogger (`epoch` column, 0-based, used as the step; "NA" gaps; `append=True` adds a second run
 * without a header) and any other CSV: the step comes from a step/global_step/iteration/epoch column or is
 * the data row index. A step going backwards is reported as a restart and its points are kept (the series
 * store purges). A repeated header line (a second run appended with its header) is skipped the same way.
 */
export class CsvReader extends LineReader {
  private header: Header | undefined;
  private rowIndex = 0;
  private lastStep: number | undefined;
  private readonly textColumns = new Set<number>();
  /** Field ranges of the current row (reused from row to row). */
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** The text splitPlain last looked for quotes in, from where, and its first quote there (its length: none). */
  private quoteText = '';
  private quoteFrom = 0;
  private quoteAt = 0;

  constructor(
    private detected: CsvFormat = 'csv',
    maxLineBytes?: number,
  ) {
    super(maxLineBytes);
  }

  /** The declared format, refined from 'csv' once the header is read. */
  get format(): CsvFormat {
    return this.detected;
  }

  protected readLine(line: Line, sink: ScalarSink): void {
    this.readText(line.text, 0, line.text.length, line.line, line.offset, sink);
  }

  protected override readText(text: string, start: number, end: number, line: number, offset: number, sink: ScalarSink): void {
    if (end === start || (!isVisibleAscii(text.charCodeAt(start)) && text.slice(start, end).trim() === '')) return;
    if (!this.header) {
      this.header = this.readHeader(text.slice(start, end));
      return;
    }
    const header = this.header;
    if (end - start === header.line.length && text.startsWith(header.line, start)) {
      this.warnings.push({ message: `repeated header at line ${line}: a new run`, offset, line });
      this.lastStep = undefined;
      this.rowIndex = 0;
      return;
    }
    const count = this.splitPlain(text, start, end, header.delimiter);
    if (count < 0) this.readQuotedRow(text.slice(start, end), line, offset, sink);
    else this.readPlainRow(header, count, text, line, offset, sink);
  }

  /**
   * Field ranges of `text[from, to)` into starts/ends; the number of fields, or -1 when the line has quotes.
   * Delimiters and quotes are found with indexOf (V8 searches a string for one character much faster than a
   * loop over charCodeAt); text holds many lines, so the next quote is looked for once and remembered until a
   * line passes it, and a delimiter found past the line's end ends the line's last field.
   */
  private splitPlain(text: string, from: number, to: number, delimiter: string): number {
    if (text !== this.quoteText || from < this.quoteFrom || this.quoteAt < from) {
      this.quoteText = text;
      this.quoteFrom = from;
      const quote = text.indexOf('"', from);
      this.quoteAt = quote < 0 ? text.length : quote;
    }
    if (this.quoteAt < to) return -1;
    let count = 0;
    let start = from;
    for (;;) {
      const at = text.indexOf(delimiter, start);
      if (at < 0 || at >= to) break;
      this.field(count++, start, at);
      start = at + 1;
    }
    this.field(count++, start, to);
    return count;
  }

  private field(index: number, start: number, end: number): void {
    if (index === this.starts.length) this.growFields();
    this.starts[index] = start;
    this.ends[index] = end;
  }

  /**
   * A row without quotes (nearly all of them), its `count` fields in starts/ends: numbers are parsed in place
   * (parseDecimal), so a row makes no substring unless a cell is something else than a plain decimal.
   */
  private readPlainRow(header: Header, count: number, text: string, line: number, offset: number, sink: ScalarSink): void {
    if (count > header.names.length) {
      this.warn(line, offset, `line ${line} has ${count} fields, the header ${header.names.length}: skipped`);
      return;
    }
    const stepColumn = header.stepColumn;
    let stepValue = NaN;
    let stepText = '';
    if (stepColumn >= 0 && stepColumn < count) {
      stepValue = parseDecimal(text, this.starts[stepColumn], this.ends[stepColumn], false);
      if (!Number.isFinite(stepValue)) {
        stepValue = NaN;
        stepText = text.slice(this.starts[stepColumn], this.ends[stepColumn]);
      }
    }
    const step = this.stepOf(stepValue, stepText, line, offset);
    if (step === undefined) return;
    const timeColumn = header.timeColumn;
    const wallTime = timeColumn >= 0 ? parseWallTime(timeColumn < count ? text.slice(this.starts[timeColumn], this.ends[timeColumn]) : '') : null;
    for (let column = 0; column < count; column++) {
      if (column === stepColumn || column === timeColumn) continue;
      const start = this.starts[column];
      const end = this.ends[column];
      if (start === end) continue;
      const value = parseDecimal(text, start, end, false);
      if (value === value) sink.add(header.names[column], step, wallTime, value);
      else this.readCell(text.slice(start, end), column, step, wallTime, line, offset, sink);
    }
  }

  /** A row with quotes: split with RFC 4180 rules. */
  private readQuotedRow(text: string, line: number, offset: number, sink: ScalarSink): void {
    const header = this.header as Header;
    const { fields, unterminated } = splitFields(text, header.delimiter);
    if (unterminated) {
      this.warn(line, offset, `unterminated quoted field in line ${line}: skipped`);
      return;
    }
    if (fields.length > header.names.length) {
      this.warn(line, offset, `line ${line} has ${fields.length} fields, the header ${header.names.length}: skipped`);
      return;
    }
    const stepText = header.stepColumn >= 0 ? (fields[header.stepColumn] ?? '') : '';
    const step = this.stepOf(NaN, stepText, line, offset);
    if (step === undefined) return;
    const wallTime = header.timeColumn >= 0 ? parseWallTime(fields[header.timeColumn] ?? '') : null;
    for (let column = 0; column < fields.length; column++) {
      if (column === header.stepColumn || column === header.timeColumn) continue;
      this.readCell(fields[column], column, step, wallTime, line, offset, sink);
    }
  }

  /** One cell in full generality: gaps (blank, NA, null...), NaN and Infinity spellings, text columns. */
  private readCell(raw: string, column: number, step: number, wallTime: number | null, line: number, offset: number, sink: ScalarSink): void {
    const header = this.header as Header;
    const cell = raw.trim();
    if (GAPS.has(cell.toLowerCase())) return;
    const value = parseLoggedNumber(cell);
    if (value === undefined) {
      if (!this.textColumns.has(column)) {
        this.textColumns.add(column);
        this.warn(line, offset, `column "${header.names[column]}" holds text ("${cell.slice(0, 40)}") at line ${line}: not a scalar`);
      }
      return;
    }
    sink.add(header.names[column], step, wallTime, value);
  }

  /**
   * The step of the next data row: `parsed` when its step cell was a plain decimal, else `text` (the cell, ''
   * when missing) parsed in full; the row index when there is no step column. Undefined (with a warning) when
   * the cell is no finite number.
   */
  private stepOf(parsed: number, text: string, line: number, offset: number): number | undefined {
    const index = this.rowIndex++;
    const column = this.header?.stepColumn ?? -1;
    let step = index;
    if (column >= 0) {
      const value = parsed === parsed ? parsed : parseLoggedNumber(text);
      if (value === undefined || !Number.isFinite(value)) {
        this.warn(line, offset, `line ${line} has no step ("${text.slice(0, 40)}"): skipped`);
        return undefined;
      }
      step = value;
    }
    if (this.lastStep !== undefined && step < this.lastStep) {
      this.warn(line, offset, `restart at line ${line}: step ${step} after ${this.lastStep}`);
    }
    this.lastStep = step;
    return step;
  }

  private growFields(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  private readHeader(text: string): Header {
    const delimiter = sniffDelimiter(text);
    const names = splitFields(text, delimiter).fields.map((name) => name.trim());
    const lower = names.map((name) => name.toLowerCase());
    if (this.detected === 'csv') {
      if (lower[0] === 'epoch' && !lower.includes('step')) this.detected = 'keras-csv';
    }
    let stepColumn: number;
    if (this.detected === 'lightning-csv') stepColumn = lower.indexOf('step');
    else if (this.detected === 'keras-csv') stepColumn = lower.indexOf('epoch');
    else stepColumn = firstIndex(lower, STEP_COLUMNS);
    return { names, delimiter, stepColumn, timeColumn: firstIndex(lower, TIME_COLUMNS), line: text };
  }

  private warn(line: number, offset: number, message: string): void {
    this.warnings.push({ message, offset, line });
  }
}

function firstIndex(names: string[], wanted: string[]): number {
  for (const name of wanted) {
    const index = names.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

/** A character that trim() never removes, so a line starting with it is not blank. */
export function isVisibleAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}
