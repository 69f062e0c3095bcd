/**
 * JSON and JSONC (comments, trailing commas) as CfgNodes, with jsonc-parser: it recovers from errors and
 * gives every node's offset and length.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { CfgEntry, CfgNode } from '../tree/types';

const MAX_DEPTH = 64;

/** `node` of a parse of `text`, as a CfgNode; `depth` is its depth in the document (limits recursion). */
export function convertJson(text: string, node: JsonNode, depth: number): CfgNode | null {
  return convert(text, node, depth);
}

/** Comments and trailing commas allowed (JSONC: VS Code settings, many DeepSpeed configs). */
export const JSON_OPTIONS = { allowTrailingComma: true, disallowComments: false };

function convert(text: string, node: JsonNode, depth: number): CfgNode | null {
  if (depth > MAX_DEPTH) return null;
  const from = node.offset;
  const to = node.offset + node.length;
  switch (node.type) {
    case 'object': {
      const entries: CfgEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        entries.push({ key: k.value, keyFrom: k.offset, keyTo: k.offset + k.length, value: v ? convert(text, v, depth + 1) : null });
      }
      return { type: 'map', entries, from, to };
    }
    case 'array': {
      const items: CfgNode[] = [];
      for (const child of node.children ?? []) {
        const c = convert(text, child, depth + 1);
        if (c) items.push(c);
      }
      return { type: 'seq', items, from, to };
    }
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', value: node.value as string | number | boolean | null, text: text.slice(from, to), from, to };
    default:
      return null;
  }
}

export function jsonTree(text: string): { root: CfgNode | null; errors: { offset: number; message: string }[] } {
  const parseErrors: ParseError[] = [];
  const node = parseTree(text, parseErrors, JSON_OPTIONS);
  return {
    root: node ? convert(text, node, 0) : null,
    errors: parseErrors.map((e) => ({ offset: e.offset, message: printParseErrorCode(e.error) })),
  };
}
