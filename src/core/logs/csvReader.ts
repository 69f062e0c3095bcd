import { splitFields, sniffDelimiter } from './csvFields';
import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseLoggedNumber, parseWallTime } from './numbers';
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
    if (line.text.trim() === '') return;
    if (!this.header) {
      this.header = this.readHeader(line.text);
      return;
    }
    if (line.text === this.header.line) {
      this.warnings.push({ message: `repeated header at line ${line.line}: a new run`, offset: line.offset, line: line.line });
      this.lastStep = undefined;
      this.rowIndex = 0;
      return;
    }
    const { fields, unterminated } = splitFields(line.text, this.header.delimiter);
    if (unterminated) {
      this.warn(line, `unterminated quoted field in line ${line.line}: skipped`);
      return;
    }
    if (fields.length > this.header.names.length) {
      this.warn(line, `line ${line.line} has ${fields.length} fields, the header ${this.header.names.length}: skipped`);
      return;
    }
    const step = this.stepOf(fields, line);
    if (step === undefined) return;
    const wallTime = this.header.timeColumn >= 0 ? parseWallTime(fields[this.header.timeColumn] ?? '') : null;
    for (let column = 0; column < fields.length; column++) {
      if (column === this.header.stepColumn || column === this.header.timeColumn) continue;
      const cell = fields[column].trim();
      if (GAPS.has(cell.toLowerCase())) continue;
      const value = parseLoggedNumber(cell);
      if (value === undefined) {
        if (!this.textColumns.has(column)) {
          this.textColumns.add(column);
          this.warn(line, `column "${this.header.names[column]}" holds text ("${cell.slice(0, 40)}") at line ${line.line}: not a scalar`);
        }
        continue;
      }
      sink.add(this.header.names[column], step, wallTime, value);
    }
  }

  private stepOf(fields: string[], line: Line): number | undefined {
    const index = this.rowIndex++;
    const column = this.header?.stepColumn ?? -1;
    let step = index;
    if (column >= 0) {
      const parsed = parseLoggedNumber(fields[column] ?? '');
      if (parsed === undefined || !Number.isFinite(parsed)) {
        this.warn(line, `line ${line.line} has no step ("${(fields[column] ?? '').slice(0, 40)}"): skipped`);
        return undefined;
      }
      step = parsed;
    }
    if (this.lastStep !== undefined && step < this.lastStep) {
      this.warn(line, `restart at line ${line.line}: step ${step} after ${this.lastStep}`);
    }
    this.lastStep = step;
    return step;
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

  private warn(line: Line, message: string): void {
    this.warnings.push({ message, offset: line.offset, line: line.line });
  }
}

function firstIndex(names: string[], wanted: string[]): number {
  for (const name of wanted) {
    const index = names.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}
