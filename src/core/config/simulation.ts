/**
 * "Simulate this config" (issue 6 item 4): a setting of a training script or config as a RunSpec the
 * embedded trainer runs. The optimizer keeps the framework's convention (a Keras file runs with Keras's
 * names and defaults), its hyperparameters as written, the file's schedule and clipping when they can be
 * expressed in the engine; the problem is a proxy, since the real model is not here.
 *
 * The proxy: the ill-conditioned quadratic with curvatures 0.1 and 10 (condition number 100, as the
 * dashboard's default quadratic, scaled by 1/10 so that the ImageNet recipe, SGD lr 0.1 with momentum 0.9,
 * sits at lr x curvature = 1, well inside its stable region lr x curvature < 2 + 2 x momentum). What the
 * curves show is how this optimizer and these numbers behave on a problem whose curvatures are known: it
 * rings, diverges, or converges, as the theory of stability.ts predicts. Everything that could not be
 * carried over is listed in `notes`.
 */
import { validKeys } from '../optim/hyperparameters';
import type { ClipSpec, Convention, OptimizerName, ScheduleSpec } from '../optim/types';
import type { ProblemSpec } from '../problems/types';
import { SpecError } from '../specError';
import { parseRunSpecs, type RunSpec } from '../train/spec';
import type { ConfigExtraction, Param, ParamMap, Setting } from './types';

/** Curvatures of the proxy quadratic (see the module comment). */
export const PROXY_CURVATURES: readonly [number, number] = [0.1, 10];
export const PROXY_PROBLEM: ProblemSpec = { name: 'ill-conditioned-quadratic', eigenvalues: [PROXY_CURVATURES[0], PROXY_CURVATURES[1]] };
export const PROXY_DESCRIPTION = `proxy problem: ill-conditioned quadratic, curvatures ${PROXY_CURVATURES[0]} to ${PROXY_CURVATURES[1]}`;

export interface SimulatedSetting {
  spec: RunSpec;
  /** What was approximated or left out, in words, for the user. */
  notes: string[];
}

export class NotSimulatableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSimulatableError';
  }
}

/** The engine's optimizer for a setting, or null when the engine has none like it (Adafactor, LAMB, Ftrl). */
export function engineOptimizerOf(s: Setting): OptimizerName | null {
  if (s.kind === 'training_args') {
    const optim = typeof s.params.optim?.value === 'string' ? s.params.optim.value.toLowerCase() : 'adamw_torch';
    if (optim.includes('adamw')) return 'adamw';
    if (optim.includes('lion')) return 'lion';
    if (optim.startsWith('sgd')) return 'sgd';
    if (optim.startsWith('adagrad')) return 'adagrad';
    if (optim.includes('rmsprop')) return 'rmsprop';
    return null;
  }
  if (s.kind !== 'optimizer') return null;
  const id = s.name.slice(s.name.lastIndexOf('.') + 1).toLowerCase();
  // DeepSpeed's Adam decouples weight decay by default (adam_w_mode=True): it is AdamW.
  if (s.framework === 'deepspeed' && (id === 'adam' || id === 'fusedadam')) return s.params.adam_w_mode?.value === false ? 'adam' : 'adamw';
  const exact: Record<string, OptimizerName> = {
    sgd: 'sgd', adam: 'adam', adamw: 'adamw', fusedadam: 'adam', nadam: 'nadam', rmsprop: 'rmsprop', adagrad: 'adagrad',
    adadelta: 'adadelta', lion: 'lion',
  };
  return exact[id] ?? null;
}

function numeric(p: Param | undefined): number | undefined {
  return p && typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : undefined;
}

/** Hugging Face's argument names to torch.optim's. */
const HF_NAMES: Record<string, string> = { learning_rate: 'lr', adam_epsilon: 'eps', weight_decay: 'weight_decay' };

function optimizerSpec(s: Setting, name: OptimizerName, convention: Convention, notes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { name, convention };
  const keys = new Set(validKeys(name, convention));
  const unknown: string[] = [];
  const take = (key: string, p: Param): void => {
    const v = p.value;
    const ok = typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean'
      || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'));
    if (ok) out[key] = v;
    else unknown.push(`${key} = ${p.text}`);
  };
  if (s.kind === 'training_args') {
    for (const [from, to] of Object.entries(HF_NAMES)) if (s.params[from] && keys.has(to)) take(to, s.params[from]);
    const b1 = numeric(s.params.adam_beta1);
    const b2 = numeric(s.params.adam_beta2);
    if ((b1 !== undefined || b2 !== undefined) && keys.has('betas')) out.betas = [b1 ?? 0.9, b2 ?? 0.999];
  } else {
    for (const [key, p] of Object.entries(s.params)) {
      if (key === 'params' || !keys.has(key)) continue;
      if (key === 'lr' && s.params.learning_rate) continue; // both given: Keras uses learning_rate
      take(key, p);
    }
  }
  if (out.lr !== undefined && out.learning_rate !== undefined) delete out.lr;
  if (unknown.length > 0) notes.push(`not a number here, so the framework default was used: ${unknown.join(', ')}`);
  if (s.groups && s.groups.length > 0) notes.push(`${s.groups.length} parameter groups: the call's own options were used for all parameters`);
  return out;
}

