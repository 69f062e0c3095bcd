/**
 * Where lezer put error nodes (syntax errors it recovered from), read straight from the tree's node
 * buffers: far cheaper than walking every node, so the editor can look at the whole file at each refresh
 * while it reads only the changed pieces' settings.
 */
import { Tree, TreeBuffer } from '@lezer/common';

function scan(tree: Tree, base: number, out: number[]): void {
  if (tree.type.isError) out.push(base);
  for (let i = 0; i < tree.children.length; i++) {
    const child = tree.children[i];
    const at = base + tree.positions[i];
    if (child instanceof TreeBuffer) {
      const { buffer, set } = child;
      // 4 numbers a node: type, start, end (relative to the buffer), index past its children.
      for (let j = 0; j < buffer.length; j += 4) if (set.types[buffer[j]].isError) out.push(at + buffer[j + 1]);
    } else {
      scan(child, at, out);
    }
  }
}

/** Trees are immutable: the incremental parser and the extractor ask about the same tree once between them. */
const known = new WeakMap<Tree, number[]>();

/** The start offsets of the error nodes, ascending (do not modify the array: it is shared). */
export function errorOffsets(tree: Tree): number[] {
  let out = known.get(tree);
  if (!out) {
    out = [];
    scan(tree, 0, out);
    out.sort((a, b) => a - b);
    known.set(tree, out);
  }
  return out;
}

/** Whether an error starts in [from, to] (an error at a piece's edge may be caused by the piece). */
export function hasErrorIn(sorted: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= to;
}
