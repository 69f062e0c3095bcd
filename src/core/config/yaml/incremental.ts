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
 *
 * A parse error confined to the edited block (what a user typing mostly produces: an open quote or bracket)
 * does not cost a whole read either: when the previous text was read by blocks and the new one cuts into as
 * many, every block but one unchanged, the other blocks keep their trees and the edited block gets its own
 * error-recovered parse, its errors reported at their lines in the file. A whole read could differ there (an
 * unclosed quote runs over the following blocks and hides their settings); the blocks' reading keeps what
 * the user did not touch. Anything else with an error is read whole, as before.
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

/** A block's parse; `errors`: its parse errors (offsets in the block), none for a block that stands alone. */
function parseBlock(text: string, withErrors = false): BlockTree & { errors: { offset: number; message: string }[] } {
  const { roots, errors, documents, aliases } = yamlTrees(text);
  const root = roots[0];
  const none = { at: 0, entry: null, from: 0, to: 0, errors };
  if ((errors.length > 0 && !withErrors) || documents !== 1 || aliases || roots.length !== 1 || root.type !== 'map' || root.entries.length !== 1) {
    return none;
  }
  return { at: 0, entry: root.entries[0], from: root.from, to: root.to, errors };
}

export class IncrementalYaml {
  /** Trees by block text; only the blocks of the last text are kept. */
  private cache = new Map<string, BlockTree>();
  /** The texts of the last text's blocks, in order, when it was read by blocks (else null). */
  private previous: string[] | null = null;

  extract(text: string): ConfigExtraction {
    const blocks = cutYamlBlocks(text);
    const previous = this.previous;
    this.previous = blocks ? blocks.map((b) => text.slice(b.from, b.to)) : null;
    if (!blocks) {
      this.cache.clear();
      return extractYaml(text);
    }
    const keys = this.previous as string[];
    const next = new Map<string, BlockTree>();
    const entries: CfgEntry[] = [];
    const problems: string[] = [];
    let lines: LineIndex | null = null;
    let errorBlock = false;
    let from = 0;
    let to = 0;
    for (let i = 0; i < blocks.length; i++) {
      const at = blocks[i].from;
      const key = keys[i];
      let tree: BlockTree | undefined = next.get(key) ?? this.cache.get(key);
      if (!tree) tree = parseBlock(key);
      let own = false;
      if (!tree.entry) {
        // Confined: the only block that does not stand alone, in a text cut as the previous one was, every other
        // block unchanged (the blocks after this one are checked when they are reached).
        const confined = !errorBlock && previous !== null && previous.length === blocks.length && keys.every((k, j) => j === i || k === previous[j]);
        errorBlock = true;
        const recovered = confined ? parseBlock(key, true) : null;
        if (!recovered || recovered.errors.length === 0) {
          // Not an error confined to this block (or a block that needs another, an alias...): read the text whole,
          // and the next refresh too unless it cuts cleanly (the same text is read the same way again).
          this.cache = next;
          this.previous = null;
          return extractYaml(text);
        }
        lines ??= new LineIndex(text);
        // An error found at the block's end (an unclosed quote) is reported on its last line, not the next block's.
        const last = Math.max(0, key.trimEnd().length - 1);
        for (const e of recovered.errors) problems.push(`line ${lines.position(at + Math.min(e.offset, last)).line}: ${e.message}`);
        if (!recovered.entry) continue; // the block gave no entry at all: the others still stand
        tree = recovered;
        own = true; // not cached: at the next keystroke the user is still typing in it
      }
      if (tree.at !== at) tree = { at, entry: shiftEntry(tree.entry as CfgEntry, at - tree.at), from: tree.from, to: tree.to };
      // Equal blocks (a key written twice) share a text but not a place: keep the first's in the cache.
      if (!own && !next.has(key)) next.set(key, tree);
      if (entries.length === 0) from = at + tree.from;
      entries.push(tree.entry as CfgEntry);
      to = at + tree.to;
    }
    this.cache = next;
    const root: CfgMap = { type: 'map', entries, from, to };
    return yamlExtraction(text, lines ?? new LineIndex(text), [root], problems);
  }
}
