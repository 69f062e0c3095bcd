/**
 * Re-parsing a Python file after an edit with lezer's incremental parsing: the previous tree's fragments
 * outside the edited span are reused, so a keystroke costs a fraction of a full parse (the refresh budget of
 * issue 6 is 5 ms for a 1,000-line file). The edited span is found by comparing the old and new text (common
 * prefix and suffix), so callers need not pass change events.
 *
 * Only a clean tree is trusted: when the re-parsed tree has a syntax error, the text is parsed again from
 * scratch. Lezer recovers from errors around Python's indentation differently when it reuses fragments
 * (a block after the error can end up inside the one before it; see codemirror/dev#394 and #487 for the
 * kind), and the editor must show what the CLI shows for the same text. So a refresh of a file with a
 * syntax error costs a full parse.
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { errorOffsets } from './errors';

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

  parse(text: string): Tree {
    if (this.tree && text === this.text) return this.tree;
    let fragments: readonly TreeFragment[] = [];
    const old = this.text;
    if (this.tree && old !== null) {
      const [start, endOld, endNew] = changedSpan(old, text);
      fragments = TreeFragment.applyChanges(this.fragments, [{ fromA: start, toA: endOld, fromB: start, toB: endNew }]);
    }
    let tree = parser.parse(text, fragments);
    if (fragments.length > 0 && errorOffsets(tree).length > 0) {
      fragments = [];
      tree = parser.parse(text);
    }
    this.text = text;
    this.tree = tree;
    this.fragments = TreeFragment.addTree(tree, fragments);
    return tree;
  }
}
