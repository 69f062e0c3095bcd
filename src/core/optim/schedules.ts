/**
 * Learning-rate schedules as plain `t -> lr` functions of the 1-based update count t (optax-style), built once
 * from a spec and the optimizer's base lr; evaluating one allocates nothing. ReduceLROnPlateau depends on the
 * loss, not on t, and lives in ./plateau.
 *
 * PyTorch schedulers are stepped after each optimizer.step(), so update t runs with the scheduler's value at
 * its internal count t-1; the closed forms below are evaluated there.
 */
import { SpecError } from '../specError';
import { childPath } from './hyperparameters';
import type { ScheduleSpec } from './types';
import { SCHEDULE_NAMES } from './types';

export type Schedule = (t: number) => number;

/**
 * torch.optim.lr_scheduler.OneCycleLR's phases and annealing, at scheduler step `s` (0-based, = t-1):
 * phases end at pct_start*total-1 (warm-up from max_lr/div_factor to max_lr) and total-1 (annealing to
 * initial/final_div_factor), or with three_phase at pct_start*total-1, 2*pct_start*total-2 (back to initial)
 * and total-1; inside a phase pct = (s - start)/(end - start) and cos: end + (start-end)/2*(cos(pi*pct)+1),
 * linear: (end-start)*pct + start.
 */
function oneCycle(spec: Extract<ScheduleSpec, { name: 'one_cycle' }>, baseLr: number): Schedule {
  const total = spec.total_steps;
  const maxLr = spec.max_lr ?? baseLr;
  const pct = spec.pct_start ?? 0.3;
  const initialLr = maxLr / (spec.div_factor ?? 25);
  const minLr = initialLr / (spec.final_div_factor ?? 1e4);
  const cos = (spec.anneal_strategy ?? 'cos') === 'cos';
  const ends = spec.three_phase ? [pct * total - 1, 2 * pct * total - 2, total - 1] : [pct * total - 1, total - 1];
  const starts = spec.three_phase ? [initialLr, maxLr, initialLr] : [initialLr, maxLr];
  const targets = spec.three_phase ? [maxLr, initialLr, minLr] : [maxLr, minLr];
  const anneal = (from: number, to: number, p: number): number => (cos ? to + ((from - to) / 2) * (Math.cos(Math.PI * p) + 1) : (to - from) * p + from);
  return (t) => {
    const s = t - 1;
    let startStep = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i];
      if (s <= end || i === ends.length - 1) return anneal(starts[i], targets[i], (s - startStep) / (end - startStep));
      startStep = end;
    }
    return NaN; // unreachable
  };
}

/** The schedule for `spec` starting from the optimizer's base learning rate. Not for reduce_on_plateau. */
export function createSchedule(spec: ScheduleSpec | undefined, baseLr: number): Schedule {
  if (!spec) return () => baseLr;
  switch (spec.name) {
    case 'constant':
    case 'reduce_on_plateau': // its lr is driven by the loss (./plateau); this is its value before any reduction
      return () => baseLr;
    case 'linear_warmup': {
      const w = spec.warmup_steps;
      return (t) => baseLr * Math.min(1, t / w);
    }
    case 'step': {
      const gamma = spec.gamma ?? 0.1;
      const size = spec.step_size;
      return (t) => baseLr * gamma ** Math.floor((t - 1) / size);
    }
    case 'cosine': {
      const etaMin = spec.eta_min ?? 0;
      const tMax = spec.t_max;
      // CosineAnnealingLR._get_closed_form_lr: eta_min + (base - eta_min)*(1 + cos(pi*T_cur/T_max))/2, T_cur = t-1.
      return (t) => etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * (t - 1)) / tMax))) / 2;
    }
    case 'exponential': {
      const gamma = spec.gamma;
      return (t) => baseLr * gamma ** (t - 1);
    }
    case 'one_cycle':
      return oneCycle(spec, baseLr);
    case 'warmup_cosine': {
      const w = spec.warmup_steps;
      const total = spec.total_steps;
      const etaMin = spec.eta_min ?? 0;
      // lr*t/w for t <= w (as linear_warmup), then cosine from lr (at t = w) to eta_min (at t = total), then eta_min.
      return (t) => {
        if (t <= w) return (baseLr * t) / w;
        if (t >= total) return etaMin;
        return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * (t - w)) / (total - w)))) / 2;
      };
    }
  }
}

/**
 * The most updates a schedule allows: OneCycleLR raises ValueError("Tried to step N times. The specified
 * number of total steps is M") when stepped past total_steps, i.e. a loop of more than total_steps updates.
 */
export function scheduleStepLimit(spec: ScheduleSpec | undefined): number | undefined {
  return spec?.name === 'one_cycle' ? spec.total_steps : undefined;
}

