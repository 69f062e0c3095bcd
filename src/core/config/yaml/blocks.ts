/**
 * Cutting a YAML text at its top-level keys, for the editor's incremental path (yaml/incremental.ts).
 *
 * A cut goes before each line that starts, at column 0, with a plain key followed by `:` (`trainer:`,
 * `model.lr: 3`). Lines between two cuts belong to the block above them: indented lines, comments, blank
 * lines and `- item` lines (a sequence may sit at the key's own column). Any other line at column 0 — a
 * quoted or complex key, a flow collection or a scalar continued at column 0, `---`, `...`, a `%` directive,
 * a byte-order mark — and any tab anywhere (YAML forbids tabs in indentation, and where one is allowed is
 * subtle) make the text "not cuttable": the caller reads it whole. Whatever this cut gets wrong about a
 * construct spanning two blocks shows up when each block is parsed alone (an unclosed quote or bracket is
 * an error there), which the caller also answers with a whole read.
 */

export interface YamlBlock {
  /** Offset of the block's key line. */
  from: number;
  /** Offset just past the block's text (the next block's `from`, or the end of the text). */
  to: number;
}

/** `key:` at column 0, key plain and unambiguous (letters, digits, `_ . - / $`), then a space or the line end. */
const KEY_LINE = /^[A-Za-z0-9_$][A-Za-z0-9_$.\-/]*[ ]*:(?:[ \r\n]|$)/;

/** The top-level blocks of `text`, or null when the text cannot be cut safely (see above). */
export function cutYamlBlocks(text: string): YamlBlock[] | null {
  if (text.includes('\t')) return null;
  const blocks: YamlBlock[] = [];
  let line = 0;
  while (line < text.length) {
    const nl = text.indexOf('\n', line);
    const end = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(line);
    if (c === 32 /* indented */ || c === 10 || c === 13 || c === 35 /* # */) {
      if (blocks.length === 0 && c === 32 && text.slice(line, end).trim() !== '') return null; // indented content before any key
    } else if (c === 45 /* - */) {
      const d = text.charCodeAt(line + 1);
      if (blocks.length === 0 || !(d === 32 || d === 10 || d === 13 || line + 1 >= text.length)) return null; // `---`, `-key:` or a top-level list
    } else if (KEY_LINE.test(text.slice(line, Math.min(end, line + 256)))) {
      if (blocks.length > 0) blocks[blocks.length - 1].to = line;
      blocks.push({ from: line, to: text.length });
    } else {
      return null;
    }
    line = end;
  }
  return blocks.length > 0 ? blocks : null;
}
