/**
 * What the diagnosis engine is told about an embedded run (a RunSpec the trainer ran): the optimizer settings
 * exactly as the framework resolves them, the warm-up and clipping in use, and what the problem fixes in
 * advance — the Hessian's spectrum for quadratics (so fixes can use the exact stability bound), the Hessian measured
 * at the start of other 2-D problems, the full-batch top eigenvalue at the start of the networks, the loss floor,
 * and the chance-level loss of the classifiers.
 */
import { lrKey, resolveOptimizerSpec } from '../../optim';
import type { ClipSpec, ScheduleSpec } from '../../optim/types';
import { symmetricEigen } from '../../problems/linalg';
import { createProblem, resolveProblemSpec } from '../../problems';
import type { Problem, ProblemSpec } from '../../problems/types';
import type { RunSpec } from '../../train/spec';
import type { KnownOptimizer, RunContext } from '../types';
import { localCurvature, POWER_STEPS } from './localCurvature';

/** Optimizers whose first moment is a beta1 (betas[0] / beta_1), not a heavy-ball momentum. */
const BETA_OPTIMIZERS = new Set(['adam', 'adamw', 'nadam', 'lion']);
/** Same defaults as the problems' own (quadratic.ts, generalQuadratic.ts). */
const ILL_CONDITIONED_DEFAULT: [number, number] = [1, 100];
const QUADRATIC_DEFAULT = [1, 10];
/** The dataset problems classify two classes: a uniform guess scores ln 2 (binary cross-entropy). */
const BINARY_CHANCE_LOSS = Math.LN2;

export function knownOptimizerOf(spec: RunSpec['optimizer']): { optimizer: KnownOptimizer; framework: 'pytorch' | 'keras' } {
  const resolved = resolveOptimizerSpec(spec);
  const keras = resolved.convention === 'keras';
  const optimizer: KnownOptimizer = { name: resolved.name, lr: resolved[lrKey(resolved.convention)] as number };
  if (typeof resolved.momentum === 'number') optimizer.momentum = resolved.momentum;
  if (typeof resolved.nesterov === 'boolean') optimizer.nesterov = resolved.nesterov;
  if (BETA_OPTIMIZERS.has(resolved.name)) {
    const betas = keras ? [resolved.beta_1, resolved.beta_2] : (resolved.betas as [number, number]);
    optimizer.beta1 = betas[0] as number;
    optimizer.beta2 = betas[1] as number;
  }
  return { optimizer, framework: keras ? 'keras' : 'pytorch' };
}

/**
 * Steps of learning-rate ramp-up the schedule already has: linear_warmup and warmup_cosine's warm-up, and
 * OneCycleLR's rising phase (pct_start * total_steps), which is a warm-up in all but name.
 */
export function warmupStepsOf(schedule: ScheduleSpec | undefined): number {
  if (!schedule) return 0;
  switch (schedule.name) {
    case 'linear_warmup':
    case 'warmup_cosine':
      return schedule.warmup_steps;
    case 'one_cycle':
      return Math.round((schedule.pct_start ?? 0.3) * schedule.total_steps);
    default:
      return 0;
  }
}

/** The gradient-norm threshold of a norm clipping (PyTorch max_norm, Keras global or per-variable clipnorm). */
export function clipNormOf(clip: ClipSpec | undefined): number | undefined {
  if (!clip) return undefined;
  return clip.max_norm ?? clip.global_clipnorm ?? clip.clipnorm;
}

function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) {
    min = Math.min(min, values[k]);
    max = Math.max(max, values[k]);
  }
  // Jacobi leaves round-off of order 1e-16*max on a singular A's zero eigenvalue: it is a zero.
  return { min: Math.max(0, min), max };
}

