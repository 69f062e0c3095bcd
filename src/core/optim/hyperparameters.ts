/**
 * Hyperparameters as each framework spells them, with its defaults and its constructor checks.
 *
 * PyTorch 2.x (torch.optim) names with convention "pytorch" (the default); Keras 3 (keras.optimizers) names
 * with convention "keras". The learning rate is accepted as `lr` or `learning_rate` in both (one of them).
 * Settings the framework rejects get its error in plain words, as a SpecError at the offending key.
 */
import { SpecError } from '../specError';
import type { Convention, OptimizerName, OptimizerSpec } from './types';
import { CONVENTIONS, OPTIMIZER_NAMES } from './types';

type Value = number | boolean | [number, number] | null;
type Kind = 'number' | 'boolean' | 'pair' | 'number?';

interface Param {
  key: string;
  kind: Kind;
  default: Value;
}

const num = (key: string, d: number): Param => ({ key, kind: 'number', default: d });
const bool = (key: string, d = false): Param => ({ key, kind: 'boolean', default: d });
const pair = (key: string, d: [number, number]): Param => ({ key, kind: 'pair', default: d });
/** Keras's `weight_decay=None`. */
const kerasWd = (d: number | null = null): Param => ({ key: 'weight_decay', kind: 'number?', default: d });

interface Table {
  /** Default learning rate. */
  lr: number;
  params: Param[];
}

/** torch.optim constructors (2.x signatures and defaults). Lion: the paper's rule, lucidrains/lion-pytorch defaults. */
const PYTORCH: Record<OptimizerName, Table> = {
  sgd: { lr: 1e-3, params: [num('momentum', 0), num('dampening', 0), num('weight_decay', 0), bool('nesterov'), bool('maximize')] },
  adam: { lr: 1e-3, params: [pair('betas', [0.9, 0.999]), num('eps', 1e-8), num('weight_decay', 0), bool('amsgrad'), bool('maximize')] },
  adamw: { lr: 1e-3, params: [pair('betas', [0.9, 0.999]), num('eps', 1e-8), num('weight_decay', 1e-2), bool('amsgrad'), bool('maximize')] },
  nadam: {
    lr: 2e-3,
    params: [pair('betas', [0.9, 0.999]), num('eps', 1e-8), num('weight_decay', 0), num('momentum_decay', 4e-3), bool('decoupled_weight_decay'), bool('maximize')],
  },
  rmsprop: { lr: 1e-2, params: [num('alpha', 0.99), num('eps', 1e-8), num('weight_decay', 0), num('momentum', 0), bool('centered'), bool('maximize')] },
  adagrad: { lr: 1e-2, params: [num('lr_decay', 0), num('weight_decay', 0), num('initial_accumulator_value', 0), num('eps', 1e-10), bool('maximize')] },
  adadelta: { lr: 1.0, params: [num('rho', 0.9), num('eps', 1e-6), num('weight_decay', 0), bool('maximize')] },
  lion: { lr: 1e-4, params: [pair('betas', [0.9, 0.99]), num('weight_decay', 0)] },
};

