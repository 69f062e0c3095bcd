/**
 * Turns a Fix (what the diagnosis recommends) into the run spec that follows it, changing exactly what the fix
 * says and nothing else (a fix that moves two settings says so in its text and carries the second in `settings`,
 * e.g. lower_lr with settings.momentum: both are applied). The result is validated by the same parser as a spec file, so a fix can never produce
 * a run the engine cannot run. Where the schedule system cannot hold a fix next to the schedule already in
 * use (it holds one schedule), the fix replaces it and the returned note says so.
 */
import { lrKey, resolveOptimizerSpec } from '../../optim';
import type { ClipSpec, OptimizerSpec, ScheduleSpec } from '../../optim/types';
import { SpecError } from '../../specError';
import { parseRunSpecs, type RunSpec } from '../../train/spec';
import type { Fix } from '../types';

/** A fix that does not map onto a run spec (check_data), or whose numbers make no valid run. */
export class FixNotApplicableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixNotApplicableError';
  }
}

export interface AppliedFix {
  spec: RunSpec;
  /** Set when the fix had to replace something the spec had (a schedule, a clipping mode). */
  note?: string;
}

const BETA_OPTIMIZERS = new Set(['adam', 'adamw', 'nadam', 'lion']);
const MOMENTUM_OPTIMIZERS = new Set(['sgd', 'rmsprop']);
const PLATEAU_SETTINGS = ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'];

function numberTo(fix: Fix, what: string): number {
  const v = typeof fix.to === 'string' ? Number(fix.to) : fix.to;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new FixNotApplicableError(`${fix.action} needs a number in "to" (${what}), got ${JSON.stringify(fix.to)}.`);
  }
  return v;
}

function wholeTo(fix: Fix, what: string): number {
  const v = numberTo(fix, what);
  if (!Number.isInteger(v) || v < 1) throw new FixNotApplicableError(`${fix.action} needs a whole number >= 1 in "to" (${what}), got ${v}.`);
  return v;
}

/** The learning rate under the key the spec already uses, so the spec keeps its spelling. */
function withLr(optimizer: OptimizerSpec, lr: number): OptimizerSpec {
  const key = optimizer.learning_rate !== undefined ? 'learning_rate' : 'lr';
  return { ...optimizer, [key]: lr };
}

/** The learning rate the spec runs at, as the framework resolves it (defaults included). */
function currentLr(spec: RunSpec): number {
  const resolved = resolveOptimizerSpec(spec.optimizer);
  return Number(resolved[lrKey(resolved.convention)]);
}

/**
 * The new learning rate of lower_lr / raise_lr: `to`, or, when the diagnosis did not know the lr (a log without
 * an lr metric), the spec's own lr times settings.factor ("lower the lr about 10x" = factor 0.1). A factor that
 * points the wrong way (a lower_lr with factor 2) is refused rather than applied.
 */
function newLr(spec: RunSpec, fix: Fix): number {
  const factor = fix.settings?.factor;
  if (fix.to === undefined && factor !== undefined) {
    const f = Number(factor);
    const wrongWay = fix.action === 'lower_lr' ? !(f > 0 && f < 1) : !(f > 1 && Number.isFinite(f));
    if (wrongWay) throw new FixNotApplicableError(`${fix.action}: settings.factor must be ${fix.action === 'lower_lr' ? 'between 0 and 1' : 'a finite number > 1'}, got ${JSON.stringify(factor)}.`);
    return currentLr(spec) * f;
  }
  return numberTo(fix, 'the new learning rate');
}

/**
 * raise_lr with settings.eta_min: the learning rate decayed to ~0, and the fix raises the schedule's floor, not the
 * peak (setting the optimizer's lr to the floor would lower the whole schedule). Cosine and warm-up cosine take it
 * as eta_min, ReduceLROnPlateau as min_lr, OneCycleLR through final_div_factor (its last lr is
 * max_lr / (div_factor * final_div_factor)); step and exponential decay have no floor, so a cosine from the same
 * peak to the floor over the run replaces them (noted). A run without a decaying schedule has no floor to raise.
 */
