import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseLoggedNumber } from './numbers';
import type { ScalarSink } from './types';

/** `<timestamp_ms> <value> [<step>]`, whitespace-separated. */
const POINT_LINE = /^\s*([+-]?\d+)\s+(\S+)(?:\s+([+-]?\d+))?\s*$/;

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
    const fields = POINT_LINE.exec(line.text);
    if (fields === null) {
      if (line.text.trim() === '') return;
      this.index++;
      this.warn(line, `line ${line.line} is not "<timestamp_ms> <value> <step>" ("${line.text.trim().slice(0, 60)}"): skipped`);
      return;
    }
    const index = this.index++;
    const value = parseLoggedNumber(fields[2]);
    if (value === undefined) {
      this.warn(line, `line ${line.line} has a value that is not a number ("${fields[2].slice(0, 40)}"): skipped`);
      return;
    }
    const step = fields[3] === undefined ? index : Number(fields[3]);
    const timestamp = Number(fields[1]);
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
