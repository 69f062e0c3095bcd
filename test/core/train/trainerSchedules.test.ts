import * as assert from 'node:assert/strict';
import { createSchedule } from '../../../src/core/optim';
import type { Problem } from '../../../src/core/problems/types';
import { SpecError } from '../../../src/core/specError';
import { train } from '../../../src/core/train/trainer';
import { assertClose } from '../helpers';
import { diagonalQuadratic } from './localProblems';

const opts = { tolerance: 0 };

/** Largest ||a_k - b_k|| / ||b_k|| over the rows of two params columns (dim 3). */
function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let w = 0;
  for (let k = 0; k < a.length / 3; k++) {
    let d = 0;
    let n = 0;
    for (let i = 3 * k; i < 3 * k + 3; i++) {
      d += (a[i] - b[i]) ** 2;
      n += b[i] ** 2;
    }
    w = Math.max(w, Math.sqrt(d / n));
  }
  return w;
}

describe('trainer: schedules, plateau, clipping, conventions', () => {
  describe('PyTorch and Keras momentum', () => {
    const problem = diagonalQuadratic([1, 10, 50], [1, -2, 0.5]);
    const torch = { name: 'sgd' as const, lr: 0.01, momentum: 0.9 };
    const keras = { name: 'sgd' as const, convention: 'keras' as const, lr: 0.01, momentum: 0.9 };

    it('give identical trajectories at constant lr (v_keras = -lr * b_torch)', () => {
      const a = train(problem, { label: 'torch', optimizer: torch }, 200, opts);
      const b = train(problem, { label: 'keras', optimizer: keras }, 200, opts);
      assert.ok(maxRelDiff(a.params, b.params) < 1e-12, `${maxRelDiff(a.params, b.params)}`);
      for (let k = 1; k <= 200; k++) assertClose(b.velocityNorm[k], 0.01 * a.velocityNorm[k], 1e-12);
    });

    it('differ under warm-up: PyTorch rescales the whole buffer by the new lr, Keras only the new term', () => {
      const schedule = { name: 'linear_warmup' as const, warmup_steps: 10 };
      const a = train(problem, { label: 'torch', optimizer: torch, schedule }, 50, opts);
      const b = train(problem, { label: 'keras', optimizer: keras, schedule }, 50, opts);
      assert.deepEqual(Array.from(a.lr), Array.from(b.lr));
      // Update 1 is the same (lr_1 * g0); update 2 differs by mu * g0 * (lr_2 - lr_1) per coordinate.
      const g0 = [1 * 1, 10 * -2, 50 * 0.5];
      for (let i = 0; i < 3; i++) assertClose(a.params[3 + i], b.params[3 + i], 1e-15);
      const x1 = [0, 1, 2].map((i) => a.params[3 + i]);
      const g1 = [1 * x1[0], 10 * x1[1], 50 * x1[2]];
      for (let i = 0; i < 3; i++) {
        const torchStep = -0.002 * (0.9 * g0[i] + g1[i]);
        const kerasStep = 0.9 * (-0.001 * g0[i]) - 0.002 * g1[i];
        assertClose(a.params[6 + i], x1[i] + torchStep, 1e-12);
        assertClose(b.params[6 + i], x1[i] + kerasStep, 1e-12);
      }
      assert.ok(maxRelDiff(a.params, b.params) > 1e-3);
    });
  });

  it('records the scheduled lr of each update in the lr column and uses it', () => {
    const problem = diagonalQuadratic([2]);
    const schedule = { name: 'cosine' as const, t_max: 20, eta_min: 0.01 };
    const t = train(problem, { label: 'cos', optimizer: { name: 'sgd', lr: 0.1 }, schedule }, 20, opts);
    const s = createSchedule(schedule, 0.1);
    let x = 1;
    for (let k = 1; k <= 20; k++) {
      assert.equal(t.lr[k], s(k));
      x = x - s(k) * 2 * x;
      assertClose(t.params[k], x, 1e-12);
    }
  });

  it('one_cycle: more updates than total_steps is an error, as OneCycleLR raises', () => {
    const problem = diagonalQuadratic([2]);
    assert.throws(() => train(problem, { label: 'x', optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'one_cycle', total_steps: 10 } }, 11, opts),
      (e: unknown) => e instanceof SpecError && /Tried to step 11 times/.test(e.message));
    train(problem, { label: 'x', optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'one_cycle', total_steps: 10 } }, 10, opts);
  });

  it('ReduceLROnPlateau is stepped after each update with the loss computed before it (a PyTorch loop)', () => {
    // A flat loss never improves: after update 1 the scheduler sees f(x0) (best), after update 2 it sees
    // the same value again (bad epoch 1 > patience 0) and halves the lr, which update 3 is the first to use.
    const flat: Problem = {
      ...diagonalQuadratic([0]),
      lossAndGrad(_x, g) {
        g.fill(0);
        return 1;
      },
      loss: () => 1,
    };
    const t = train(flat, { label: 'p', optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'reduce_on_plateau', patience: 0, factor: 0.5 } }, 5, opts);
    assert.deepEqual(Array.from(t.lr).slice(1), [0.1, 0.1, 0.05, 0.025, 0.0125]);
  });

  it('clips before the optimizer: torch max_norm over all parameters, Keras clipnorm per problem variable', () => {
    const base = diagonalQuadratic([3, 4, 1], [1, 1, 1]); // gradient at the start (3, 4, 1)
    const problem: Problem = { ...base, variables: [{ name: 'W', offset: 0, length: 2 }, { name: 'b', offset: 2, length: 1 }] };
    const torch = train(problem, { label: 'c', optimizer: { name: 'sgd', lr: 1 }, clip: { max_norm: 1 } }, 1, opts);
    const coef = 1 / (Math.hypot(3, 4, 1) + 1e-6);
    [3, 4, 1].forEach((g, i) => assertClose(torch.params[3 + i], 1 - g * coef, 1e-12));
    assertClose(torch.gradNorm[0], Math.hypot(3, 4, 1)); // the recorded gradient norm is before clipping
    const keras = train(problem, { label: 'c', optimizer: { name: 'sgd', convention: 'keras', lr: 1 }, clip: { clipnorm: 1 } }, 1, opts);
    [0.6, 0.8, 1].forEach((g, i) => assertClose(keras.params[3 + i], 1 - g, 1e-12));
  });

  it('stochastic problems: lossAndGrad gets the 1-based update count, the loss column is the full objective', () => {
    const steps: number[] = [];
    const base = diagonalQuadratic([1]);
    const noisy: Problem = {
      ...base,
      stochastic: true,
      lossAndGrad(x, g, step) {
        steps.push(step);
        g[0] = x[0] + (step % 2 === 0 ? 0.5 : -0.5); // deterministic "noise" from the step
        return 99; // a minibatch loss, not what the loss column should show
      },
    };
    const t = train(noisy, { label: 's', optimizer: { name: 'sgd', lr: 0.1 } }, 3, opts);
    assert.deepEqual(steps, [1, 2, 3, 4]); // the gradient for update k is drawn with step k (row 3's is for a 4th)
    let x = 1;
    for (let k = 1; k <= 3; k++) {
      x = x - 0.1 * (x + (k % 2 === 0 ? 0.5 : -0.5));
      assertClose(t.params[k], x, 1e-14);
      assertClose(t.loss[k], 0.5 * x * x, 1e-14);
    }
    const minibatch = train(noisy, { label: 's', optimizer: { name: 'sgd', lr: 0.1 } }, 3, { tolerance: 0, recordFullLoss: false });
    assert.equal(minibatch.loss[3], 99);
  });
});
