/**
 * One shape for YAML and JSON documents, so Lightning, Hydra, DeepSpeed, Hugging Face and generic configs
 * are recognised by one walker whatever the file format. Offsets only; lines are computed when a setting
 * is made. Scalars keep their source text: YAML `1e-5` and `1.0e-5` differ for YAML 1.1 loaders.
 */
export interface CfgScalar {
  type: 'scalar';
  /** What the parser (YAML 1.2 core schema, or JSON) made of it. */
  value: string | number | boolean | null;
  /** As written, quotes included. */
  text: string;
  from: number;
  to: number;
}

export interface CfgEntry {
  key: string;
  keyFrom: number;
  keyTo: number;
  /** Null for `key:` with nothing after it. */
  value: CfgNode | null;
}

export interface CfgMap {
  type: 'map';
  entries: CfgEntry[];
  from: number;
  to: number;
}

export interface CfgSeq {
  type: 'seq';
  items: CfgNode[];
  from: number;
  to: number;
}

export type CfgNode = CfgScalar | CfgMap | CfgSeq;

export function entryOf(map: CfgMap, key: string): CfgEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function scalarOf(map: CfgMap, key: string): CfgScalar | undefined {
  const v = entryOf(map, key)?.value;
  return v?.type === 'scalar' ? v : undefined;
}
