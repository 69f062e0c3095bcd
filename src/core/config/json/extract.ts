/** Settings of a JSON or JSONC config (DeepSpeed, Hugging Face argument dumps, generic). */
import { LineIndex } from '../positions';
import { extractFromTree } from '../tree/extract';
import type { ConfigExtraction } from '../types';
import { jsonTree } from './toTree';

export function extractJson(text: string): ConfigExtraction {
  const lines = new LineIndex(text);
  const { root, errors } = jsonTree(text);
  return {
    language: 'json',
    settings: root ? extractFromTree(text, lines, root) : [],
    loopCalls: [],
    hints: [],
    problems: errors.map((e) => `line ${lines.position(e.offset).line}: ${e.message}`),
  };
}
