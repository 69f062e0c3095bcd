import type { ReadWarning } from './types';

/** One complete line of a text log: its text without the line end, 1-based number and byte offset. */
export interface Line {
  text: string;
  line: number;
  offset: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits appended bytes into complete lines. The split happens on the LF byte, which never occurs inside a
 * multi-byte UTF-8 sequence, so each complete line is decoded on its own and byte offsets stay exact; a
 * partial last line is held back until its LF arrives. CRLF and a leading BOM are removed. A line longer than
 * `maxLineBytes` is dropped (with one warning) instead of being buffered forever, and a line holding NUL bytes
 * (binary data in a text format) is dropped with a warning. Never throws on content.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  private pending: Uint8Array[] = [];
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

  push(chunk: Uint8Array): Line[] {
    const lines: Line[] = [];
    let from = 0;
    while (from < chunk.length) {
      const lf = chunk.indexOf(LF, from);
      if (lf < 0) {
        this.hold(chunk.subarray(from));
        break;
      }
      this.hold(chunk.subarray(from, lf));
      const line = this.finishLine();
      if (line) lines.push(line);
      this.lineStart = this.consumed + lf + 1;
      this.lineNumber++;
      from = lf + 1;
    }
    this.consumed += chunk.length;
    return lines;
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
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private hold(bytes: Uint8Array): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      this.warnings.push({
        message: `line ${this.lineNumber} is longer than ${this.maxLineBytes} bytes: skipped`,
        offset: this.lineStart,
        line: this.lineNumber,
      });
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller may reuse its buffer after push returns.
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
  }

  private finishLine(): Line | undefined {
    const skipped = this.skipping;
    const bytes = this.joinPending();
    this.skipping = false;
    if (skipped) return undefined;
    if (bytes.indexOf(0) >= 0) {
      this.warnings.push({
        message: `binary data (NUL bytes) in line ${this.lineNumber}: skipped`,
        offset: this.lineStart,
        line: this.lineNumber,
      });
      return undefined;
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    let text = this.decoder.decode(bytes.subarray(0, end));
    if (this.lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, line: this.lineNumber, offset: this.lineStart };
  }

  private joinPending(): Uint8Array {
    const parts = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (parts.length === 1) return parts[0];
    let size = 0;
    for (const part of parts) size += part.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