const KEYS: Record<ScheduleSpec['name'], string[]> = {
  constant: [],
  linear_warmup: ['warmup_steps'],
  step: ['step_size', 'gamma'],
  cosine: ['t_max', 'eta_min'],
  exponential: ['gamma'],
  one_cycle: ['total_steps', 'max_lr', 'pct_start', 'anneal_strategy', 'div_factor', 'final_div_factor', 'three_phase'],
  warmup_cosine: ['warmup_steps', 'total_steps', 'eta_min'],
  reduce_on_plateau: ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'],
};
const REQUIRED: Partial<Record<ScheduleSpec['name'], string[]>> = {
  linear_warmup: ['warmup_steps'],
  step: ['step_size'],
  cosine: ['t_max'],
  exponential: ['gamma'],
  one_cycle: ['total_steps'],
  warmup_cosine: ['warmup_steps', 'total_steps'],
};

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Validates a schedule spec (names, types, ranges as torch's constructors check them); throws SpecError. */
export function parseScheduleSpec(raw: unknown, path: string): ScheduleSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SpecError(path, `a schedule must be an object such as {"name": "cosine", "t_max": 100}, not ${describe(raw)}.`);
  }
  const r = raw as Record<string, unknown>;
  const name = r.name;
  if (typeof name !== 'string' || !(SCHEDULE_NAMES as readonly string[]).includes(name)) {
    throw new SpecError(childPath(path, 'name'), `unknown schedule ${describe(name)}; expected one of ${SCHEDULE_NAMES.join(', ')}.`);
  }
  const keys = KEYS[name as ScheduleSpec['name']];
  for (const key of Object.keys(r)) {
    if (key !== 'name' && !keys.includes(key)) {
      throw new SpecError(childPath(path, key), `unknown key "${key}" for schedule "${name}"; valid keys are ${keys.length ? keys.join(', ') : '(none)'}.`);
    }
  }
  for (const key of REQUIRED[name as ScheduleSpec['name']] ?? []) {
    if (r[key] === undefined) throw new SpecError(childPath(path, key), `"${key}" is required for schedule "${name}".`);
  }
  const at = (key: string): string => childPath(path, key);
  const number = (key: string, ok: (v: number) => boolean, range: string): void => {
    const v = r[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new SpecError(at(key), `${key} must be ${range}, not ${describe(v)}.`);
  };
  const integer = (key: string, min: number): void => number(key, (v) => Number.isInteger(v) && v >= min, `a whole number >= ${min}`);
  const oneOf = (key: string, options: string[]): void => {
    const v = r[key];
    if (v !== undefined && !(typeof v === 'string' && options.includes(v))) {
      throw new SpecError(at(key), `${key} must be ${options.map((o) => JSON.stringify(o)).join(' or ')}, not ${describe(v)}.`);
    }
  };
  switch (name as ScheduleSpec['name']) {
    case 'constant':
      break;
    case 'linear_warmup':
      integer('warmup_steps', 1);
      break;
    case 'step':
      integer('step_size', 1);
      number('gamma', (v) => v >= 0, 'a number >= 0');
      break;
    case 'cosine':
      integer('t_max', 1);
      number('eta_min', (v) => v >= 0, 'a number >= 0');
      break;
    case 'exponential':
      number('gamma', (v) => v > 0, 'a number > 0');
      break;
    case 'one_cycle':
      number('total_steps', (v) => Number.isInteger(v) && v > 0, 'a positive whole number (PyTorch raises ValueError: Expected positive integer total_steps)');
      number('max_lr', (v) => v > 0, 'a number > 0');
      number('pct_start', (v) => v >= 0 && v <= 1, 'a number from 0 to 1 (PyTorch raises ValueError: Expected float between 0 and 1 pct_start)');
      oneOf('anneal_strategy', ['cos', 'linear']);
      number('div_factor', (v) => v > 0, 'a number > 0');
      number('final_div_factor', (v) => v > 0, 'a number > 0');
      if (r.three_phase !== undefined && typeof r.three_phase !== 'boolean') throw new SpecError(at('three_phase'), `three_phase must be true or false, not ${describe(r.three_phase)}.`);
      break;
    case 'warmup_cosine':
      integer('warmup_steps', 0);
      integer('total_steps', 1);
      if ((r.total_steps as number) <= (r.warmup_steps as number)) {
        throw new SpecError(at('total_steps'), `total_steps (${r.total_steps as number}) must be above warmup_steps (${r.warmup_steps as number}).`);
      }
      number('eta_min', (v) => v >= 0, 'a number >= 0');
      break;
    case 'reduce_on_plateau':
      oneOf('mode', ['min', 'max']);
      number('factor', (v) => v >= 0 && v < 1, 'a number from 0 to below 1 (PyTorch raises ValueError: Factor should be < 1.0.)');
      integer('patience', 0);
      number('threshold', (v) => v >= 0, 'a number >= 0');
      oneOf('threshold_mode', ['rel', 'abs']);
      integer('cooldown', 0);
      number('min_lr', (v) => v >= 0, 'a number >= 0');
      number('eps', (v) => v >= 0, 'a number >= 0');
      break;
  }
  return { ...r } as ScheduleSpec;
}
