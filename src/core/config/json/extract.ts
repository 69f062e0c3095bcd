/** Settings of a JSON or JSONC config (DeepSpeed, Hugging Face argument dumps, generic). */
import { LineIndex } from '../positions';
import { extractFromTree } from '../tree/extract';
import type { CfgNode } from '../tree/types';
import type { ConfigExtraction } from '../types';
import { jsonTree } from './toTree';

export function extractJson(text: string): ConfigExtraction {
  const { root, errors } = jsonTree(text);
  return jsonExtraction(text, root, errors);
}

/** The extraction of a text whose tree is known (read whole, or patched by json/incremental.ts). */
export function jsonExtraction(text: string, root: CfgNode | null, errors: { offset: number; message: string }[]): ConfigExtraction {
  const lines = new LineIndex(text);
  return {
    language: 'json',
    settings: root ? extractFromTree(text, lines, root) : [],
    loopCalls: [],
    hints: [],
    problems: errors.map((e) => `line ${lines.position(e.offset).line}: ${e.message}`),
  };
}
