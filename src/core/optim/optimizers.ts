/**
 * Every optimizer as a chain of small transforms. The order of the parts IS the framework convention:
 * PyTorch SGD decays and accumulates the raw gradient and multiplies by lr last; Keras SGD multiplies by lr
 * first and accumulates the lr-scaled steps.
 */
import { scaleByAdadelta } from './adadelta';
import { scaleByAdagradKeras, scaleByAdagradTorch } from './adagrad';
import { scaleByAdamKeras, scaleByAdamTorch } from './adam';
import { chain } from './chain';
import { DISPLAY_NAMES, lrKey, resolveAt, type ResolvedOptimizerSpec } from './hyperparameters';
import { scaleByLion } from './lion';
import { scaleByNadamKeras, scaleByNadamTorch } from './nadam';
import { scaleByRmspropKeras, scaleByRmspropTorch } from './rmsprop';
import { addDecoupledWeightDecay, addWeightDecay, kerasVelocity, momentumTrace, negate, scaleByLr } from './transforms';
import type { GradientTransform, OptimizerSpec } from './types';

/** The spec with every framework default written out (validated; throws SpecError). */
export function resolveOptimizerSpec(spec: OptimizerSpec): ResolvedOptimizerSpec {
  return resolveAt(spec, '');
}

/** The base learning rate of a spec (given as lr or learning_rate, else the framework default). */
export function optimizerLearningRate(spec: OptimizerSpec): number {
  const r = resolveOptimizerSpec(spec);
  return r[lrKey(r.convention)] as number;
}

function pytorch(s: ResolvedOptimizerSpec): GradientTransform[] {
  const parts: GradientTransform[] = [];
  if (s.maximize === true) parts.push(negate());
  const wd = s.weight_decay as number;
  const l2 = (): void => {
    if (wd !== 0) parts.push(addWeightDecay(wd));
  };
  const decoupled = (): void => {
    if (wd !== 0) parts.push(addDecoupledWeightDecay(wd));
  };
  const betas = s.betas as [number, number];
  switch (s.name) {
    case 'sgd': {
      l2();
      const momentum = s.momentum as number;
      if (momentum !== 0) parts.push(momentumTrace(momentum, s.dampening as number, s.nesterov as boolean));
      parts.push(scaleByLr(-1));
      break;
    }
    case 'adam':
      l2();
      parts.push(scaleByAdamTorch(betas[0], betas[1], s.eps as number, s.amsgrad as boolean));
      break;
    case 'adamw':
      parts.push(scaleByAdamTorch(betas[0], betas[1], s.eps as number, s.amsgrad as boolean));
      decoupled();
      break;
    case 'nadam':
      if (!s.decoupled_weight_decay) l2();
      parts.push(scaleByNadamTorch(betas[0], betas[1], s.eps as number, s.momentum_decay as number));
      if (s.decoupled_weight_decay) decoupled();
      break;
    case 'rmsprop':
      l2();
      parts.push(scaleByRmspropTorch(s.alpha as number, s.eps as number, s.momentum as number, s.centered as boolean));
      break;
    case 'adagrad':
      l2();
      parts.push(scaleByAdagradTorch(s.lr_decay as number, s.initial_accumulator_value as number, s.eps as number));
      break;
    case 'adadelta':
      l2();
      parts.push(scaleByAdadelta(s.rho as number, s.eps as number, false));
      break;
    case 'lion':
      parts.push(scaleByLion(betas[0], betas[1]));
      decoupled();
      break;
  }
  return parts;
}

function keras(s: ResolvedOptimizerSpec): GradientTransform[] {
  const parts: GradientTransform[] = [];
  const n = (key: string): number => s[key] as number;
  switch (s.name) {
    case 'sgd':
      parts.push(scaleByLr(-1));
      if (n('momentum') !== 0) parts.push(kerasVelocity(n('momentum'), s.nesterov as boolean));
      break;
    case 'adam':
    case 'adamw':
      parts.push(scaleByAdamKeras(n('beta_1'), n('beta_2'), n('epsilon'), s.amsgrad as boolean));
      break;
    case 'nadam':
      parts.push(scaleByNadamKeras(n('beta_1'), n('beta_2'), n('epsilon')));
      break;
    case 'rmsprop':
      parts.push(scaleByRmspropKeras(n('rho'), n('epsilon'), n('momentum'), s.centered as boolean));
      break;
    case 'adagrad':
      parts.push(scaleByAdagradKeras(n('initial_accumulator_value'), n('epsilon')));
      break;
    case 'adadelta':
      parts.push(scaleByAdadelta(n('rho'), n('epsilon'), true));
      break;
    case 'lion':
      parts.push(scaleByLion(n('beta_1'), n('beta_2')));
      break;
  }
  // Keras 3 base optimizer: `variable - variable*wd*lr` before every update_step (decoupled, for every optimizer).
  const wd = s.weight_decay as number | null;
  if (wd !== null && wd !== 0) parts.push(addDecoupledWeightDecay(wd));
  return parts;
}

/**
 * Builds the optimizer a spec describes: PyTorch's rules by default, Keras 3's with convention "keras".
 * Validates like the framework's constructor (SpecError).
 */
export function createOptimizer(spec: OptimizerSpec): GradientTransform {
  const s = resolveOptimizerSpec(spec);
  return chain(...(s.convention === 'keras' ? keras(s) : pytorch(s)));
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(formatValue).join(', ')})`;
  return String(v);
}

/**
 * A short label: display name, "(keras)" for the Keras convention, the hyperparameters the spec sets (in
 * the framework's order), then the learning rate in force, e.g. "SGD momentum=0.9 lr=0.01",
 * "Adam (keras) lr=0.001". Booleans that are on read as their name ("nesterov").
 */
export function optimizerLabel(spec: OptimizerSpec): string {
  const s = resolveOptimizerSpec(spec);
  const parts = [DISPLAY_NAMES[s.name][s.convention] + (s.convention === 'keras' ? ' (keras)' : '')];
  const key = lrKey(s.convention);
  for (const k of Object.keys(s)) {
    if (k === 'name' || k === 'convention' || k === key || spec[k] === undefined) continue;
    const v = s[k];
    if (v === null) continue;
    parts.push(v === true ? k : `${k}=${formatValue(v)}`);
  }
  parts.push(`lr=${formatValue(s[key])}`);
  return parts.join(' ');
}
