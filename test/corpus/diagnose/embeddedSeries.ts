/**
 * Turns a trainer run (src/core/train runSpecs) into the series an embedded run feeds the engine: loss,
 * grad_norm, lr, update_norm, velocity_norm and update_cosine (the cosine between successive updates, from the
 * parameter rows), each at the trainer's row index as its step. Also builds what an embedded run knows about
 * itself (its RunContext).
 */
import type { RunContext } from '../../../src/core/diagnose/types';
import { resolveOptimizerSpec } from '../../../src/core/optim';
import type { Problem } from '../../../src/core/problems/types';
import type { RunSpec } from '../../../src/core/train/spec';
import type { RunTrace } from '../../../src/core/train/types';
import type { LabelledSeries } from './types';

function rowSteps(from: number, to: number): Float64Array {
  const steps = new Float64Array(Math.max(0, to - from + 1));
  for (let k = from; k <= to; k++) steps[k - from] = k;
  return steps;
}

/**
 * cos(update k-1, update k) for k = 2..stepsRun, where update k = params row k - params row k-1.
 * A zero-length update gives NaN, which is left out (the trainer never produces one in practice).
 */
export function updateCosines(trace: RunTrace): { steps: Float64Array; values: Float64Array } {
  const { dim, params, stepsRun } = trace;
  const steps: number[] = [];
  const values: number[] = [];
  for (let k = 2; k <= stepsRun; k++) {
    let dot = 0;
    let a2 = 0;
    let b2 = 0;
    for (let i = 0; i < dim; i++) {
      const a = params[(k - 1) * dim + i] - params[(k - 2) * dim + i];
      const b = params[k * dim + i] - params[(k - 1) * dim + i];
      dot += a * b;
      a2 += a * a;
      b2 += b * b;
    }
    const c = dot / Math.sqrt(a2 * b2);
    if (Number.isFinite(c)) {
      steps.push(k);
      values.push(c);
    }
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
}

export function embeddedSeries(trace: RunTrace): LabelledSeries[] {
  const last = trace.stepsRun;
  const series: LabelledSeries[] = [
    { metric: 'loss', role: 'loss', steps: rowSteps(0, last), values: trace.loss.slice(0, last + 1) },
    { metric: 'grad_norm', role: 'grad_norm', steps: rowSteps(0, last), values: trace.gradNorm.slice(0, last + 1) },
    { metric: 'lr', role: 'lr', steps: rowSteps(1, last), values: trace.lr.slice(1, last + 1) },
    { metric: 'update_norm', role: 'update_norm', steps: rowSteps(1, last), values: trace.updateNorm.slice(1, last + 1) },
  ];
  if (trace.hasVelocity) {
    series.push({ metric: 'velocity_norm', role: 'velocity_norm', steps: rowSteps(1, last), values: trace.velocityNorm.slice(1, last + 1) });
  }
  const cos = updateCosines(trace);
  series.push({ metric: 'update_cosine', role: 'update_cosine', ...cos });
  return series;
}

/**
 * What an embedded run knows: the optimizer as resolved (lr, momentum/nesterov or beta1/beta2), the framework,
 * warm-up and clipping in use, the curvature range when the problem is a quadratic given by its spectrum, the
 * minimum loss, chance level for the classifiers (ln 2: binary labels) and the planned steps.
 * Temporary: d-fix's runContextOf(spec, problem) replaces this once it lands.
 */
export function embeddedContext(spec: RunSpec, problem: Problem): RunContext {
  const resolved = resolveOptimizerSpec(spec.optimizer) as unknown as Record<string, unknown>;
  const name = String(resolved.name);
  const lr = Number(resolved.lr ?? resolved.learning_rate);
  const optimizer: RunContext['optimizer'] = { name, lr };
  if (typeof resolved.momentum === 'number') optimizer.momentum = resolved.momentum;
  if (typeof resolved.nesterov === 'boolean') optimizer.nesterov = resolved.nesterov;
  const betas = resolved.betas as number[] | undefined;
  if (Array.isArray(betas)) {
    optimizer.beta1 = betas[0];
    optimizer.beta2 = betas[1];
  }
  const context: RunContext = {
    optimizer,
    framework: resolved.convention === 'keras' ? 'keras' : 'pytorch',
    minimumLoss: problem.minimumLoss,
    totalSteps: spec.steps,
    warmupSteps: spec.schedule?.name === 'linear_warmup' ? spec.schedule.warmup_steps : 0,
  };
  if (spec.clip?.max_norm !== undefined) context.clipNorm = spec.clip.max_norm;
  const p = spec.problem;
  if (p.name === 'quadratic' && p.eigenvalues) context.curvature = { min: Math.min(...p.eigenvalues), max: Math.max(...p.eigenvalues) };
  if (p.name === 'ill-conditioned-quadratic') {
    const ev = p.eigenvalues ?? [1, 100];
    context.curvature = { min: Math.min(...ev), max: Math.max(...ev) };
  }
  if (p.name === 'mlp' || p.name === 'logistic_regression') context.chanceLoss = Math.LN2;
  return context;
}