function raiseFloor(spec: RunSpec, fix: Fix): AppliedFix {
  const floor = Number(fix.settings?.eta_min ?? fix.to);
  if (!(floor > 0) || !Number.isFinite(floor)) throw new FixNotApplicableError(`raise_lr: the new floor (settings.eta_min) must be a number > 0, got ${JSON.stringify(fix.settings?.eta_min ?? fix.to)}.`);
  const current = spec.schedule;
  switch (current?.name) {
    case 'cosine':
    case 'warmup_cosine':
      return { spec: { ...spec, schedule: { ...current, eta_min: floor } } };
    case 'reduce_on_plateau':
      return { spec: { ...spec, schedule: { ...current, min_lr: floor } } };
    case 'one_cycle': {
      const peak = current.max_lr ?? currentLr(spec);
      const div = current.div_factor ?? 25;
      return { spec: { ...spec, schedule: { ...current, final_div_factor: peak / (div * floor) } } };
    }
    case 'step':
    case 'exponential': {
      const tMax = Math.max(1, spec.steps - 1);
      return {
        spec: { ...spec, schedule: { name: 'cosine', t_max: tMax, eta_min: floor } },
        note: `${current.name} decay has no floor: cosine(t_max=${tMax}, eta_min=${floor}) from the same peak replaces it.`,
      };
    }
    default:
      throw new FixNotApplicableError(`raise_lr: settings.eta_min raises a decaying schedule's floor, but the run's lr does not decay (${current ? current.name : 'no schedule'}).`);
  }
}

function setLr(spec: RunSpec, fix: Fix): AppliedFix {
  if (fix.action === 'raise_lr' && fix.settings?.eta_min !== undefined) return raiseFloor(spec, fix);
  const lr = newLr(spec, fix);
  if (!(lr > 0)) throw new FixNotApplicableError(`${fix.action}: the learning rate must be > 0, got ${lr}.`);
  let out: RunSpec = { ...spec, optimizer: withLr(spec.optimizer, lr) };
  // OneCycleLR's max_lr overrides the optimizer's lr as the peak: move it too, or the fix would do nothing.
  if (spec.schedule?.name === 'one_cycle' && spec.schedule.max_lr !== undefined) {
    out.schedule = { ...spec.schedule, max_lr: lr };
  }
  // A fix may change the momentum with the lr ("lower the lr 0.04 -> 0.01 and momentum 0.9 -> 0.8"): both go in.
  const momentum = fix.settings?.momentum ?? fix.settings?.beta1;
  if (momentum !== undefined) out = withMomentum(out, Number(momentum), fix.action);
  return { spec: out };
}

/** The spec with heavy-ball momentum (SGD, RMSprop) or beta1 (Adam-like: PyTorch betas[0], Keras beta_1) set. */
function withMomentum(spec: RunSpec, value: number, action: string): RunSpec {
  // torch accepts any momentum >= 0, but one >= 1 never decays: no fix ever means that.
  if (!(value >= 0 && value < 1)) throw new FixNotApplicableError(`${action}: the momentum must be from 0 to below 1, got ${value}.`);
  const resolved = resolveOptimizerSpec(spec.optimizer);
  const name = resolved.name;
  if (MOMENTUM_OPTIMIZERS.has(name)) return { ...spec, optimizer: { ...spec.optimizer, momentum: value } };
  if (BETA_OPTIMIZERS.has(name)) {
    const optimizer = resolved.convention === 'keras'
      ? { ...spec.optimizer, beta_1: value }
      : { ...spec.optimizer, betas: [value, (resolved.betas as [number, number])[1]] };
    return { ...spec, optimizer };
  }
  throw new FixNotApplicableError(`${action}: ${name} has no momentum or beta1 to change.`);
}

