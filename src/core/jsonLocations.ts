/**
 * Where each value of a JSON text sits, by JSON path (`[2].optimizer.betas[1]`, the format SpecError uses),
 * so an error found in the parsed value can be reported at a line and column, and an editor can place a
 * CodeLens on each run of a spec. A small recursive walk over text that JSON.parse has already accepted:
 * on malformed text it stops and returns what it found so far.
 */
export interface JsonSpan {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just past the value's last character. */
  end: number;
}

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

class Walker {
  private pos = 0;
  readonly spans = new Map<string, JsonSpan>();

  constructor(private readonly text: string) {}

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    }
    this.pos++; // closing quote
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  value(path: string): void {
    this.skipWhitespace();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{') {
      this.pos++;
      this.skipWhitespace();
      while (this.pos < this.text.length && this.text[this.pos] !== '}') {
        if (this.text[this.pos] !== '"') throw new Error('expected a key');
        const key = this.string();
        this.skipWhitespace();
        this.pos++; // colon
        this.value(childPath(path, key));
        this.skipWhitespace();
        if (this.text[this.pos] === ',') this.pos++;
        this.skipWhitespace();
      }
      this.pos++;
    } else if (c === '[') {
      this.pos++;
      this.skipWhitespace();
      let index = 0;
      while (this.pos < this.text.length && this.text[this.pos] !== ']') {
        this.value(childPath(path, index++));
        this.skipWhitespace();
        if (this.text[this.pos] === ',') this.pos++;
        this.skipWhitespace();
      }
      this.pos++;
    } else if (c === '"') {
      this.string();
    } else {
      while (this.pos < this.text.length && !' \t\r\n,]}'.includes(this.text[this.pos])) this.pos++;
      if (this.pos === start) throw new Error('expected a value');
    }
    this.spans.set(path, { start, end: this.pos });
  }
}

/** Spans of every value in `text`, keyed by JSON path (the root is ''). */
export function jsonSpans(text: string): Map<string, JsonSpan> {
  const walker = new Walker(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  try {
    walker.value('');
  } catch {
    // Malformed text: keep the spans found before the problem.
  }
  return walker.spans;
}

/** Splits a JSON path into its parents, longest first: `a[1].b` -> [`a[1].b`, `a[1]`, `a`, ``]. */
export function pathAncestors(path: string): string[] {
  const out = [path];
  let p = path;
  while (p !== '') {
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
    out.push(p);
  }
  return out;
}

/**
 * The span of the value at `path`, or of its nearest existing ancestor (a missing key is reported at the
 * object that lacks it); undefined only when the text has no root value.
 */
export function locateJsonPath(spans: Map<string, JsonSpan>, path: string): JsonSpan | undefined {
  for (const p of pathAncestors(path)) {
    const span = spans.get(p);
    if (span) return span;
  }
  return undefined;
}

export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse stopped, from its message ("... in JSON at position 42", newer engines also
 * "(line 3 column 5)"); the end of the text for "Unexpected end of JSON input".
 */
export function jsonSyntaxErrorLocation(message: string, text: string): LineColumn {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const position = /position (\d+)/.exec(message);
  return lineColumnAt(text, position ? Number(position[1]) : text.length);
}

/** The outcome of `parseJsonText`: the value, or where and why JSON.parse stopped. */
export type ParsedJson =
  | { ok: true; value: unknown; body: string }
  | { ok: false; line: number; column: number; message: string };

/**
 * JSON.parse of a file's text with a leading byte-order mark dropped (editors on Windows write one), and on a
 * syntax error its line and column with the engine's "at position N" tail removed from the message (the
 * location is given separately). `body` is the text that was parsed, for locating paths in it afterwards.
 */
export function parseJsonText(text: string): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown, body };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = jsonSyntaxErrorLocation(message, body);
    return { ok: false, line: where.line, column: where.column, message: message.replace(/ in JSON at position \d+.*$/, '') };
  }
}
