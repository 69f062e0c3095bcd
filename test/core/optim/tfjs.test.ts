/**
 * Cross-check against TensorFlow.js 4.22 (tfjs-core + CPU backend, float32) wherever it implements the same
 * rule as one of our conventions. Each tfjs optimizer's rule was read from its source
 * (node_modules/@tensorflow/tfjs-core/dist/optimizers/*_optimizer.js) and is restated in its test.
 *
 * Both sides get the gradient of the same float64 objective, evaluated at their own current parameters, for
 * 50 updates. Tolerance: tfjs stores parameters and optimizer state in float32 (unit roundoff 6e-8); each
 * update adds a few roundings of relative size ~1e-7 and the contracting problems below do not amplify them,
 * so the trajectories agree to about 1e-6 relative. We assert 1e-5 * max(1, |x|), and show, for the rules
 * where the conventions differ, that the other convention misses by far more than that (so the check
 * discriminates between them).
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createOptimizer, optimizerLearningRate } from '../../../src/core/optim';
import type { OptimizerSpec } from '../../../src/core/optim/types';

const STEPS = 50;
const TOLERANCE = 1e-5;

type Grad = (x: Float64Array, g: Float64Array) => void;

/** f = 0.5 x^T A x with A = [[3, 1], [1, 2]] (eigenvalues 1.38 and 3.62): a rotated quadratic. */
const quadratic: Grad = (x, g) => {
  g[0] = 3 * x[0] + x[1];
  g[1] = x[0] + 2 * x[1];
};
/** Rosenbrock (a = 1, b = 100). */
const rosenbrock: Grad = (x, g) => {
  g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
  g[1] = 200 * (x[1] - x[0] * x[0]);
};

function runTfjs(make: () => tf.Optimizer, grad: Grad, start: number[]): number[][] {
  const v = tf.variable(tf.tensor1d(start, 'float32'));
  const opt = make();
  const x = new Float64Array(start.length);
  const g = new Float64Array(start.length);
  const rows: number[][] = [];
  for (let k = 0; k < STEPS; k++) {
    x.set(v.dataSync());
    grad(x, g);
    const gt = tf.tensor1d(Array.from(g), 'float32');
    opt.applyGradients({ [v.name]: gt });
    gt.dispose();
    rows.push(Array.from(v.dataSync()));
  }
  opt.dispose();
  v.dispose();
  return rows;
}

function runOurs(spec: OptimizerSpec, grad: Grad, start: number[]): number[][] {
  const opt = createOptimizer(spec);
  const x = Float64Array.from(start);
  const g = new Float64Array(start.length);
  const state = opt.init(x);
  const ctx = { t: 0, lr: optimizerLearningRate(spec) };
  const rows: number[][] = [];
  for (let k = 1; k <= STEPS; k++) {
    grad(x, g);
    ctx.t = k;
    opt.update(g, state, x, ctx);
    for (let i = 0; i < x.length; i++) x[i] += g[i];
    rows.push(Array.from(x));
  }
  return rows;
}