function reduceMomentum(spec: RunSpec, fix: Fix): AppliedFix {
  let out = withMomentum(spec, numberTo(fix, 'the new momentum'), fix.action);
  // And the lr, when the fix moves both (the diagnosis puts the new lr in settings.lr).
  const setting = fix.settings?.lr;
  if (setting !== undefined) {
    const lr = Number(setting);
    if (!(lr > 0) || !Number.isFinite(lr)) throw new FixNotApplicableError(`reduce_momentum: settings.lr must be a number > 0, got ${JSON.stringify(setting)}.`);
    out = { ...out, optimizer: withLr(out.optimizer, lr) };
    if (out.schedule?.name === 'one_cycle' && out.schedule.max_lr !== undefined) out.schedule = { ...out.schedule, max_lr: lr };
  }
  return { spec: out };
}

function scheduleName(schedule: ScheduleSpec | undefined): string | null {
  return schedule && schedule.name !== 'constant' ? schedule.name : null;
}

/**
 * Linear warm-up over W steps, composed with the schedule in use where the schedule system can express the
 * pair: cosine becomes warmup_cosine (same floor, same end step), warm-up schedules get W as their warm-up,
 * OneCycleLR's rising phase becomes W steps long. step, exponential and reduce_on_plateau have no warm-up
 * form, so linear_warmup replaces them (noted).
 */
function addWarmup(spec: RunSpec, fix: Fix): AppliedFix {
  const w = wholeTo(fix, 'warm-up steps');
  const current = spec.schedule;
  const replace = (): AppliedFix => {
    const name = scheduleName(current);
    const out: AppliedFix = { spec: { ...spec, schedule: { name: 'linear_warmup', warmup_steps: w } } };
    if (name) out.note = `linear_warmup over ${w} steps replaces the ${name} schedule (a run has one schedule, and ${name} has no warm-up form).`;
    return out;
  };
  if (!current) return replace();
  switch (current.name) {
    case 'constant':
    case 'linear_warmup':
      return replace();
    case 'warmup_cosine':
      if (w >= current.total_steps) {
        throw new FixNotApplicableError(`add_warmup: ${w} warm-up steps do not fit in warmup_cosine's total_steps = ${current.total_steps}.`);
      }
      return { spec: { ...spec, schedule: { ...current, warmup_steps: w } } };
    case 'cosine': {
      // CosineAnnealingLR reaches eta_min at update t_max + 1; warmup_cosine at total_steps: keep that end.
      const total = current.t_max + 1;
      if (w >= total) throw new FixNotApplicableError(`add_warmup: ${w} warm-up steps do not fit before the cosine's end (t_max = ${current.t_max}).`);
      const schedule: ScheduleSpec = { name: 'warmup_cosine', warmup_steps: w, total_steps: total };
      if (current.eta_min !== undefined) schedule.eta_min = current.eta_min;
      return {
        spec: { ...spec, schedule },
        note: `cosine(t_max=${current.t_max}) became warmup_cosine with ${w} warm-up steps and the same end (the cosine then spans steps ${w} to ${total}).`,
      };
    }
    case 'one_cycle':
      return { spec: { ...spec, schedule: { ...current, pct_start: Math.min(1, w / current.total_steps) } } };
    default:
      return replace();
  }
}

/** Norm clipping in the run's framework: torch clip_grad_norm_ (max_norm), Keras global_clipnorm. */
function clipGradNorm(spec: RunSpec, fix: Fix): AppliedFix {
  const threshold = numberTo(fix, 'the max norm');
  if (!(threshold > 0)) throw new FixNotApplicableError(`clip_grad_norm: the threshold must be > 0, got ${threshold}.`);
  const keras = resolveOptimizerSpec(spec.optimizer).convention === 'keras';
  const clip: ClipSpec = keras ? { global_clipnorm: threshold } : { max_norm: threshold };
  const out: AppliedFix = { spec: { ...spec, clip } };
  const old = spec.clip;
  const sameMode = old && (keras ? old.global_clipnorm !== undefined : old.max_norm !== undefined && (old.norm_type ?? 2) === 2);
  if (old && !sameMode) out.note = `norm clipping at ${threshold} replaces ${JSON.stringify(old)} (a run clips one way).`;
  return out;
}

