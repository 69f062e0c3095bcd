/**
 * Re-parsing a Python file after an edit with lezer's incremental parsing: the previous tree's fragments
 * outside the edited span are reused, so a keystroke costs a fraction of a full parse (the refresh budget of
 * issue 6 is 5 ms for a 1,000-line file). The edited span is found by comparing the old and new text (common
 * prefix and suffix), so callers need not pass change events.
 *
 * A tree with a syntax error is kept too, as CodeMirror keeps it: lezer may recover from an error
 * differently when it reuses fragments than in a full parse (around Python's indentation a block after the
 * error can end up inside the one before it; see codemirror/dev#394 and #487 for the kind), but neither
 * recovery is "the right one", and a full parse at each keystroke of a half-typed line would cost about
 * 12 ms for 1,000 lines. What keeps the editor's settings those of a fresh read is the extractor's reuse
 * rule (python/extract.ts): a chunk is reused only when its text is unchanged, it holds no error and it lies
 * outside the edited span (`lastChange`); the chunks around the error are read from this tree. Once the text
 * is error-free again the incremental tree is clean and the result is a fresh read's (property tests).
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/** Characters compared at once while looking for the edit: a string comparison is far faster than a char loop. */
const BLOCK = 256;

/** The span an edit replaced: [start, end in the old text, end in the new text] (common prefix and suffix cut). */
export function changedSpan(old: string, text: string): [number, number, number] {
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start + BLOCK <= max && old.slice(start, start + BLOCK) === text.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let endOld = old.length;
  let endNew = text.length;
  while (endOld - BLOCK >= start && endNew - BLOCK >= start && old.slice(endOld - BLOCK, endOld) === text.slice(endNew - BLOCK, endNew)) {
    endOld -= BLOCK;
    endNew -= BLOCK;
  }
  while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return [start, endOld, endNew];
}

export class IncrementalPythonParser {
  private text: string | null = null;
  private tree: Tree | null = null;
  private fragments: readonly TreeFragment[] = [];
  /** The span of the new text the last parse's edit replaced, [from, to]; null after a first parse. */
  lastChange: [number, number] | null = null;

  parse(text: string): Tree {
    if (this.tree && text === this.text) {
      this.lastChange = [text.length, text.length];
      return this.tree;
    }
    let fragments: readonly TreeFragment[] = [];
    const old = this.text;
    this.lastChange = null;
    if (this.tree && old !== null) {
      const [start, endOld, endNew] = changedSpan(old, text);
      fragments = TreeFragment.applyChanges(this.fragments, [{ fromA: start, toA: endOld, fromB: start, toB: endNew }]);
      this.lastChange = [start, endNew];
    }
    const tree = parser.parse(text, fragments);
    this.text = text;
    this.tree = tree;
    this.fragments = TreeFragment.addTree(tree, fragments);
    return tree;
  }
}
