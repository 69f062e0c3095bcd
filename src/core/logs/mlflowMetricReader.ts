import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseLoggedNumber } from './numbers';
import type { ScalarSink } from './types';

const INTEGER = /^[+-]?\d+$/;

/**
 * One metric of an MLflow file store run: `mlruns/<experiment>/<run>/metrics/<key>`, one line per point,
 * `<timestamp_ms> <value> <step>`. The file holds a single metric, so the tag is given by the caller (the
 * path below `metrics/`, see mlflowMetricKey). Very old files have no step column: the step is then the
 * point's index. Values keep nan/inf/-inf; wall time is the timestamp in seconds. A malformed line is a
 * warning and the rest is still read.
 */
export class MlflowMetricReader extends LineReader {
  readonly format = 'mlflow-metric' as const;
  private index = 0;

  constructor(
    private readonly tag = 'value',
    maxLineBytes?: number,
  ) {
    super(maxLineBytes);
  }

  protected readLine(line: Line, sink: ScalarSink): void {
    const text = line.text.trim();
    if (text === '') return;
    const fields = text.split(/\s+/);
    const index = this.index++;
    if (fields.length < 2 || fields.length > 3 || !INTEGER.test(fields[0]) || (fields.length === 3 && !INTEGER.test(fields[2]))) {
      this.warn(line, `line ${line.line} is not "<timestamp_ms> <value> <step>" ("${text.slice(0, 60)}"): skipped`);
      return;
    }
    const value = parseLoggedNumber(fields[1]);
    if (value === undefined) {
      this.warn(line, `line ${line.line} has a value that is not a number ("${fields[1].slice(0, 40)}"): skipped`);
      return;
    }
    const step = fields.length === 3 ? Number(fields[2]) : index;
    const timestamp = Number(fields[0]);
    if (!Number.isFinite(step) || !Number.isFinite(timestamp)) {
      this.warn(line, `line ${line.line} has a step or timestamp too large for a number: skipped`);
      return;
    }
    sink.add(this.tag, step, timestamp / 1000, value);
  }

  private warn(line: Line, message: string): void {
    this.warnings.push({ message, offset: line.offset, line: line.line });
  }
}
