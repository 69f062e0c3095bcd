/**
 * Follows the nesting depth of a JSON text fed in chunks, so a reader can tell when a top-level object or
 * array has closed without re-parsing the whole buffer on every chunk (which is quadratic when a document
 * arrives in many pieces). Brackets inside strings (with escapes) do not count; a stray closer never takes
 * the depth below zero.
 */
export class JsonDepth {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Scans `bytes`; returns true when a top-level value closed in them (the depth came back to zero). */
  feed(bytes: Uint8Array): boolean {
    let closedHere = false;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) this.inString = false;
        continue;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x7b || b === 0x5b) this.depth++;
      else if ((b === 0x7d || b === 0x5d) && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) closedHere = true;
      }
    }
    return closedHere;
  }

  get atTopLevel(): boolean {
    return this.depth === 0 && !this.inString;
  }

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}
