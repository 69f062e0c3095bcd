/**
 * The editor's YAML path: a refresh after a keystroke parses only the top-level blocks whose text changed
 * (yaml/blocks.ts cuts them) and reuses the trees of the others, moved to where they now are. The `yaml`
 * package cannot re-parse part of a text, and its full parse of a 1,000-line config alone costs several
 * times the 5 ms refresh budget.
 *
 * Why the result is the one a whole read gives: when the text cuts cleanly, each block is one top-level
 * `key: value` pair whose text starts at column 0 and ends where the next such key starts, so the whole
 * document's root map is exactly the blocks' one-entry maps in order, provided each block parses alone
 * without error and needs nothing from another block. What could make a block need another — an alias
 * (`*x` of an anchor elsewhere), a second document or a directive, a flow collection or quoted scalar running
 * over a cut (an error when its block is parsed alone), tabs — sends the whole text to extractYaml instead,
 * as does any parse error (its message and line must be the whole read's). Settings are then extracted from
 * the assembled tree with the same walker as a whole read, so facts that look across blocks (DeepSpeed and
 * Hugging Face detection by top-level keys, `${a.b}` interpolations, the rules' OL005 warm-up search) are
 * computed on the whole tree every time; that walk and the rules cost well under a millisecond at 1,000 lines.
 */
import { LineIndex } from '../positions';
import { shiftEntry } from '../tree/shift';
import type { CfgEntry, CfgMap } from '../tree/types';
import type { ConfigExtraction } from '../types';
import { cutYamlBlocks } from './blocks';
import { extractYaml, yamlExtraction } from './extract';
import { yamlTrees } from './toTree';

/** A block's parse: its one entry where it was last placed (null: the block does not stand alone). */
interface BlockTree {
  at: number;
  entry: CfgEntry | null;
  /** The block's own map range, relative to its start (the root map's start and end come from the blocks). */
  from: number;
  to: number;
}

function parseBlock(text: string): BlockTree {
  const { roots, errors, documents, aliases } = yamlTrees(text);
  const root = roots[0];
  if (errors.length > 0 || documents !== 1 || aliases || roots.length !== 1 || root.type !== 'map' || root.entries.length !== 1) {
    return { at: 0, entry: null, from: 0, to: 0 };
  }
  return { at: 0, entry: root.entries[0], from: root.from, to: root.to };
}

export class IncrementalYaml {
  /** Trees by block text; only the blocks of the last text are kept. */
  private cache = new Map<string, BlockTree>();

  extract(text: string): ConfigExtraction {
    const blocks = cutYamlBlocks(text);
    if (!blocks) {
      this.cache.clear();
      return extractYaml(text);
    }
    const next = new Map<string, BlockTree>();
    const entries: CfgEntry[] = [];
    let from = 0;
    let to = 0;
    for (let i = 0; i < blocks.length; i++) {
      const { from: at, to: end } = blocks[i];
      const key = text.slice(at, end);
      let tree = next.get(key) ?? this.cache.get(key);
      if (!tree) tree = parseBlock(key);
      if (!tree.entry) {
        this.cache = next;
        return extractYaml(text);
      }
      if (tree.at !== at) tree = { at, entry: shiftEntry(tree.entry, at - tree.at), from: tree.from, to: tree.to };
      // Equal blocks (a key written twice) share a text but not a place: keep the first's in the cache.
      if (!next.has(key)) next.set(key, tree);
      entries.push(tree.entry as CfgEntry);
      if (i === 0) from = at + tree.from;
      to = at + tree.to;
    }
    this.cache = next;
    const root: CfgMap = { type: 'map', entries, from, to };
    return yamlExtraction(text, new LineIndex(text), [root], []);
  }
}