/** Largest |ours - tfjs| / max(1, |tfjs|) over the trajectory. */
function worst(ours: number[][], theirs: number[][]): number {
  let w = 0;
  ours.forEach((row, k) => row.forEach((a, i) => {
    const b = theirs[k][i];
    w = Math.max(w, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  }));
  return w;
}

function same(spec: OptimizerSpec, make: () => tf.Optimizer, grad: Grad, start: number[]): number {
  const err = worst(runOurs(spec, grad, start), runTfjs(make, grad, start));
  if (process.env.OPTLENS_TFJS_REPORT) console.log(`      ${spec.name} ${spec.convention ?? 'pytorch'}: worst relative difference ${err.toExponential(2)}`);
  assert.ok(err <= TOLERANCE, `relative difference ${err} > ${TOLERANCE}`);
  return err;
}

function differs(spec: OptimizerSpec, make: () => tf.Optimizer, grad: Grad, start: number[]): void {
  const err = worst(runOurs(spec, grad, start), runTfjs(make, grad, start));
  assert.ok(err > 100 * TOLERANCE, `expected the other convention to miss by far more than the tolerance, got ${err}`);
}

describe('cross-check against TensorFlow.js (CPU, float32)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('tf.train.sgd = plain SGD (both conventions): x <- x - lr*g', () => {
    same({ name: 'sgd', lr: 0.1 }, () => tf.train.sgd(0.1), quadratic, [3, -2]);
    same({ name: 'sgd', convention: 'keras', learning_rate: 0.1 }, () => tf.train.sgd(0.1), quadratic, [3, -2]);
  });

  it("tf.train.momentum = PyTorch's buffer form (a <- m*a + g; x <- x - lr*a), equal to Keras's velocity form at constant lr", () => {
    same({ name: 'sgd', lr: 0.05, momentum: 0.9 }, () => tf.train.momentum(0.05, 0.9), quadratic, [3, -2]);
    same({ name: 'sgd', convention: 'keras', lr: 0.05, momentum: 0.9 }, () => tf.train.momentum(0.05, 0.9), quadratic, [3, -2]);
    same({ name: 'sgd', lr: 1e-4, momentum: 0.9 }, () => tf.train.momentum(1e-4, 0.9), rosenbrock, [-1.2, 1]);
  });

  it("tf.train.momentum(useNesterov) = PyTorch Nesterov (x <- x - lr*(g + m*a)) = Keras nesterov at constant lr", () => {
    same({ name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, () => tf.train.momentum(0.05, 0.9, true), quadratic, [3, -2]);
    same({ name: 'sgd', convention: 'keras', lr: 0.05, momentum: 0.9, nesterov: true }, () => tf.train.momentum(0.05, 0.9, true), quadratic, [3, -2]);
  });

  it("tf.train.adam = PyTorch's rule: eps added to sqrt(v/(1-b2^t)) (bias-corrected), not Keras's epsilon-hat", () => {
    // A large epsilon makes the two placements visibly different. beta2 = 1 - 2^-10 is exact in float32: with
    // 0.999 (stored by tfjs as 0.99900001287) the cancellation in 1 - beta2^t turns that 1.3e-8 representation
    // error into ~1e-5 in the bias correction after 50 steps, a float32 artefact rather than a rule difference.
    const eps = 1e-2;
    const b2 = 1 - 2 ** -10;
    same({ name: 'adam', lr: 0.05, betas: [0.9, b2], eps }, () => tf.train.adam(0.05, 0.9, b2, eps), quadratic, [3, -2]);
    same({ name: 'adam', lr: 0.01, betas: [0.9, b2], eps: 1e-7 }, () => tf.train.adam(0.01, 0.9, b2, 1e-7), rosenbrock, [-1.2, 1]);
    differs({ name: 'adam', convention: 'keras', lr: 0.05, beta_2: b2, epsilon: eps }, () => tf.train.adam(0.05, 0.9, b2, eps), quadratic, [3, -2]);
  });

  it("tf.train.rmsprop = Keras's rule: lr*g/sqrt(v + eps), epsilon inside the square root (PyTorch adds it outside)", () => {
    const eps = 0.1;
    same({ name: 'rmsprop', convention: 'keras', lr: 0.01, rho: 0.9, epsilon: eps }, () => tf.train.rmsprop(0.01, 0.9, 0, eps), quadratic, [3, -2]);
    differs({ name: 'rmsprop', lr: 0.01, alpha: 0.9, eps }, () => tf.train.rmsprop(0.01, 0.9, 0, eps), quadratic, [3, -2]);
  });

  it('tf.train.rmsprop with momentum = Keras (m <- mu*m + lr*g/sqrt(v + eps); x <- x - m)', () => {
    same({ name: 'rmsprop', convention: 'keras', lr: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7 }, () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7), quadratic, [3, -2]);
  });

  it('tf.train.rmsprop centered = Keras centered up to epsilon: tfjs computes sqrt(v - (ga^2 + eps)), Keras sqrt(v - ga^2 + eps)', () => {
    // tfjs subtracts epsilon where Keras adds it; with eps = 1e-10 that 2e-10 shift is far below the float32
    // tolerance, so this checks the centring (running mean of g inside the root), not the epsilon.
    same({ name: 'rmsprop', convention: 'keras', lr: 0.01, rho: 0.9, centered: true, epsilon: 1e-10 }, () => tf.train.rmsprop(0.01, 0.9, 0, 1e-10, true), quadratic, [3, -2]);
  });

  it("tf.train.adagrad = Keras's rule and defaults: accumulator from 0.1, lr*g/sqrt(acc + 1e-7) (tfjs uses the backend epsilon 1e-7)", () => {
    same({ name: 'adagrad', convention: 'keras', lr: 0.1 }, () => tf.train.adagrad(0.1, 0.1), quadratic, [3, -2]);
  });

  it('tf.train.adadelta is NOT the same rule: it divides by the accumulator from BEFORE this gradient', () => {
    // tfjs: updates = sqrt(u + eps)/sqrt(accGrad_old + eps)*g, so its first step is lr*g exactly
    // (both accumulators start at 0); Zeiler, PyTorch and Keras use the accumulator updated with g first,
    // so their first step is lr*sqrt(eps)/sqrt((1-rho)g^2 + eps)*g. We follow the frameworks, not tfjs.
    const lr = 1, rho = 0.95, eps = 1e-6, g0 = 3 * 3 + -2; // gradient of the quadratic at (3, -2), first coordinate
    const tfFirst = runTfjs(() => tf.train.adadelta(lr, rho, eps), quadratic, [3, -2])[0][0];
    const oursFirst = runOurs({ name: 'adadelta', convention: 'keras', lr, rho, epsilon: eps }, quadratic, [3, -2])[0][0];
    assert.ok(Math.abs(tfFirst - (3 - lr * g0)) < 1e-5);
    assert.ok(Math.abs(oursFirst - (3 - (lr * Math.sqrt(eps) * g0) / Math.sqrt((1 - rho) * g0 * g0 + eps))) < 1e-12);
  });
});
