/**
 * Gradient clipping as transforms placed before the optimizer in the chain (where a PyTorch loop calls
 * clip_grad_norm_ between backward() and step(), and where Keras clips inside apply()).
 */
import { SpecError } from '../specError';
import { childPath } from './hyperparameters';
import type { ClipSpec, GradientTransform } from './types';

type Empty = Record<string, never>;
const empty = (): Empty => ({});

export interface ClipVariable {
  readonly offset: number;
  readonly length: number;
}

/**
 * torch.nn.utils.clip_grad_norm_(max_norm, norm_type): total = ||g||_p over all parameters;
 * coef = max_norm/(total + 1e-6); g <- g*min(coef, 1) (always multiplied, as torch does; NaN propagates).
 */
export function clipByGlobalNormTorch(maxNorm: number, normType = 2): GradientTransform<Empty> {
  return {
    init: empty,
    update(g) {
      let total: number;
      if (normType === Infinity) {
        total = 0;
        for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]));
      } else {
        let s = 0;
        for (let i = 0; i < g.length; i++) s += normType === 2 ? g[i] * g[i] : Math.abs(g[i]) ** normType;
        total = normType === 2 ? Math.sqrt(s) : s ** (1 / normType);
      }
      const coef = maxNorm / (total + 1e-6);
      const clamped = coef < 1 ? coef : coef >= 1 ? 1 : coef; // clamp(max=1.0) keeps NaN
      for (let i = 0; i < g.length; i++) g[i] = g[i] * clamped;
    },
  };
}

/** torch.nn.utils.clip_grad_value_ / Keras clipvalue: each coordinate clamped to [-v, v]. */
export function clipByValue(value: number): GradientTransform<Empty> {
  return {
    init: empty,
    update(g) {
      for (let i = 0; i < g.length; i++) g[i] = g[i] > value ? value : g[i] < -value ? -value : g[i];
    },
  };
}

/** Keras clipnorm, per variable: g <- g*clipnorm/max(||g||, clipnorm) (a zero gradient stays zero). */
export function clipByVariableNormKeras(clipnorm: number, variables: readonly ClipVariable[]): GradientTransform<Empty> {
  const blocks = variables.map((v) => ({ offset: v.offset, length: v.length }));
  return {
    init: empty,
    update(g) {
      for (let b = 0; b < blocks.length; b++) {
        const { offset, length } = blocks[b];
        let s = 0;
        for (let i = offset; i < offset + length; i++) s += g[i] * g[i];
        const norm = s > 0 ? Math.sqrt(s) : s;
        const denom = Math.max(norm, clipnorm);
        for (let i = offset; i < offset + length; i++) g[i] = (g[i] * clipnorm) / denom;
      }
    },
  };
}

/** Keras global_clipnorm (clip_by_global_norm): scale = clip*min(1/norm, 1/clip) + (norm - norm). */
export function clipByGlobalNormKeras(clipNorm: number): GradientTransform<Empty> {
  return {
    init: empty,
    update(g) {
      let s = 0;
      for (let i = 0; i < g.length; i++) s += g[i] * g[i];
      const norm = Math.sqrt(s);
      const scale = clipNorm * Math.min(1 / norm, 1 / clipNorm) + (norm - norm);
      for (let i = 0; i < g.length; i++) g[i] = g[i] * scale;
    },
  };
}

/** The clipping transform of a spec; `variables` (the problem's blocks) are needed for Keras's clipnorm. */
export function createClip(spec: ClipSpec, variables: readonly ClipVariable[]): GradientTransform {
  if (spec.max_norm !== undefined) return clipByGlobalNormTorch(spec.max_norm, spec.norm_type ?? 2);
  if (spec.clip_value !== undefined) return clipByValue(spec.clip_value);
  if (spec.clipnorm !== undefined) return clipByVariableNormKeras(spec.clipnorm, variables);
  if (spec.global_clipnorm !== undefined) return clipByGlobalNormKeras(spec.global_clipnorm);
  return { init: empty, update() {} };
}

const CLIP_KEYS = ['max_norm', 'norm_type', 'clip_value', 'clipnorm', 'global_clipnorm'];
const MODES = ['max_norm', 'clip_value', 'clipnorm', 'global_clipnorm'];

/**
 * Validates a clip spec: exactly one of max_norm (with optional norm_type), clip_value, clipnorm, global_clipnorm
 * (Keras raises ValueError when more than one of clipnorm, clipvalue, global_clipnorm is set; we apply the same
 * rule to the PyTorch modes so the order of two clippings never has to be guessed). Values must be > 0.
 */
export function parseClipSpec(raw: unknown, path: string): ClipSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SpecError(path, 'clip must be an object such as {"max_norm": 1}.');
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!CLIP_KEYS.includes(key)) throw new SpecError(childPath(path, key), `unknown key "${key}"; clip takes one of ${MODES.join(', ')} (and norm_type with max_norm).`);
  }
  const modes = MODES.filter((m) => r[m] !== undefined);
  if (modes.length !== 1) {
    throw new SpecError(path, modes.length === 0
      ? `give one of ${MODES.join(', ')}.`
      : `give only one of ${modes.join(', ')} (Keras raises ValueError: Only one of clipnorm, clipvalue and global_clipnorm can be set).`);
  }
  for (const key of [...modes, 'norm_type']) {
    const v = r[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new SpecError(childPath(path, key), `${key} must be a finite number > 0, not ${JSON.stringify(v)}.`);
    }
  }
  if (r.norm_type !== undefined && modes[0] !== 'max_norm') {
    throw new SpecError(childPath(path, 'norm_type'), 'norm_type goes with max_norm (torch.nn.utils.clip_grad_norm_).');
  }
  return { ...r } as ClipSpec;
}
