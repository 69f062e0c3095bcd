import type { IncrementalReader, LogFormat, ReadWarning, ScalarSink } from './types';

/**
 * One state of a terminal line in a captured stdout: the text between two line ends or carriage returns,
 * backspaces and ANSI colour codes removed. `line` is the 1-based physical line (LF-separated) it belongs to,
 * `offset` the byte offset where the segment starts.
 */
export interface ConsoleLine {
  text: string;
  line: number;
  offset: number;
}

/**
 * Longest segment held. A progress update or a printed metrics line is well under 1 KiB; anything longer is
 * not a log line (a printed tensor, a base64 blob) and is skipped with a warning instead of buffered.
 */
export const MAX_SEGMENT_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BS = 0x08;
// eslint-disable-next-line no-control-regex
const ANSI_OR_BACKSPACE = /\x1b\[[0-9;?]*[A-Za-z]|\x08/g;

/**
 * The plumbing of readers of captured terminal output (Keras progress bars, print-style logs next to tqdm
 * bars). Unlike LineReader it also splits at carriage returns: an in-place progress bar rewrites one
 * physical line with '\r' many thousand times per epoch (Keras on Linux does so even when stdout is a
 * file), and that line would outgrow any line limit while only its states matter. Each segment is handed
 * to `readSegment` as soon as its CR or LF arrives; a partial last segment is held (at most
 * MAX_SEGMENT_BYTES) until then. Never throws on content.
 */
export abstract class ConsoleReader implements IncrementalReader {
  abstract readonly format: LogFormat;
  readonly warnings: ReadWarning[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  private held = new Uint8Array(256);
  private heldLength = 0;
  private segmentStart = 0;
  private lineNumber = 1;
  private consumed = 0;
  /** The current segment outgrew MAX_SEGMENT_BYTES: its bytes are dropped until the next CR or LF. */
  private overflow = false;
  /** The last physical line a warning was given for (one warning per line, not per segment). */
  private warnedLine = 0;

  get bytesRead(): number {
    return this.consumed;
  }

  /** Bytes of a partial segment held back (bounded by MAX_SEGMENT_BYTES). */
  get heldBytes(): number {
    return this.heldLength;
  }

  push(chunk: Uint8Array, sink: ScalarSink): void {
    // Two native scans (indexOf) instead of a JavaScript loop over every byte.
    let from = 0;
    let nextLf = chunk.indexOf(LF);
    let nextCr = chunk.indexOf(CR);
    while (nextLf >= 0 || nextCr >= 0) {
      const isLf = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr);
      const at = isLf ? nextLf : nextCr;
      this.hold(chunk, from, at);
      this.finishSegment(sink);
      if (isLf) {
        this.lineNumber++;
        nextLf = chunk.indexOf(LF, at + 1);
      } else {
        nextCr = chunk.indexOf(CR, at + 1);
      }
      this.segmentStart = this.consumed + at + 1;
      from = at + 1;
    }
    this.hold(chunk, from, chunk.length);
    this.consumed += chunk.length;
  }

  end(_sink: ScalarSink): void {
    if (this.heldLength > 0 || this.overflow) {
      this.warnings.push({
        message: `truncated last line ${this.lineNumber} (no line end) ignored`,
        offset: this.segmentStart,
        line: this.lineNumber,
      });
    }
    this.heldLength = 0;
    this.overflow = false;
  }

  /** Delivers the points of one segment to `sink`; damage becomes a warning in `this.warnings`. */
  protected abstract readSegment(segment: ConsoleLine, sink: ScalarSink): void;

  protected warn(segment: ConsoleLine, message: string): void {
    this.warnings.push({ message, offset: segment.offset, line: segment.line });
  }

  private hold(chunk: Uint8Array, from: number, to: number): void {
    const size = to - from;
    if (size === 0 || this.overflow) return;
    const need = this.heldLength + size;
    if (need > MAX_SEGMENT_BYTES) {
      this.overflow = true;
      this.heldLength = 0;
      this.warnOnce(`line ${this.lineNumber} has more than ${MAX_SEGMENT_BYTES} bytes without a line end or carriage return: skipped`);
      return;
    }
    if (need > this.held.length) {
      const grown = new Uint8Array(Math.min(MAX_SEGMENT_BYTES, Math.max(need, this.held.length * 2)));
      grown.set(this.held.subarray(0, this.heldLength));
      this.held = grown;
    }
    this.held.set(chunk.subarray(from, to), this.heldLength);
    this.heldLength = need;
  }

  private finishSegment(sink: ScalarSink): void {
    const length = this.heldLength;
    this.heldLength = 0;
    if (this.overflow) {
      this.overflow = false;
      return;
    }
    // A redrawn bar ends each state with backspaces over it (Keras): trim them before decoding.
    let end = length;
    while (end > 0 && this.held[end - 1] === BS) end--;
    if (end === 0) return;
    const bytes = this.held.subarray(0, end);
    if (bytes.indexOf(0) >= 0) {
      this.warnOnce(`binary data (NUL bytes) in line ${this.lineNumber}: skipped`);
      return;
    }
    // The decoder drops a leading byte-order mark itself (ignoreBOM: false).
    let text = this.decoder.decode(bytes);
    if (text.indexOf('\x1b') >= 0 || text.indexOf('\x08') >= 0) text = text.replace(ANSI_OR_BACKSPACE, '');
    this.readSegment({ text, line: this.lineNumber, offset: this.segmentStart }, sink);
  }

  private warnOnce(message: string): void {
    if (this.warnedLine === this.lineNumber) return;
    this.warnedLine = this.lineNumber;
    this.warnings.push({ message, offset: this.segmentStart, line: this.lineNumber });
  }
}
