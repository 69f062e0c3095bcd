import { LineSplitter, type Line, type LineSink } from './lineSplitter';
import type { IncrementalReader, LogFormat, ReadWarning, ScalarSink } from './types';

/**
 * The plumbing every line-oriented reader shares: bytes go through a LineSplitter (partial last line held,
 * over-long and binary lines warned about), and each complete line is handed to `readLine`.
 */
export abstract class LineReader implements IncrementalReader {
  abstract readonly format: LogFormat;
  readonly warnings: ReadWarning[] = [];
  private readonly lines: LineSplitter;
  private readonly feed: LineFeed;

  constructor(maxLineBytes?: number) {
    this.lines = new LineSplitter(this.warnings, maxLineBytes);
    this.feed = new LineFeed((text, start, end, line, offset, sink) => this.readText(text, start, end, line, offset, sink));
  }

  get bytesRead(): number {
    return this.lines.bytesRead;
  }

  push(chunk: Uint8Array, sink: ScalarSink): void {
    this.feed.sink = sink;
    this.lines.pushTo(chunk, this.feed);
    this.feed.sink = null;
  }

  end(_sink: ScalarSink): void {
    this.lines.end();
  }

  /** Delivers the points of one complete line to `sink`; damage becomes a warning in `this.warnings`. */
  protected abstract readLine(line: Line, sink: ScalarSink): void;

  /**
   * Called for every complete line, `text[start, end)` (text may hold more lines); hands it to `readLine` as a
   * Line. A reader on a hot path may override this to read the line in place, without a substring or object.
   */
  protected readText(text: string, start: number, end: number, line: number, offset: number, sink: ScalarSink): void {
    this.readLine({ text: text.slice(start, end), line, offset }, sink);
  }
}

type ReadText = (text: string, start: number, end: number, line: number, offset: number, sink: ScalarSink) => void;

/** Passes the splitter's lines to the reader with the sink of the current push (one per reader, not per push). */
class LineFeed implements LineSink {
  sink: ScalarSink | null = null;

  constructor(private readonly read: ReadText) {}

  line(text: string, start: number, end: number, line: number, offset: number): void {
    if (this.sink !== null) this.read(text, start, end, line, offset, this.sink);
  }
}
