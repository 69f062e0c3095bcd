/**
 * A CfgNode tree moved by `delta` characters: what an incremental reader does with the tree of a block whose
 * text did not change but whose place did (an edit above it). Copies, never mutates: the cached tree may
 * still be handed out for an older text.
 */
import type { CfgEntry, CfgNode } from './types';

export function shiftNode(node: CfgNode, delta: number): CfgNode {
  if (delta === 0) return node;
  switch (node.type) {
    case 'scalar':
      return { type: 'scalar', value: node.value, text: node.text, from: node.from + delta, to: node.to + delta };
    case 'map':
      return { type: 'map', entries: node.entries.map((e) => shiftEntry(e, delta)), from: node.from + delta, to: node.to + delta };
    case 'seq':
      return { type: 'seq', items: node.items.map((i) => shiftNode(i, delta)), from: node.from + delta, to: node.to + delta };
  }
}

export function shiftEntry(entry: CfgEntry, delta: number): CfgEntry {
  if (delta === 0) return entry;
  return { key: entry.key, keyFrom: entry.keyFrom + delta, keyTo: entry.keyTo + delta, value: entry.value ? shiftNode(entry.value, delta) : null };
}
