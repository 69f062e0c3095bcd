import * as assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems/types';

/** Central differences of the full loss, h scaled to the point: error O(h^2). */
export function numericGradient(problem: Problem, x: Float64Array, h = 1e-5): Float64Array {
  const out = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const step = h * Math.max(1, Math.abs(x[i]));
    probe[i] = x[i] + step;
    const plus = problem.loss(probe);
    probe[i] = x[i] - step;
    const minus = problem.loss(probe);
    probe[i] = x[i];
    out[i] = (plus - minus) / (2 * step);
  }
  return out;
}

/** Analytic gradient (step 1) equals central differences within `tol` relative to max(1, |g|). */
export function assertGradientMatches(problem: Problem, x: Float64Array, tol = 1e-6, h = 1e-5): void {
  const g = new Float64Array(problem.dim);
  problem.lossAndGrad(x, g, 1);
  const numeric = numericGradient(problem, x, h);
  for (let i = 0; i < problem.dim; i++) {
    const scale = Math.max(1, Math.abs(g[i]));
    assert.ok(Math.abs(g[i] - numeric[i]) <= tol * scale,
      `${problem.title}: d/dx${i} at [${Array.from(x.slice(0, 4))}...]: analytic ${g[i]}, numeric ${numeric[i]}`);
  }
}

export type Method = 'gd' | 'heavy-ball' | 'adam';

/**
 * A reference optimizer loop independent of src/core/optim (gradient descent, heavy ball with beta 0.9,
 * Adam with PyTorch's defaults), returning every iterate: 2 * (steps + 1) numbers.
 */
export function path(problem: Problem, method: Method, lr: number, steps: number): Float64Array {
  const n = problem.dim;
  const x = Float64Array.from(problem.start);
  const g = new Float64Array(n);
  const v = new Float64Array(n);
  const s = new Float64Array(n);
  const out = new Float64Array(n * (steps + 1));
  out.set(x, 0);
  for (let t = 1; t <= steps; t++) {
    problem.lossAndGrad(x, g, t);
    for (let i = 0; i < n; i++) {
      if (method === 'gd') {
        x[i] -= lr * g[i];
      } else if (method === 'heavy-ball') {
        v[i] = 0.9 * v[i] + g[i];
        x[i] -= lr * v[i];
      } else {
        v[i] = 0.9 * v[i] + 0.1 * g[i];
        s[i] = 0.999 * s[i] + 0.001 * g[i] * g[i];
        x[i] -= (lr * v[i]) / (1 - 0.9 ** t) / (Math.sqrt(s[i] / (1 - 0.999 ** t)) + 1e-8);
      }
    }
    out.set(x, n * t);
  }
  return out;
}

/** |actual - expected| <= rel * max(1, |expected|). */
export function assertClose(actual: number, expected: number, rel = 1e-12, what = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what ? what + ': ' : ''}expected ${expected}, got ${actual} (difference ${actual - expected})`);
}