function switchOptimizer(spec: RunSpec, fix: Fix): AppliedFix {
  if (typeof fix.to !== 'string' || fix.to === '') throw new FixNotApplicableError(`switch_optimizer needs an optimizer name in "to", got ${JSON.stringify(fix.to)}.`);
  const settings = { ...(fix.settings ?? {}) };
  const optimizer: OptimizerSpec = { name: fix.to as OptimizerSpec['name'], ...settings };
  const convention = spec.optimizer.convention;
  if (convention !== undefined) optimizer.convention = convention;
  return { spec: { ...spec, optimizer } };
}

function reduceOnPlateau(spec: RunSpec, fix: Fix): AppliedFix {
  const schedule: Record<string, unknown> = { name: 'reduce_on_plateau' };
  for (const [key, value] of Object.entries(fix.settings ?? {})) {
    if (!PLATEAU_SETTINGS.includes(key)) throw new FixNotApplicableError(`reduce_lr_on_plateau: unknown setting "${key}"; ReduceLROnPlateau takes ${PLATEAU_SETTINGS.join(', ')}.`);
    schedule[key] = value;
  }
  const out: AppliedFix = { spec: { ...spec, schedule: schedule as ScheduleSpec } };
  const name = scheduleName(spec.schedule);
  if (name) out.note = `ReduceLROnPlateau replaces the ${name} schedule (a run has one schedule).`;
  return out;
}

function earlyStop(spec: RunSpec, fix: Fix): AppliedFix {
  const step = wholeTo(fix, 'the step to stop at');
  if (step > spec.steps) throw new FixNotApplicableError(`early_stop at step ${step} is after the run's end (${spec.steps} steps).`);
  return { spec: { ...spec, steps: step } };
}

function dispatch(spec: RunSpec, fix: Fix): AppliedFix {
  switch (fix.action) {
    case 'lower_lr':
    case 'raise_lr':
      return setLr(spec, fix);
    case 'reduce_momentum':
      return reduceMomentum(spec, fix);
    case 'add_warmup':
      return addWarmup(spec, fix);
    case 'clip_grad_norm':
      return clipGradNorm(spec, fix);
    case 'switch_optimizer':
      return switchOptimizer(spec, fix);
    case 'reduce_lr_on_plateau':
      return reduceOnPlateau(spec, fix);
    case 'early_stop':
      return earlyStop(spec, fix);
    case 'check_data':
      throw new FixNotApplicableError('check_data is advice about the data or the model, not a change to the run spec: there is nothing to re-run.');
    default:
      throw new FixNotApplicableError(`unknown fix action ${JSON.stringify((fix as { action: unknown }).action)}.`);
  }
}

/** The spec with the fix applied, and a note when the fix had to replace something. Throws FixNotApplicableError. */
export function applyFixWithNote(spec: RunSpec, fix: Fix): AppliedFix {
  const applied = dispatch(spec, fix);
  try {
    // Re-parsed as a spec file would be: the fix's numbers get the framework's own checks (e.g. momentum < 1).
    const [checked] = parseRunSpecs(JSON.parse(JSON.stringify(applied.spec)));
    return applied.note === undefined ? { spec: checked } : { spec: checked, note: applied.note };
  } catch (error) {
    if (error instanceof SpecError) throw new FixNotApplicableError(`${fix.action} makes an invalid run: ${error.message}`);
    throw error;
  }
}

/** The spec with the fix applied (see applyFixWithNote for what a fix may replace). */
export function applyFix(spec: RunSpec, fix: Fix): RunSpec {
  return applyFixWithNote(spec, fix).spec;
}
