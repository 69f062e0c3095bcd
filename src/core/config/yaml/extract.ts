/** Settings of a YAML config (every document of a multi-document file). */
import { LineIndex } from '../positions';
import { extractFromTree } from '../tree/extract';
import type { CfgNode } from '../tree/types';
import type { ConfigExtraction } from '../types';
import { yamlTrees } from './toTree';

export function extractYaml(text: string): ConfigExtraction {
  const lines = new LineIndex(text);
  const { roots, errors } = yamlTrees(text);
  return yamlExtraction(text, lines, roots, errors.map((e) => `line ${lines.position(e.offset).line}: ${e.message}`));
}

/** The extraction of a text whose document trees are known (read whole, or assembled from blocks). */
export function yamlExtraction(text: string, lines: LineIndex, roots: CfgNode[], problems: string[]): ConfigExtraction {
  return {
    language: 'yaml',
    settings: roots.flatMap((root) => extractFromTree(text, lines, root)),
    loopCalls: [],
    hints: [],
    problems,
  };
}
