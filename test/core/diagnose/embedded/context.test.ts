import * as assert from 'node:assert/strict';
import { runContextOf } from '../../../../src/core/diagnose/embedded/context';
import { createProblem } from '../../../../src/core/problems';
import type { ProblemSpec } from '../../../../src/core/problems/types';
import { parseRunSpecs, type RunSpec } from '../../../../src/core/train/spec';

function spec(raw: Record<string, unknown>): RunSpec {
  return parseRunSpecs({ steps: 100, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.01 }, ...raw })[0];
}

function contextOf(raw: Record<string, unknown>) {
  const s = spec(raw);
  return runContextOf(s, createProblem(s.problem));
}

describe('runContextOf', () => {
  it('reads the optimizer as the framework resolves it: PyTorch SGD with momentum and nesterov', () => {
    const c = contextOf({ optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true } });
    assert.deepEqual(c.optimizer, { name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true });
    assert.equal(c.framework, 'pytorch');
    assert.equal(c.totalSteps, 100);
  });

  it('gives Adam-like optimizers beta1/beta2 (defaults written out), Keras spellings included', () => {
    assert.deepEqual(contextOf({ optimizer: { name: 'adam' } }).optimizer, { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 });
    const keras = contextOf({ optimizer: { name: 'adam', convention: 'keras', learning_rate: 0.02, beta_1: 0.8 } });
    assert.deepEqual(keras.optimizer, { name: 'adam', lr: 0.02, beta1: 0.8, beta2: 0.999 });
    assert.equal(keras.framework, 'keras');
    const sgdKeras = contextOf({ optimizer: { name: 'sgd', convention: 'keras', momentum: 0.5 } });
    assert.deepEqual(sgdKeras.optimizer, { name: 'sgd', lr: 0.01, momentum: 0.5, nesterov: false });
  });

  it('reports the warm-up and the norm clipping in use, and none when there is none', () => {
    assert.equal(contextOf({}).warmupSteps, 0);
    assert.equal(contextOf({}).clipNorm, undefined);
    assert.equal(contextOf({ schedule: { name: 'linear_warmup', warmup_steps: 40 } }).warmupSteps, 40);
    assert.equal(contextOf({ schedule: { name: 'warmup_cosine', warmup_steps: 10, total_steps: 100 } }).warmupSteps, 10);
    assert.equal(contextOf({ schedule: { name: 'one_cycle', total_steps: 100, pct_start: 0.25 } }).warmupSteps, 25);
    assert.equal(contextOf({ schedule: { name: 'cosine', t_max: 100 } }).warmupSteps, 0);
    assert.equal(contextOf({ clip: { max_norm: 2.5 } }).clipNorm, 2.5);
    assert.equal(contextOf({ optimizer: { name: 'sgd', convention: 'keras' }, clip: { global_clipnorm: 3 } }).clipNorm, 3);
    assert.equal(contextOf({ clip: { clip_value: 0.5 } }).clipNorm, undefined, 'value clipping is not a norm threshold');
  });

  it('knows the Hessian spectrum of the quadratics: given eigenvalues, defaults, and a matrix A', () => {
    assert.deepEqual(contextOf({}).curvature, { min: 1, max: 100 });
    assert.deepEqual(contextOf({ problem: { name: 'ill-conditioned-quadratic', eigenvalues: [50, 2] } }).curvature, { min: 2, max: 50 });
    assert.deepEqual(contextOf({ problem: { name: 'quadratic' } }).curvature, { min: 1, max: 10 });
    assert.deepEqual(contextOf({ problem: { name: 'quadratic', eigenvalues: [3, 0.5, 7], rotate: true } }).curvature, { min: 0.5, max: 7 });
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const fromA = contextOf({ problem: { name: 'quadratic', A: [[2, 1], [1, 2]] } }).curvature!;
    assert.ok(Math.abs(fromA.min - 1) < 1e-12 && Math.abs(fromA.max - 3) < 1e-12, JSON.stringify(fromA));
    // A singular A: its zero eigenvalue is exactly 0, not round-off below it.
    const singular = contextOf({ problem: { name: 'quadratic', A: [[1, 1], [1, 1]] } }).curvature!;
    assert.equal(singular.min, 0);
    assert.ok(Math.abs(singular.max - 2) < 1e-12);
    assert.equal(contextOf({ problem: { name: 'rosenbrock' } }).curvature, undefined);
  });

  it('takes the loss floor from the problem, and chance level (ln 2) instead for the classifiers', () => {
    const shifted: ProblemSpec = { name: 'quadratic', eigenvalues: [1, 4], b: [1, 2] };
    const c = contextOf({ problem: shifted });
    // f* = -0.5 b^T A^-1 b = -0.5 (1 + 4/4) = -1.
    assert.ok(Math.abs(c.minimumLoss! + 1) < 1e-12, String(c.minimumLoss));
    assert.equal(c.chanceLoss, undefined);
    for (const name of ['logistic_regression', 'mlp']) {
      const k = contextOf({ problem: { name }, optimizer: { name: 'adam', lr: 0.01 } });
      assert.equal(k.chanceLoss, Math.LN2, name);
      assert.equal(k.minimumLoss, undefined, `${name}: 0 is only the bound of the logistic loss, not a floor runs reach`);
      assert.equal(k.curvature, undefined);
    }
  });
});