function belongsTo(scheduler: Setting, optimizer: Setting, optimizers: number): boolean {
  const target = scheduler.params.optimizer?.text;
  if (target !== undefined && optimizer.target !== undefined) return target === optimizer.target;
  return optimizers === 1;
}

/** One scheduler as an engine schedule, marked as a warm-up or not; null when the engine has nothing like it. */
function scheduleOf(sch: Setting, notes: string[]): { spec: ScheduleSpec; warmup: boolean } | null {
  const p = sch.params;
  const id = sch.name.slice(sch.name.lastIndexOf('.') + 1);
  const n = (key: string): number | undefined => numeric(p[key]);
  switch (id) {
    case 'StepLR': {
      const stepSize = n('step_size');
      return stepSize && stepSize >= 1 ? { spec: { name: 'step', step_size: Math.round(stepSize), ...(n('gamma') !== undefined ? { gamma: n('gamma') } : {}) } as ScheduleSpec, warmup: false } : null;
    }
    case 'ExponentialLR':
      return n('gamma') !== undefined ? { spec: { name: 'exponential', gamma: n('gamma') as number }, warmup: false } : null;
    case 'CosineAnnealingLR': {
      const tMax = n('T_max');
      return tMax && tMax >= 1 ? { spec: { name: 'cosine', t_max: Math.round(tMax), ...(n('eta_min') !== undefined ? { eta_min: n('eta_min') } : {}) } as ScheduleSpec, warmup: false } : null;
    }
    case 'LinearLR': {
      const iters = n('total_iters') ?? 5; // PyTorch's default total_iters
      if (n('end_factor') !== undefined && n('end_factor') !== 1) return null;
      if (n('start_factor') !== undefined && Math.abs((n('start_factor') as number) - 1 / iters) > 1e-9) {
        notes.push(`LinearLR from ${n('start_factor')} is simulated as the engine's linear warm-up, which starts at 1/${Math.round(iters)} of the rate`);
      }
      return { spec: { name: 'linear_warmup', warmup_steps: Math.max(1, Math.round(iters)) }, warmup: true };
    }
    case 'ReduceLROnPlateau': {
      const spec: Record<string, unknown> = { name: 'reduce_on_plateau' };
      for (const k of ['factor', 'patience', 'threshold', 'cooldown', 'min_lr', 'eps']) if (n(k) !== undefined) spec[k] = n(k);
      return { spec: spec as ScheduleSpec, warmup: false };
    }
    case 'get_cosine_schedule_with_warmup': {
      const w = n('num_warmup_steps');
      const total = n('num_training_steps');
      return w !== undefined && total !== undefined && w > 0 && total > w ? { spec: { name: 'warmup_cosine', warmup_steps: Math.round(w), total_steps: Math.round(total) }, warmup: true } : null;
    }
    case 'get_linear_schedule_with_warmup':
    case 'get_constant_schedule_with_warmup':
    case 'WarmupLR':
    case 'WarmupDecayLR': {
      const w = n('num_warmup_steps') ?? n('warmup_num_steps');
      if (w === undefined || w <= 0) return null;
      if (id !== 'get_constant_schedule_with_warmup' && id !== 'WarmupLR') notes.push(`${id}: the warm-up is simulated, the decay after it is not`);
      return { spec: { name: 'linear_warmup', warmup_steps: Math.round(w) }, warmup: true };
    }
    default:
      return null;
  }
}

function trainingArgsSchedule(s: Setting, notes: string[]): ScheduleSpec | undefined {
  const w = numeric(s.params.warmup_steps);
  if (w !== undefined && w > 0) {
    notes.push('TrainingArguments: the warm-up is simulated, the decay after it (lr_scheduler_type) is not');
    return { name: 'linear_warmup', warmup_steps: Math.round(w) };
  }
  return undefined;
}

