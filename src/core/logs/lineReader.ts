import { LineSplitter, type Line } from './lineSplitter';
import type { IncrementalReader, LogFormat, ReadWarning, ScalarPoint } from './types';

/**
 * The plumbing every line-oriented reader shares: bytes go through a LineSplitter (partial last line held,
 * over-long and binary lines warned about), and each complete line is handed to `readLine`.
 */
export abstract class LineReader implements IncrementalReader {
  abstract readonly format: LogFormat;
  readonly warnings: ReadWarning[] = [];
  private readonly lines: LineSplitter;

  constructor(maxLineBytes?: number) {
    this.lines = new LineSplitter(this.warnings, maxLineBytes);
  }

  get bytesRead(): number {
    return this.lines.bytesRead;
  }

  push(chunk: Uint8Array): ScalarPoint[] {
    const points: ScalarPoint[] = [];
    for (const line of this.lines.push(chunk)) this.readLine(line, points);
    return points;
  }

  end(): ScalarPoint[] {
    this.lines.end();
    return [];
  }

  /** Appends the points of one complete line to `points`; damage becomes a warning in `this.warnings`. */
  protected abstract readLine(line: Line, points: ScalarPoint[]): void;
}
