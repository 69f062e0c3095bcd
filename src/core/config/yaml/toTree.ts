/**
 * YAML documents as CfgNodes, with the `yaml` package (v2): its nodes keep their source ranges, so every
 * scalar keeps its text as written. Aliases are followed to their anchor's node (a config reusing `&lr 0.1`
 * still has a value); merge keys are left to the parser's own handling.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { CfgEntry, CfgNode } from '../tree/types';

/** Past this depth the document is not a config a person wrote (and recursion must stop somewhere). */
const MAX_DEPTH = 64;

function keyText(key: unknown): string | null {
  if (isScalar(key)) return key.value === null ? 'null' : String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return null;
}

/** What a conversion met that makes a part of the text depend on another part (yaml/incremental.ts). */
interface Seen {
  alias: boolean;
}

function convert(text: string, doc: Document, node: unknown, depth: number, seen: Seen): CfgNode | null {
  if (depth > MAX_DEPTH) return null;
  if (isAlias(node)) {
    seen.alias = true;
    const target = node.resolve(doc);
    return target ? convert(text, doc, target, depth + 1, seen) : null;
  }
  const range = (node as YamlNode | null)?.range;
  if (!range) return null;
  const from = range[0];
  let to = range[1];
  // A block collection's range runs to the start of what follows; end it at its last visible character.
  while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\n' || text[to - 1] === '\r' || text[to - 1] === '\t')) to--;
  if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null ? v : String(v);
    return { type: 'scalar', value, text: text.slice(from, to), from, to };
  }
  if (isMap(node)) {
    const entries: CfgEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyText(pair.key);
      const keyRange = (pair.key as YamlNode | null)?.range;
      if (key === null || !keyRange) continue;
      entries.push({ key, keyFrom: keyRange[0], keyTo: keyRange[1], value: convert(text, doc, pair.value, depth + 1, seen) });
    }
    return { type: 'map', entries, from, to };
  }
  if (isSeq(node)) {
    const items: CfgNode[] = [];
    for (const item of node.items) {
      const c = convert(text, doc, item, depth + 1, seen);
      if (c) items.push(c);
    }
    return { type: 'seq', items, from, to };
  }
  return null;
}

export interface YamlTrees {
  roots: CfgNode[];
  /** "line N: message" per parse error (the documents still give what parsed). */
  errors: { offset: number; message: string }[];
  /** The text has more than one document (a `---` or `...` marker, or a directive). */
  documents: number;
  /** An alias (`*name`) was followed: its value is written elsewhere in the text. */
  aliases: boolean;
}

export function yamlTrees(text: string): YamlTrees {
  const roots: CfgNode[] = [];
  const errors: { offset: number; message: string }[] = [];
  const seen: Seen = { alias: false };
  let documents = 0;
  for (const doc of parseAllDocuments(text, { uniqueKeys: false, strict: false })) {
    if (!('contents' in doc)) continue; // an EmptyStream
    documents++;
    for (const e of doc.errors) errors.push({ offset: e.pos[0], message: e.message.split('\n')[0].split(' at line ')[0] });
    const root = convert(text, doc, doc.contents, 0, seen);
    if (root) roots.push(root);
  }
  return { roots, errors, documents, aliases: seen.alias };
}
