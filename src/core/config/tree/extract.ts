/**
 * Settings of a YAML or JSON config, from its CfgNode tree:
 * - Lightning CLI: `optimizer: {class_path: torch.optim.SGD, init_args: {...}}`, same for `lr_scheduler`;
 *   `trainer: {gradient_clip_val}`;
 * - Hydra: a map with `_target_: torch.optim.Adam` and its sibling keys as arguments;
 * - DeepSpeed: `optimizer: {type, params}`, `scheduler: {type, params}`, `gradient_clipping`;
 * - Hugging Face TrainingArguments dumps (JSON or YAML recipes);
 * - anything else: maps with `optimizer:`/`lr:`/`momentum:`/`warmup*`/clipping keys.
 * `${a.b}` interpolations (OmegaConf) are followed to the value they name.
 */
import { lookupBare, lookupQualified, lookupTorchOptimizer, type CatalogEntry } from '../catalog';
import type { LineIndex } from '../positions';
import type { Framework, Param, ParamMap, ParamValue, Setting, SettingKind } from '../types';
import { DEEPSPEED_KEYS, HF_ARGUMENT_KEYS, NESTED_NAME_KEYS, OPTIMIZER_NAME_KEYS, roleOfKey } from './keys';
import { entryOf, scalarOf, type CfgEntry, type CfgMap, type CfgNode } from './types';

const MAX_DEPTH = 64;

function lookupClass(name: string): CatalogEntry | undefined {
  return lookupQualified(name) ?? lookupTorchOptimizer(name) ?? lookupBare(name.slice(name.lastIndexOf('.') + 1));
}

