/**
 * What the rules read from a setting: its numbers under each framework's spelling, which optimizer family
 * it is, and the framework defaults of the few hyperparameters the rules need when they are not given.
 */
import type { Param, Setting } from '../types';

export interface NumberParam {
  name: string;
  param: Param;
  value: number;
}

/** The first of `names` the setting gives as a number. */
export function numberParam(params: Record<string, Param>, ...names: string[]): NumberParam | null {
  for (const name of names) {
    const p = params[name];
    if (p && typeof p.value === 'number') return { name, param: p, value: p.value };
  }
  return null;
}

export const LR_NAMES = ['lr', 'learning_rate'];

/** The optimizer's class or identifier, lower case, without module: "sgd", "adamw", "paged_adamw_32bit". */
export function optimizerId(s: Setting): string {
  const last = s.name.slice(s.name.lastIndexOf('.') + 1).toLowerCase();
  if (s.kind === 'training_args') {
    const optim = s.params.optim?.value;
    return typeof optim === 'string' ? optim.toLowerCase() : 'adamw';
  }
  return last;
}

export function isSgd(s: Setting): boolean {
  return s.kind === 'optimizer' && optimizerId(s) === 'sgd';
}

/** Optimizers whose step is normalized per coordinate, so lr is about the size of each step. */
export function isAdaptive(s: Setting): boolean {
  if (s.kind !== 'optimizer' && s.kind !== 'training_args') return false;
  const id = optimizerId(s);
  if (id.includes('adadelta')) return false; // its lr multiplies an already unit-consistent step; 1.0 is its default
  return ['adam', 'rmsprop', 'adagrad', 'lion', 'lamb', 'adafactor', 'nadam', 'adamax'].some((k) => id.includes(k));
}

/** Adam family: has an epsilon in the denominator and (PyTorch spelling) betas. */
export function isAdamFamily(s: Setting): boolean {
  const id = optimizerId(s);
  return id.includes('adam') || id.includes('lamb');
}

/** True when the setting follows Keras's names and defaults. */
export function isKeras(s: Setting): boolean {
  return s.framework === 'keras';
}

/** The learning rate the setting gives (lr or learning_rate), when it is a number. */
export function learningRate(s: Setting): NumberParam | null {
  return numberParam(s.params, ...LR_NAMES);
}

/** Short number for messages: 12 significant digits, so 0.1/(1-0.9) reads 1, not 1.0000000000000002. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return Number(x.toPrecision(3)).toExponential().replace('e+', 'e');
  return String(Number(x.toPrecision(4)));
}