/** The file's schedule for this optimizer, combined into one engine schedule. */
function scheduleFor(s: Setting, extraction: ConfigExtraction, notes: string[]): ScheduleSpec | undefined {
  if (s.kind === 'training_args') return trainingArgsSchedule(s, notes);
  const optimizers = extraction.settings.filter((o) => o.kind === 'optimizer').length;
  const found: { spec: ScheduleSpec; warmup: boolean; name: string }[] = [];
  for (const sch of extraction.settings) {
    if (sch.kind !== 'scheduler' || !belongsTo(sch, s, optimizers)) continue;
    const mapped = scheduleOf(sch, notes);
    if (mapped) found.push({ ...mapped, name: sch.name });
    else notes.push(`${sch.name} is not simulated (no engine schedule like it, or its numbers are not literal)`);
  }
  const warmup = found.find((f) => f.warmup);
  const decay = found.find((f) => !f.warmup);
  if (warmup && decay?.spec.name === 'cosine' && warmup.spec.name === 'linear_warmup') {
    return { name: 'warmup_cosine', warmup_steps: warmup.spec.warmup_steps, total_steps: decay.spec.t_max, ...(decay.spec.eta_min !== undefined ? { eta_min: decay.spec.eta_min } : {}) };
  }
  if (warmup && decay) notes.push(`${decay.name} after the warm-up is not simulated (one schedule per run)`);
  return (warmup ?? decay)?.spec;
}

function clipFrom(params: ParamMap, framework: Setting['framework'], name: string): ClipSpec | undefined {
  const n = (k: string): number | undefined => {
    const v = numeric(params[k]);
    return v !== undefined && v > 0 ? v : undefined;
  };
  if (name === 'clip_grad_norm_') return n('max_norm') !== undefined ? { max_norm: n('max_norm'), ...(n('norm_type') !== undefined ? { norm_type: n('norm_type') } : {}) } : undefined;
  if (name === 'clip_grad_value_') return n('clip_value') !== undefined ? { clip_value: n('clip_value') } : undefined;
  if (framework === 'lightning' && n('gradient_clip_val') !== undefined) {
    return params.gradient_clip_algorithm?.value === 'value' ? { clip_value: n('gradient_clip_val') } : { max_norm: n('gradient_clip_val') };
  }
  if (n('clipnorm') !== undefined) return { clipnorm: n('clipnorm') };
  if (n('clipvalue') !== undefined) return { clip_value: n('clipvalue') };
  if (n('global_clipnorm') !== undefined) return { global_clipnorm: n('global_clipnorm') };
  for (const k of ['gradient_clipping', 'max_grad_norm', 'clip_grad_norm', 'grad_clip', 'clip_norm', 'grad_norm_clip']) {
    if (n(k) !== undefined) return { max_norm: n(k) };
  }
  return undefined;
}

function clipFor(s: Setting, extraction: ConfigExtraction): ClipSpec | undefined {
  if (s.kind === 'training_args') {
    const v = numeric(s.params.max_grad_norm);
    if (v === undefined) return { max_norm: 1 }; // the Trainer's default max_grad_norm
    return v > 0 ? { max_norm: v } : undefined;
  }
  const own = clipFrom(s.params, s.framework, '');
  if (own) return own;
  for (const c of extraction.settings) {
    if (c.kind !== 'clipping') continue;
    const clip = clipFrom(c.params, c.framework, c.name);
    if (clip) return clip;
  }
  return undefined;
}

/** The run that simulates `extraction.settings[index]` for `steps` updates on the proxy problem. */
export function simulateSetting(extraction: ConfigExtraction, index: number, steps: number, id: string): SimulatedSetting {
  const s = extraction.settings[index];
  if (!s) throw new NotSimulatableError(`no setting ${index} in this file`);
  const name = engineOptimizerOf(s);
  if (name === null) throw new NotSimulatableError(`${s.name} has no counterpart in the simulator (it runs ${['SGD', 'Adam', 'AdamW', 'NAdam', 'RMSprop', 'Adagrad', 'Adadelta', 'Lion'].join(', ')})`);
  const notes: string[] = [];
  const convention: Convention = s.framework === 'keras' ? 'keras' : 'pytorch';
  const raw: Record<string, unknown> = { id, steps, problem: PROXY_PROBLEM, optimizer: optimizerSpec(s, name, convention, notes) };
  const schedule = scheduleFor(s, extraction, notes);
  if (schedule) raw.schedule = schedule;
  const clip = clipFor(s, extraction);
  if (clip) raw.clip = clip;
  try {
    return { spec: parseRunSpecs(raw)[0], notes };
  } catch (error) {
    if (error instanceof SpecError) throw new NotSimulatableError(`the simulator rejects this setting: ${error.message}`);
    throw error;
  }
}

/**
 * The same setting in a re-extracted text (after fixes were applied): the k-th setting of the same kind and
 * name, k counted in the original. Fixes add schedulers and clipping calls, never optimizers, so k holds.
 */
export function sameSettingIn(before: ConfigExtraction, index: number, after: ConfigExtraction): number {
  const s = before.settings[index];
  if (!s) return -1;
  const same = (o: Setting): boolean => o.kind === s.kind && o.name === s.name;
  const k = before.settings.slice(0, index).filter(same).length;
  let seen = 0;
  for (let i = 0; i < after.settings.length; i++) {
    if (!same(after.settings[i])) continue;
    if (seen === k) return i;
    seen++;
  }
  return -1;
}