/** The Hessian's eigenvalue range of a quadratic problem, undefined for every other problem. */
export function curvatureOf(problem: ProblemSpec): { min: number; max: number } | undefined {
  if (problem.name === 'ill-conditioned-quadratic') return range(problem.eigenvalues ?? ILL_CONDITIONED_DEFAULT);
  if (problem.name !== 'quadratic') return undefined;
  if (problem.A) {
    const n = problem.A.length;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (problem.A[i][j] + problem.A[j][i]);
    return range(symmetricEigen(a, n).values);
  }
  return range(problem.eigenvalues ?? QUADRATIC_DEFAULT);
}

/**
 * The Hessian's range at the start point of a 2-D problem (the whole Hessian is measured there), undefined for
 * larger problems other than the networks below.
 */
function startCurvature(problem: Problem): { min: number; max: number } | undefined {
  if (problem.dim !== 2) return undefined;
  const c = localCurvature(problem, problem.start);
  return c && Number.isFinite(c.min) ? { min: c.min, max: c.max } : undefined;
}

/**
 * Most sample x parameter products the start-sharpness probe may cost (2 POWER_STEPS full-batch gradients, each
 * a forward and backward pass): 2e8 is about a second on the 2-core build machine (measured: 4,000 samples x a
 * 64-64 net's 4,417 parameters x 40 = 7.1e8 took 3.9 s CPU). The corpus's moons net is 200 x 337 x 40 = 2.7e6.
 * Bigger networks go without (their stall fix keeps the blind 10x cap): diagnosing a run must not cost more than
 * a moment on top of it.
 */
export const MAX_SHARPNESS_WORK = 2e8;

/**
 * A dataset problem's (MLP, logistic regression) top Hessian eigenvalue at the start, of the FULL-batch loss: a
 * twin of the problem with batch_size = n_samples (same data, same seed) takes the power iteration's
 * Hessian-vector products at the run's start point (POWER_STEPS products, 2 gradients each, once per run). The
 * minibatch's own Hessian would change with the batch drawn; the full batch's is the loss the run descends.
 * min stays NaN (not measured), which tells the fixes this is a network's start sharpness, not a whole Hessian:
 * a network's sharpness grows in training, so only the stall raise uses it, with a margin (fixes/stallFixes.ts).
 */
function startSharpness(spec: RunSpec, problem: Problem): { min: number; max: number } | undefined {
  const resolved = resolveProblemSpec(spec.problem);
  if (resolved.name !== 'mlp' && resolved.name !== 'logistic_regression') return undefined;
  const n = resolved.n_samples;
  if (n === undefined || 2 * POWER_STEPS * n * problem.dim > MAX_SHARPNESS_WORK) return undefined;
  const full = resolved.batch_size === n ? problem : createProblem({ ...resolved, batch_size: n });
  const c = localCurvature(full, problem.start);
  return c ? { min: NaN, max: c.max } : undefined;
}

/**
 * The context of a run spec trained on `problem` (built from spec.problem).
 * minimumLoss is left out for the dataset problems (logistic regression, MLP): their minimumLoss is the
 * logistic loss's lower bound 0, reached only on separable data in the limit, so a run that has converged
 * at 0.3 on overlapping classes would look "far from its floor" and be called a stall. Their chance level
 * (ln 2) is what tells a stuck classifier instead.
 */
export function runContextOf(spec: RunSpec, problem: Problem): RunContext {
  const { optimizer, framework } = knownOptimizerOf(spec.optimizer);
  const context: RunContext = {
    optimizer,
    framework,
    warmupSteps: warmupStepsOf(spec.schedule),
    totalSteps: spec.steps,
  };
  const clipNorm = clipNormOf(spec.clip);
  if (clipNorm !== undefined) context.clipNorm = clipNorm;
  const curvature = curvatureOf(spec.problem);
  if (curvature) context.curvature = curvature;
  else {
    const local = startCurvature(problem) ?? startSharpness(spec, problem);
    if (local) context.localCurvature = local;
  }
  const classifier = spec.problem.name === 'logistic_regression' || spec.problem.name === 'mlp';
  if (classifier) context.chanceLoss = BINARY_CHANCE_LOSS;
  else if (Number.isFinite(problem.minimumLoss)) context.minimumLoss = problem.minimumLoss;
  return context;
}
