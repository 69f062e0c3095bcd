import type { ReadWarning } from './types';

/** One complete line of a text log: its text without the line end, 1-based number and byte offset. */
export interface Line {
  text: string;
  line: number;
  offset: number;
}

/**
 * Receives complete lines: the line is `text[start, end)` (text may hold many lines: a reader on a hot path can
 * read in place rather than from a substring). An object with a method rather than a callback, so a push
 * allocates no closure.
 */
export interface LineSink {
  line(text: string, start: number, end: number, line: number, offset: number): void;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

/**
 * Splits appended bytes into complete lines. The split happens on the LF byte, which never occurs inside a
 * multi-byte UTF-8 sequence, so byte offsets stay exact; a partial last line is held back until its LF
 * arrives. CRLF and a leading BOM are removed. A line longer than `maxLineBytes` is dropped (with one warning)
 * instead of being buffered forever, and a line holding NUL bytes (binary data in a text format) is dropped
 * with a warning. Never throws on content.
 *
 * Speed: the complete lines of a chunk are decoded with one TextDecoder call, and when the text has as many
 * characters as the bytes (ASCII, by far the common case) character indexes are byte offsets, so each line is
 * a slice of that text. Otherwise each line is decoded on its own, as before.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** The held partial line. */
  private pending = new Uint8Array(256);
  private pendingBytes = 0;
  private lineStart = 0;
  private lineNumber = 1;
  private skipping = false;
  private consumed = 0;

  constructor(
    private readonly warnings: ReadWarning[],
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  /** Bytes consumed so far, including a held-back partial line. */
  get bytesRead(): number {
    return this.consumed;
  }

  /** The complete lines in `chunk` (with any held partial line before it), as objects: for tests and one-off use. */
  push(chunk: Uint8Array): Line[] {
    const lines: Line[] = [];
    this.pushTo(chunk, { line: (text, start, end, line, offset) => lines.push({ text: text.slice(start, end), line, offset }) });
    return lines;
  }

  /** Hands every complete line in `chunk` (with any held partial line before it) to `sink`, in order. */
  pushTo(chunk: Uint8Array, sink: LineSink): void {
    let from = 0;
    if (this.pendingBytes > 0 || this.skipping) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.hold(chunk);
        this.consumed += chunk.length;
        return;
      }
      this.hold(chunk.subarray(0, lf));
      this.finishHeldLine(sink);
      from = lf + 1;
      this.nextLine(this.consumed + from);
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= from) {
      this.completeLines(chunk, from, last + 1, sink);
      from = last + 1;
    }
    this.hold(chunk.subarray(from));
    this.consumed += chunk.length;
  }

  /** The writer is gone: a held-back partial line becomes a warning. */
  end(): void {
    if (this.pendingBytes > 0) {
      this.warnings.push({
        message: `truncated last line ${this.lineNumber} (${this.pendingBytes} bytes without a line end) ignored`,
        offset: this.lineStart,
        line: this.lineNumber,
      });
    }
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private nextLine(offset: number): void {
    this.lineStart = offset;
    this.lineNumber++;
  }

  /** Lines `chunk[from, to)`, `to` just after an LF, with nothing held before them. */
  private completeLines(chunk: Uint8Array, from: number, to: number, sink: LineSink): void {
    const text = this.decoder.decode(chunk.subarray(from, to));
    if (text.length !== to - from) {
      this.decodeEachLine(chunk, from, to, sink);
      return;
    }
    // One character per byte: text index i is chunk byte from + i.
    const base = this.consumed + from;
    // NULs are looked for in the bytes (a string search for '\0' is slow in V8); nul is a text index too.
    let nul = chunk.indexOf(0, from) - from;
    if (nul >= to - from) nul = -1;
    let at = 0;
    while (at < text.length) {
      const lf = text.indexOf('\n', at);
      if (nul >= 0 && nul < at) {
        nul = chunk.indexOf(0, from + at) - from;
        if (nul >= to - from) nul = -1;
      }
      if (lf - at > this.maxLineBytes) this.tooLong();
      else if (nul >= 0 && nul < lf) this.binaryLine();
      else this.deliver(text, at, lf, sink);
      at = lf + 1;
      this.nextLine(base + at);
    }
  }

  /** The slow path for chunks with multi-byte characters: each line decoded on its own. */
  private decodeEachLine(chunk: Uint8Array, from: number, to: number, sink: LineSink): void {
    let at = from;
    while (at < to) {
      const lf = chunk.indexOf(LF, at);
      const bytes = chunk.subarray(at, lf);
      if (bytes.length > this.maxLineBytes) this.tooLong();
      else this.emit(bytes, sink);
      at = lf + 1;
      this.nextLine(this.consumed + at);
    }
  }

  private emit(bytes: Uint8Array, sink: LineSink): void {
    if (bytes.indexOf(0) >= 0) {
      this.binaryLine();
      return;
    }
    const text = this.decoder.decode(bytes);
    this.deliver(text, 0, text.length, sink);
  }

  /**
   * Hands over `text[start, end)` without a trailing CR and a leading BOM (any line, as a per-line decode always
   * dropped one), and on line 1 without a second BOM as well (the file's own, before an editor's).
   */
  private deliver(text: string, start: number, end: number, sink: LineSink): void {
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (end > start && text.charCodeAt(start) === BOM) start++;
    if (this.lineNumber === 1 && end > start && text.charCodeAt(start) === BOM) start++;
    sink.line(text, start, end, this.lineNumber, this.lineStart);
  }

  private tooLong(): void {
    this.warnings.push({
      message: `line ${this.lineNumber} is longer than ${this.maxLineBytes} bytes: skipped`,
      offset: this.lineStart,
      line: this.lineNumber,
    });
  }

  private binaryLine(): void {
    this.warnings.push({
      message: `binary data (NUL bytes) in line ${this.lineNumber}: skipped`,
      offset: this.lineStart,
      line: this.lineNumber,
    });
  }

  private hold(bytes: Uint8Array): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      this.tooLong();
      this.skipping = true;
      this.pendingBytes = 0;
      return;
    }
    const need = this.pendingBytes + bytes.length;
    if (need > this.pending.length) {
      const grown = new Uint8Array(Math.max(need, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingBytes));
      this.pending = grown;
    }
    // Copy: the caller may reuse its buffer after push returns.
    this.pending.set(bytes, this.pendingBytes);
    this.pendingBytes = need;
  }

  private finishHeldLine(sink: LineSink): void {
    const skipped = this.skipping;
    const n = this.pendingBytes;
    this.skipping = false;
    this.pendingBytes = 0;
    if (!skipped) this.emit(this.pending.subarray(0, n), sink);
  }
}
