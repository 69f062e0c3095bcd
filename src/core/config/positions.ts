/** Offsets to 1-based lines and columns, by binary search over the offsets where lines start. */
import type { LineSlot, SourcePosition, SourceRange } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based index of the line holding `offset`. */
  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { offset: o, line: line + 1, column: o - this.starts[line] + 1 };
  }

  range(from: number, to: number): SourceRange {
    return { start: this.position(from), end: this.position(to) };
  }

  /** Offset of the start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset)];
  }

  /**
   * Where lines can be inserted after the line holding `offset`: the start of the next line, or the end
   * of the text (then the lines need a newline first).
   */
  slotAfter(offset: number, indent: string): LineSlot {
    const line = this.lineOf(Math.max(0, Math.min(offset, this.text.length)));
    if (line + 1 < this.starts.length) return { at: this.position(this.starts[line + 1]), indent };
    return { at: this.position(this.text.length), indent, newlineFirst: true };
  }

  /** The spaces and tabs that start the line holding `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }
}
