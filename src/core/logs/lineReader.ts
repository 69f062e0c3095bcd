import { LineSplitter, type Line } from './lineSplitter';
import type { IncrementalReader, LogFormat, ReadWarning, ScalarSink } from './types';

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

  push(chunk: Uint8Array, sink: ScalarSink): void {
    for (const line of this.lines.push(chunk)) this.readLine(line, sink);
  }

  end(_sink: ScalarSink): void {
    this.lines.end();
  }

  /** Delivers the points of one complete line to `sink`; damage becomes a warning in `this.warnings`. */
  protected abstract readLine(line: Line, sink: ScalarSink): void;
}
