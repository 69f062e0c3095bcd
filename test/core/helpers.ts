import * as assert from 'node:assert/strict';
import type { GradientTransform, OptimizerSpec } from '../../src/core/optim/types';
import { createOptimizer, optimizerLearningRate } from '../../src/core/optim';

/** |actual - expected| <= rel * max(1, |expected|): tight enough that any formula slip fails. */
export function assertClose(actual: number, expected: number, rel = 1e-12, what = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what ? what + ': ' : ''}expected ${expected}, got ${actual} (difference ${actual - expected})`,
  );
}

export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-12, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], rel, `${what}[${i}]`);
}

/**
 * Applies `grads.length` updates of the optimizer to `start`, feeding it the given gradients in
 * order (a gradient may depend on nothing: the tests choose them so the arithmetic stays readable),
 * and returns the parameters after each update.
 */
export function applyUpdates(spec: OptimizerSpec, start: number[], grads: number[][]): { rows: number[][]; opt: GradientTransform; state: object } {
  const opt = createOptimizer(spec);
  const params = Float64Array.from(start);
  const state = opt.init(params);
  const rows: number[][] = [];
  const lr = optimizerLearningRate(spec);
  let t = 0;
  for (const grad of grads) {
    const g = Float64Array.from(grad);
    opt.update(g, state, params, { t: ++t, lr });
    for (let i = 0; i < params.length; i++) params[i] += g[i];
    rows.push(Array.from(params));
  }
  return { rows, opt, state };
}
