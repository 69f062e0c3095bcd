/**
 * The curvature of an embedded problem at a point, measured from its gradient (the problem is known, so nothing
 * has to be guessed from a blow-up or a plateau): the fixes then size a learning rate by the exact stability
 * bound alpha*lambda < 2 + 2*beta (../stability.ts) instead of a blind decade.
 * - 2-D problems: the whole Hessian by central differences of the gradient, symmetrised; its two eigenvalues in
 *   closed form.
 * - Larger problems (the MLP): the largest eigenvalue by power iteration on Hessian-vector products, each a
 *   central difference of two gradients along the vector; the smallest stays unknown (NaN).
 * A stochastic problem's gradient is a minibatch's: both gradients of a difference use the same minibatch (the
 * same `step`), so the product is that minibatch's Hessian times v, whose top eigenvalue bounds what a step of
 * that size meets (at least the full batch's on average). The probe allocates a few vectors per call: it runs
 * once per run, not per point.
 */
import type { Problem } from '../../problems/types';

export interface LocalCurvature {
  /** Largest Hessian eigenvalue at the point (> 0 when the measurement is usable). */
  max: number;
  /** Smallest eigenvalue (may be <= 0: a saddle or a flat direction); NaN when not measured (dim > 2). */
  min: number;
}

/** Relative finite-difference step, x the point's scale: about the cube root of machine epsilon, where a central difference's truncation and round-off errors balance. */
const FD_RELATIVE = 1e-5;

/** Power-iteration steps for the top eigenvalue: the estimate is a lower bound that tightens each step; 20 settle it to a few % on the corpus problems. */
export const POWER_STEPS = 20;

/** Largest problem the probe runs on (dimensions): 2 x POWER_STEPS gradients of this size stay well under a run's cost. */
export const MAX_PROBE_DIM = 100_000;

function scaleOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]));
  return Math.max(1, s);
}

/** H v ~ (g(x + h v) - g(x - h v)) / 2h, written into out; v has unit norm. */
function hessianTimes(problem: Problem, x: Float64Array, v: Float64Array, h: number, step: number, out: Float64Array, scratch: { xp: Float64Array; gp: Float64Array; gm: Float64Array }): void {
  const { xp, gp, gm } = scratch;
  for (let i = 0; i < x.length; i++) xp[i] = x[i] + h * v[i];
  problem.lossAndGrad(xp, gp, step);
  for (let i = 0; i < x.length; i++) xp[i] = x[i] - h * v[i];
  problem.lossAndGrad(xp, gm, step);
  for (let i = 0; i < x.length; i++) out[i] = (gp[i] - gm[i]) / (2 * h);
}

function finite(c: LocalCurvature): LocalCurvature | undefined {
  return c.max > 0 && Number.isFinite(c.max) ? c : undefined;
}

/** The Hessian's eigenvalue range at x (see the file comment); undefined when it cannot be measured or is not positive. */
export function localCurvature(problem: Problem, x: Float64Array, step = 1): LocalCurvature | undefined {
  const n = problem.dim;
  if (n < 1 || n > MAX_PROBE_DIM || x.length !== n) return undefined;
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return undefined;
  const h = FD_RELATIVE * scaleOf(x);
  const scratch = { xp: new Float64Array(n), gp: new Float64Array(n), gm: new Float64Array(n) };
  const v = new Float64Array(n);
  const hv = new Float64Array(n);
  if (n === 2) {
    v[0] = 1;
    hessianTimes(problem, x, v, h, step, hv, scratch);
    const a = hv[0];
    const b1 = hv[1];
    v[0] = 0;
    v[1] = 1;
    hessianTimes(problem, x, v, h, step, hv, scratch);
    const b = 0.5 * (b1 + hv[0]);
    const d = hv[1];
    const mean = 0.5 * (a + d);
    const radius = Math.hypot(0.5 * (a - d), b);
    return finite({ max: mean + radius, min: mean - radius });
  }
  // Power iteration from a fixed, dense start (deterministic): v <- Hv / |Hv|, lambda = v.Hv.
  for (let i = 0; i < n; i++) v[i] = 1 + ((i * 7919) % 13) / 13;
  let lambda = NaN;
  for (let it = 0; it < POWER_STEPS; it++) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
    for (let i = 0; i < n; i++) v[i] /= norm;
    hessianTimes(problem, x, v, h, step, hv, scratch);
    let dot = 0;
    for (let i = 0; i < n; i++) dot += v[i] * hv[i];
    lambda = dot;
    v.set(hv);
  }
  return finite({ max: Math.abs(lambda), min: NaN });
}