/** keras.optimizers constructors (Keras 3 signatures and defaults). */
const KERAS: Record<OptimizerName, Table> = {
  sgd: { lr: 0.01, params: [num('momentum', 0), bool('nesterov'), kerasWd()] },
  adam: { lr: 1e-3, params: [num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', 1e-7), bool('amsgrad'), kerasWd()] },
  adamw: { lr: 1e-3, params: [num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', 1e-7), bool('amsgrad'), kerasWd(0.004)] },
  nadam: { lr: 1e-3, params: [num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', 1e-7), kerasWd()] },
  rmsprop: { lr: 1e-3, params: [num('rho', 0.9), num('momentum', 0), num('epsilon', 1e-7), bool('centered'), kerasWd()] },
  adagrad: { lr: 1e-3, params: [num('initial_accumulator_value', 0.1), num('epsilon', 1e-7), kerasWd()] },
  adadelta: { lr: 1e-3, params: [num('rho', 0.95), num('epsilon', 1e-7), kerasWd()] },
  lion: { lr: 1e-3, params: [num('beta_1', 0.9), num('beta_2', 0.99), kerasWd()] },
};

export const DISPLAY_NAMES: Record<OptimizerName, { pytorch: string; keras: string }> = {
  sgd: { pytorch: 'SGD', keras: 'SGD' },
  adam: { pytorch: 'Adam', keras: 'Adam' },
  adamw: { pytorch: 'AdamW', keras: 'AdamW' },
  nadam: { pytorch: 'NAdam', keras: 'Nadam' },
  rmsprop: { pytorch: 'RMSprop', keras: 'RMSprop' },
  adagrad: { pytorch: 'Adagrad', keras: 'Adagrad' },
  adadelta: { pytorch: 'Adadelta', keras: 'Adadelta' },
  lion: { pytorch: 'Lion', keras: 'Lion' },
};

/** The learning-rate key as the framework spells it. */
export function lrKey(convention: Convention): 'lr' | 'learning_rate' {
  return convention === 'keras' ? 'learning_rate' : 'lr';
}

function tableFor(name: OptimizerName, convention: Convention): Table {
  return (convention === 'keras' ? KERAS : PYTORCH)[name];
}

/** Every key a spec for this optimizer and convention may carry (besides name and convention). */
export function validKeys(name: OptimizerName, convention: Convention): string[] {
  return ['lr', 'learning_rate', ...tableFor(name, convention).params.map((p) => p.key)];
}

/** Default hyperparameters (learning rate first), for display and QuickPicks. */
export function defaultHyperparameters(name: OptimizerName, convention: Convention): Record<string, Value> {
  const table = tableFor(name, convention);
  const out: Record<string, Value> = { [lrKey(convention)]: table.lr };
  for (const p of table.params) out[p.key] = Array.isArray(p.default) ? [p.default[0], p.default[1]] : p.default;
  return out;
}

/** A spec with every hyperparameter written out in the framework's spelling (learning rate under lrKey). */
export interface ResolvedOptimizerSpec {
  name: OptimizerName;
  convention: Convention;
  [hyperparameter: string]: unknown;
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKind(v: unknown, kind: Kind, path: string, key: string): void {
  const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  switch (kind) {
    case 'number':
      if (!finite(v)) throw new SpecError(path, `${key} must be a finite number, not ${describe(v)}.`);
      return;
    case 'number?':
      if (v !== null && !finite(v)) throw new SpecError(path, `${key} must be a finite number or null, not ${describe(v)}.`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw new SpecError(path, `${key} must be true or false, not ${describe(v)}.`);
      return;
    case 'pair':
      if (!Array.isArray(v) || v.length !== 2 || !v.every(finite)) {
        throw new SpecError(path, `${key} must be a pair of finite numbers such as [0.9, 0.999], not ${describe(v)}.`);
      }
      return;
  }
}

/**
 * Checks a spec's shape and values and returns it with every default filled in. `path` is the JSON path of
 * the optimizer object, used in the SpecErrors.
 */
export function resolveAt(raw: unknown, path: string): ResolvedOptimizerSpec {
  if (!isRecord(raw)) throw new SpecError(path, `an optimizer must be an object such as {"name": "adam", "lr": 0.001}, not ${describe(raw)}.`);
  const name = raw.name;
  if (typeof name !== 'string' || !(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new SpecError(childPath(path, 'name'), `unknown optimizer ${describe(name)}; expected one of ${OPTIMIZER_NAMES.join(', ')}.`);
  }
  const optimizer = name as OptimizerName;
  const convention = raw.convention ?? 'pytorch';
  if (typeof convention !== 'string' || !(CONVENTIONS as readonly string[]).includes(convention)) {
    throw new SpecError(childPath(path, 'convention'), `convention must be "pytorch" or "keras", not ${describe(convention)}.`);
  }
  const conv = convention as Convention;
  const table = tableFor(optimizer, conv);
  const keys = validKeys(optimizer, conv);
  for (const key of Object.keys(raw)) {
    if (key === 'name' || key === 'convention') continue;
    if (!keys.includes(key)) {
      const other = tableFor(optimizer, conv === 'keras' ? 'pytorch' : 'keras').params.some((p) => p.key === key);
      const hint = other ? ` ("${key}" is the ${conv === 'keras' ? 'PyTorch' : 'Keras'} spelling; set "convention": "${conv === 'keras' ? 'pytorch' : 'keras'}" to use it)` : '';
      throw new SpecError(childPath(path, key), `unknown hyperparameter "${key}" for ${DISPLAY_NAMES[optimizer][conv]} (${conv})${hint}; valid keys are ${keys.join(', ')}.`);
    }
  }
  if (raw.lr !== undefined && raw.learning_rate !== undefined) {
    throw new SpecError(childPath(path, 'learning_rate'), 'give the learning rate once, as "lr" or as "learning_rate", not both.');
  }
  const lrGiven = raw.lr !== undefined ? 'lr' : 'learning_rate';
  const lr = raw[lrGiven] ?? table.lr;
  checkKind(lr, 'number', childPath(path, lrGiven), lrGiven);
  const out: ResolvedOptimizerSpec = { name: optimizer, convention: conv, [lrKey(conv)]: lr };
  for (const p of table.params) {
    const v = raw[p.key];
    if (v === undefined) {
      out[p.key] = Array.isArray(p.default) ? [p.default[0], p.default[1]] : p.default;
    } else {
      checkKind(v, p.kind, childPath(path, p.key), p.key);
      out[p.key] = Array.isArray(v) ? [v[0], v[1]] : v;
    }
  }
  const at = (key: string): string => childPath(path, key === lrKey(conv) ? lrGiven : key);
  if (conv === 'keras') checkKeras(out, at);
  else checkPytorch(out, at);
  return out;
}

type At = (key: string) => string;

/** PyTorch's `if not 0.0 <= x: raise ValueError(...)` checks, in its constructor order. */
function checkPytorch(s: ResolvedOptimizerSpec, at: At): void {
  const name = s.name;
  const atLeast0 = (key: string, what: string): void => {
    const v = s[key] as number;
    if (!(v >= 0)) throw new SpecError(at(key), `${key} must be at least 0, got ${v} (PyTorch raises ValueError: Invalid ${what}).`);
  };
  const beta = (index: 0 | 1, upperInclusive: boolean): void => {
    const v = (s.betas as [number, number])[index];
    const ok = v >= 0 && (upperInclusive ? v <= 1 : v < 1);
    if (!ok) {
      throw new SpecError(childPath(at('betas'), index), `betas[${index}] must be at least 0 and ${upperInclusive ? 'at most' : 'below'} 1, got ${v} (PyTorch raises ValueError: Invalid beta parameter at index ${index}).`);
    }
  };
  atLeast0('lr', 'learning rate');
  switch (name) {
    case 'sgd': {
      atLeast0('momentum', 'momentum value');
      atLeast0('weight_decay', 'weight_decay value');
      if (s.nesterov && ((s.momentum as number) <= 0 || s.dampening !== 0)) {
        throw new SpecError(at('nesterov'), `Nesterov momentum needs a momentum above 0 and zero dampening (got momentum ${s.momentum as number}, dampening ${s.dampening as number}); PyTorch raises ValueError: Nesterov momentum requires a momentum and zero dampening.`);
      }
      return;
    }
    case 'adam':
    case 'adamw':
    case 'nadam':
      atLeast0('eps', 'epsilon value');
      beta(0, false);
      beta(1, false);
      atLeast0('weight_decay', 'weight_decay value');
      if (name === 'nadam') atLeast0('momentum_decay', 'momentum_decay value');
      return;
    case 'rmsprop':
      atLeast0('eps', 'epsilon value');
      atLeast0('momentum', 'momentum value');
      atLeast0('weight_decay', 'weight_decay value');
      atLeast0('alpha', 'alpha value');
      return;
    case 'adagrad':
      atLeast0('lr_decay', 'lr_decay value');
      atLeast0('weight_decay', 'weight_decay value');
      atLeast0('initial_accumulator_value', 'initial_accumulator_value value');
      atLeast0('eps', 'epsilon value');
      return;
    case 'adadelta': {
      const rho = s.rho as number;
      if (!(rho >= 0 && rho <= 1)) throw new SpecError(at('rho'), `rho must be from 0 to 1, got ${rho} (PyTorch raises ValueError: Invalid rho value).`);
      atLeast0('eps', 'epsilon value');
      atLeast0('weight_decay', 'weight_decay value');
      return;
    }
    case 'lion':
      beta(0, true);
      beta(1, true);
      atLeast0('weight_decay', 'weight_decay value');
      return;
  }
}

/**
 * Keras 3's constructor checks (SGD's momentum range, Lion's beta_1, AdamW's required weight_decay), plus range
 * checks Keras leaves out but whose violation only produces NaN or a division by zero (said so in the message).
 */
function checkKeras(s: ResolvedOptimizerSpec, at: At): void {
  const name = s.name;
  const ours = (key: string, ok: boolean, range: string): void => {
    if (!ok) throw new SpecError(at(key), `${key} must be ${range}, got ${s[key] as number} (Keras does not check this, but the update would be meaningless or divide by zero).`);
  };
  const lr = s.learning_rate as number;
  ours('learning_rate', lr >= 0, 'at least 0');
  const wd = s.weight_decay as number | null;
  if (name === 'adamw' && wd === null) {
    throw new SpecError(at('weight_decay'), 'AdamW needs a weight_decay (Keras raises ValueError: Argument `weight_decay` must be a float. Received: weight_decay=None).');
  }
  if (wd !== null) ours('weight_decay', wd >= 0, 'at least 0');
  const epsilon = (): void => ours('epsilon', (s.epsilon as number) >= 0, 'at least 0');
  switch (name) {
    case 'sgd': {
      const m = s.momentum as number;
      if (!(m >= 0 && m <= 1)) throw new SpecError(at('momentum'), `momentum must be from 0 to 1, got ${m} (Keras raises ValueError: \`momentum\` must be a float between [0, 1]).`);
      return;
    }
    case 'adam':
    case 'adamw':
    case 'nadam':
      ours('beta_1', (s.beta_1 as number) >= 0 && (s.beta_1 as number) < 1, 'at least 0 and below 1');
      ours('beta_2', (s.beta_2 as number) >= 0 && (s.beta_2 as number) < 1, 'at least 0 and below 1');
      epsilon();
      return;
    case 'rmsprop':
      ours('rho', (s.rho as number) >= 0 && (s.rho as number) <= 1, 'from 0 to 1');
      ours('momentum', (s.momentum as number) >= 0, 'at least 0');
      epsilon();
      return;
    case 'adagrad':
      ours('initial_accumulator_value', (s.initial_accumulator_value as number) >= 0, 'at least 0 (Keras documents it as non-negative)');
      epsilon();
      return;
    case 'adadelta':
      ours('rho', (s.rho as number) >= 0 && (s.rho as number) <= 1, 'from 0 to 1');
      epsilon();
      return;
    case 'lion': {
      const b1 = s.beta_1 as number;
      if (!(b1 > 0 && b1 <= 1)) {
        throw new SpecError(at('beta_1'), `beta_1 must be above 0 and at most 1, got ${b1} (Keras raises ValueError: Argument \`beta_1\` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD).`);
      }
      ours('beta_2', (s.beta_2 as number) >= 0 && (s.beta_2 as number) <= 1, 'from 0 to 1');
      return;
    }
  }
}

/** The validated spec as given (keys as the user spelled them), for run specs. */
export function parseOptimizerSpec(raw: unknown, path: string): OptimizerSpec {
  resolveAt(raw, path);
  const out: OptimizerSpec = { ...(raw as OptimizerSpec) };
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = [...(v as unknown[])];
  return out;
}