function plainValue(node: CfgNode): ParamValue | undefined {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'seq') {
    const out: ParamValue[] = [];
    for (const item of node.items) {
      const v = plainValue(item);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  return undefined;
}

class TreeExtractor {
  readonly settings: Setting[] = [];
  private deepspeed = false;

  constructor(private readonly text: string, private readonly lines: LineIndex, private readonly root: CfgNode) {}

  run(): void {
    if (this.root.type === 'map') {
      const keys = new Set(this.root.entries.map((e) => e.key));
      const ds = entryOf(this.root, 'optimizer')?.value;
      this.deepspeed = DEEPSPEED_KEYS.some((k) => keys.has(k)) || (ds?.type === 'map' && entryOf(ds, 'type') !== undefined && entryOf(ds, 'params') !== undefined);
      if (this.isHfArguments(this.root)) {
        this.hfArguments(this.root);
        return;
      }
    }
    this.walk(this.root, null, '', 0);
  }

  private isHfArguments(map: CfgMap): boolean {
    if (!entryOf(map, 'learning_rate') || this.deepspeed) return false;
    return HF_ARGUMENT_KEYS.filter((k) => entryOf(map, k) !== undefined).length >= 2;
  }

  /** Follows `${a.b.c}` (an absolute OmegaConf interpolation) to the node it names. */
  private interpolated(text: string): CfgNode | null {
    const t = text.trim();
    if (!t.startsWith('${') || !t.endsWith('}') || t.indexOf('${', 1) >= 0 || t.includes(':')) return null;
    let node: CfgNode | null = this.root;
    for (const key of t.slice(2, -1).split('.')) {
      if (!node || node.type !== 'map') return null;
      node = entryOf(node, key)?.value ?? null;
    }
    return node;
  }

  private param(entry: CfgEntry, value: CfgNode): Param {
    const p: Param = {
      text: this.text.slice(value.from, value.to),
      range: this.lines.range(value.from, value.to),
      keyRange: this.lines.range(entry.keyFrom, entry.keyTo),
    };
    let v = plainValue(value);
    if (typeof v === 'string') {
      const target = this.interpolated(v);
      const resolved = target ? plainValue(target) : undefined;
      if (target && resolved !== undefined) {
        v = resolved;
        p.resolvedFrom = `interpolation ${p.text} -> line ${this.lines.position(target.from).line}`;
      }
    }
    if (v !== undefined) p.value = v;
    return p;
  }

  /** Every entry with a scalar or list value, except those `isLeftOut` names. */
  private paramsOf(map: CfgMap, isLeftOut: (key: string) => boolean): ParamMap {
    const out: ParamMap = {};
    for (const e of map.entries) {
      if (!e.value || e.value.type === 'map' || isLeftOut(e.key)) continue;
      out[e.key] = this.param(e, e.value);
    }
    return out;
  }

  private push(kind: SettingKind, name: string, framework: Framework, from: number, to: number, params: ParamMap, insertAt: number, note?: string): void {
    const s: Setting = { kind, name, framework, range: this.lines.range(from, to), params, insertAt: this.lines.position(insertAt) };
    if (note !== undefined) s.note = note;
    this.settings.push(s);
  }

  /** `path` is the dotted key path of `node` ("model.init_args"), '' at the top. */
  private walk(node: CfgNode, parent: CfgEntry | null, path: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'seq') {
      node.items.forEach((item, i) => this.walk(item, null, `${path}[${i}]`, depth + 1));
      return;
    }
    if (node.type !== 'map') return;
    const from = parent ? parent.keyFrom : node.from;
    if (this.lightning(node, from) || this.hydra(node, from) || this.deepspeedBlock(node, parent, from)) return;
    this.generic(node, parent, path);
    for (const e of node.entries) {
      if (e.value && e.value.type !== 'scalar') this.walk(e.value, e, path === '' ? e.key : `${path}.${e.key}`, depth + 1);
    }
  }

  private lightning(map: CfgMap, from: number): boolean {
    const classPath = scalarOf(map, 'class_path');
    if (!classPath || typeof classPath.value !== 'string') return false;
    const entry = lookupClass(classPath.value);
    if (!entry) return false;
    const init = entryOf(map, 'init_args')?.value;
    const params = init?.type === 'map' ? this.paramsOf(init, () => false) : {};
    this.push(entry.kind, entry.name, 'lightning', from, map.to, params, init ? init.to : map.to);
    return true;
  }

  private hydra(map: CfgMap, from: number): boolean {
    const target = scalarOf(map, '_target_');
    if (!target || typeof target.value !== 'string') return false;
    const entry = lookupClass(target.value);
    if (!entry) return false;
    const partial = scalarOf(map, '_partial_')?.value === true;
    this.push(entry.kind, entry.name, 'hydra', from, map.to, this.paramsOf(map, (k) => k.startsWith('_')), map.to,
      partial ? '_partial_: the parameters (and for a scheduler the optimizer) are passed in code' : undefined);
    return true;
  }

  /** DeepSpeed's `optimizer: {type: AdamW, params: {...}}` and `scheduler: {type: WarmupLR, params: {...}}`. */
  private deepspeedBlock(map: CfgMap, parent: CfgEntry | null, from: number): boolean {
    if (!this.deepspeed || !parent || (parent.key !== 'optimizer' && parent.key !== 'scheduler')) return false;
    const type = scalarOf(map, 'type');
    if (!type || typeof type.value !== 'string') return false;
    const params = entryOf(map, 'params')?.value;
    this.push(parent.key, type.value, 'deepspeed', from, map.to, params?.type === 'map' ? this.paramsOf(params, () => false) : {},
      params ? params.to : map.to);
    return true;
  }

  private hfArguments(map: CfgMap): void {
    const params = this.paramsOf(map, () => false);
    this.push('training_args', 'TrainingArguments', 'huggingface', map.from, map.to, params, map.to);
  }

  /** Plain keys: optimizer name, hyperparameters and schedule keys make one setting; clipping keys their own. */
  private generic(map: CfgMap, parent: CfgEntry | null, path: string): void {
    const hp: CfgEntry[] = [];
    const clip: CfgEntry[] = [];
    let named: string | null = null;
    for (const e of map.entries) {
      if (!e.value || e.value.type === 'map') continue;
      const role = roleOfKey(e.key);
      if (role === null) continue;
      if (role === 'clipping') {
        clip.push(e);
        continue;
      }
      hp.push(e);
      if (role === 'name' && e.value.type === 'scalar' && typeof e.value.value === 'string') named = e.value.value;
    }
    if (parent && OPTIMIZER_NAME_KEYS.has(parent.key) && hp.length > 0) {
      for (const k of NESTED_NAME_KEYS) {
        const s = scalarOf(map, k);
        if (s && typeof s.value === 'string') {
          named = s.value;
          hp.unshift(entryOf(map, k) as CfgEntry);
          break;
        }
      }
    }
    const framework: Framework = this.deepspeed ? 'deepspeed' : 'generic';
    if (hp.length > 0) {
      const kind: SettingKind = named !== null || hp.some((e) => roleOfKey(e.key) === 'hyperparameter') ? 'optimizer' : 'scheduler';
      const name = named ?? (path !== '' ? path : kind === 'optimizer' ? 'optimizer settings' : 'schedule settings');
      this.fromEntries(kind, name, framework, hp);
    }
    for (const e of clip) {
      const fw: Framework = e.key.startsWith('gradient_clip_') ? 'lightning' : framework;
      if (e.key === 'gradient_clip_algorithm' && clip.some((c) => c.key === 'gradient_clip_val')) continue;
      const group = e.key === 'gradient_clip_val' ? clip.filter((c) => c.key.startsWith('gradient_clip_')) : [e];
      this.fromEntries('clipping', e.key, fw, group);
    }
  }

  private fromEntries(kind: SettingKind, name: string, framework: Framework, entries: CfgEntry[]): void {
    const params: ParamMap = {};
    let from = Infinity;
    let to = 0;
    for (const e of entries) {
      if (!e.value) continue;
      params[e.key] = this.param(e, e.value);
      from = Math.min(from, e.keyFrom);
      to = Math.max(to, e.value.to);
    }
    this.push(kind, name, framework, from, to, params, to);
  }
}

export function extractFromTree(text: string, lines: LineIndex, root: CfgNode): Setting[] {
  const x = new TreeExtractor(text, lines, root);
  x.run();
  // A map's own keys are read before its children; report in source order, as an editor lists them.
  return x.settings.sort((a, b) => a.range.start.offset - b.range.start.offset);
}
