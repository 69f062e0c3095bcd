import * as assert from 'node:assert/strict';
import { createProblem } from '../../../src/core/problems';
import { CancelledError } from '../../../src/core/train/cancelled';
import { divergenceThreshold } from '../../../src/core/train/divergence';
import { train } from '../../../src/core/train/trainer';
import type { OptimizerSpec } from '../../../src/core/optim/types';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { assertClose } from '../helpers';

const QUADRATIC: ProblemSpec = { name: 'ill-conditioned-quadratic' }; // eigenvalues 1 and 100
const quadratic = createProblem(QUADRATIC);

function run(optimizer: OptimizerSpec, steps: number, spec: ProblemSpec = QUADRATIC, tolerance = 1e-4) {
  return train(createProblem(spec), { label: 'run', optimizer }, steps, { tolerance });
}

function norm2(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

describe('trainer', () => {
  it('records steps + 1 rows: row 0 is the start, row k is after update k', () => {
    const t = run({ name: 'sgd', lr: 0.01, momentum: 0.9 }, 50);
    assert.equal(t.stepsRequested, 50);
    assert.equal(t.stepsRun, 50);
    for (const column of [t.loss, t.gradNorm, t.updateNorm, t.velocityNorm, t.lr]) assert.equal(column.length, 51);
    assert.equal(t.params.length, 51 * 2);
    assert.equal(t.dim, 2);
    assert.deepEqual(Array.from(t.params.subarray(0, 2)), [-4, 0]);
    assert.equal(t.loss[0], quadratic.loss(quadratic.start));
    assert.ok(Number.isNaN(t.updateNorm[0]) && Number.isNaN(t.velocityNorm[0]) && Number.isNaN(t.lr[0]));
    assert.equal(t.lr[1], 0.01);
    assert.equal(t.lr[50], 0.01);
  });

  it('row 1 of plain SGD is start - lr * gradient(start), and the columns describe it', () => {
    const lr = 0.01;
    const t = run({ name: 'sgd', lr }, 3);
    const g0 = new Float64Array(2);
    quadratic.lossAndGrad(quadratic.start, g0, 1);
    const x1 = -4 - lr * g0[0];
    const y1 = 0 - lr * g0[1];
    assertClose(t.params[2], x1);
    assertClose(t.params[3], y1);
    assertClose(t.updateNorm[1], lr * norm2(g0[0], g0[1]));
    assertClose(t.gradNorm[0], norm2(g0[0], g0[1]));
    const g1 = new Float64Array(2);
    assertClose(t.loss[1], quadratic.lossAndGrad(Float64Array.of(x1, y1), g1, 1));
    assertClose(t.gradNorm[1], norm2(g1[0], g1[1]));
    assert.equal(t.hasVelocity, false);
    assert.ok(Array.from(t.velocityNorm).every(Number.isNaN));
  });

  it('every row: gradNorm is the gradient norm at that row, updateNorm the distance moved', () => {
    const t = run({ name: 'adam', lr: 0.1 }, 20, { name: 'rosenbrock' });
    const problem = createProblem({ name: 'rosenbrock' });
    const g = new Float64Array(2);
    for (let k = 0; k <= 20; k++) {
      const x = t.params.slice(2 * k, 2 * k + 2);
      assert.equal(t.loss[k], problem.lossAndGrad(x, g, 1));
      assertClose(t.gradNorm[k], norm2(g[0], g[1]));
      if (k > 0) assertClose(t.updateNorm[k], norm2(x[0] - t.params[2 * k - 2], x[1] - t.params[2 * k - 1]));
    }
  });

  it('records the norm of the momentum buffer after each update as the velocity', () => {
    // Momentum 0.9: b1 = g0, so |b1| = |g0|; b2 = 0.9 b1 + g1.
    const t = run({ name: 'sgd', lr: 0.01, momentum: 0.9 }, 2);
    assert.equal(t.hasVelocity, true);
    const g0 = new Float64Array(2);
    const g1 = new Float64Array(2);
    quadratic.lossAndGrad(quadratic.start, g0, 1);
    quadratic.lossAndGrad(t.params.slice(2, 4), g1, 1);
    assertClose(t.velocityNorm[1], norm2(g0[0], g0[1]));
    assertClose(t.velocityNorm[2], norm2(0.9 * g0[0] + g1[0], 0.9 * g0[1] + g1[1]));
  });

  it('does not move the problem start', () => {
    const problem = createProblem(QUADRATIC);
    train(problem, { label: 'sgd', optimizer: { name: 'sgd', lr: 0.01 } }, 10, { tolerance: 1e-4 });
    assert.deepEqual(Array.from(problem.start), [-4, 0]);
  });

  describe('divergence', () => {
    // Gradient descent on a quadratic is stable iff lr * lambda_max < 2; here lambda_max = 100.
    it('plain SGD just below 2 / lambda_max converges', () => {
      const t = run({ name: 'sgd', lr: 0.0195 }, 500);
      assert.equal(t.summary.diverged, false);
      assert.equal(t.summary.divergedAtStep, null);
      assert.equal(t.stepsRun, 500);
      assert.ok(t.summary.finalLoss < 1e-3 * t.loss[0]);
    });

    it('plain SGD just above 2 / lambda_max diverges, and the run stops at that update', () => {
      const t = run({ name: 'sgd', lr: 0.0205 }, 500);
      assert.equal(t.summary.diverged, true);
      const k = t.summary.divergedAtStep as number;
      assert.equal(t.stepsRun, k);
      assert.ok(k > 0 && k < 500);
      for (const column of [t.loss, t.gradNorm, t.updateNorm, t.velocityNorm, t.lr]) assert.equal(column.length, k + 1);
      assert.equal(t.params.length, (k + 1) * 2);
      const threshold = divergenceThreshold(t.loss[0], 0);
      assert.ok(t.loss[k] > threshold, 'the loss passed the threshold at the declared step');
      assert.ok(t.loss[k - 1] <= threshold, 'and not before');
      // The steep component grows by |1 - 2.05| = 1.05 per step, the loss by 1.05^2: from ~200 past
      // 206e6 takes ln(1.03e6) / ln(1.1025) ~ 142 updates.
      assert.ok(Math.abs(k - 142) <= 2, `diverged at ${k}`);
      assert.equal(t.summary.finalLoss, t.loss[k]);
    });

    it('heavy ball 0.9 is stable up to lr * lambda_max < 2 + 2 * 0.9 = 3.8', () => {
      assert.equal(run({ name: 'sgd', lr: 0.037, momentum: 0.9 }, 500).summary.diverged, false);
      assert.equal(run({ name: 'sgd', lr: 0.039, momentum: 0.9 }, 500).summary.diverged, true);
    });

    it('Nesterov 0.9 is stable only up to lr * lambda_max < (2 + 2 * 0.9) / (1 + 2 * 0.9) ~ 1.357', () => {
      assert.equal(run({ name: 'sgd', lr: 0.013, momentum: 0.9, nesterov: true }, 500).summary.diverged, false);
      assert.equal(run({ name: 'sgd', lr: 0.014, momentum: 0.9, nesterov: true }, 500).summary.diverged, true);
    });

    it('a loss that overflows to Infinity is caught at once', () => {
      const t = run({ name: 'sgd', lr: 1e300 }, 100);
      assert.equal(t.summary.divergedAtStep, 1);
      assert.equal(t.stepsRun, 1);
      assert.equal(t.summary.finalLoss, Infinity);
      assert.equal(t.summary.bestLoss, t.loss[0]);
    });
  });

  it('summarises: final loss, best loss, first step within tolerance', () => {
    const tolerance = 1e-2;
    const t = run({ name: 'sgd', lr: 0.015, momentum: 0.9 }, 300, QUADRATIC, tolerance);
    assert.equal(t.summary.finalLoss, t.loss[300]);
    assert.equal(t.summary.bestLoss, Math.min(...t.loss));
    const first = Array.from(t.loss).findIndex((f) => f <= tolerance);
    assert.ok(first > 0);
    assert.equal(t.summary.stepsToTolerance, first);
    const never = run({ name: 'sgd', lr: 1e-4 }, 10);
    assert.equal(never.summary.stepsToTolerance, null);
    const atStart = train(createProblem(QUADRATIC), { label: 'x', optimizer: { name: 'sgd', lr: 0 } }, 5, { tolerance: 1e3 });
    assert.equal(atStart.summary.stepsToTolerance, 0);
  });

  it('momentum 0.9 ends lower than plain SGD at the same learning rate on the quadratic', () => {
    for (const lr of [0.005, 0.01, 0.012]) {
      const plain = run({ name: 'sgd', lr }, 500).summary.finalLoss;
      const heavy = run({ name: 'sgd', lr, momentum: 0.9 }, 500).summary.finalLoss;
      assert.ok(heavy < plain, `lr ${lr}: momentum ${heavy} vs plain ${plain}`);
    }
  });

  it('reports progress and can be stopped', () => {
    const seen: number[] = [];
    train(quadratic, { label: 'x', optimizer: { name: 'sgd', lr: 0.01 } }, 25, {
      tolerance: 1e-4, progressEvery: 10, onProgress: (step) => seen.push(step),
    });
    assert.deepEqual(seen, [10, 20, 25]);
    let asked = 0;
    assert.throws(
      () => train(quadratic, { label: 'x', optimizer: { name: 'sgd', lr: 0.01 } }, 100, {
        tolerance: 1e-4, progressEvery: 10, shouldStop: () => ++asked >= 3,
      }),
      CancelledError,
    );
    assert.equal(asked, 3);
  });

  it('rejects a bad step count or tolerance, and bad optimizer settings', () => {
    const entry = { label: 'x', optimizer: { name: 'sgd', lr: 0.1 } as OptimizerSpec };
    assert.throws(() => train(quadratic, entry, -1, { tolerance: 1e-4 }), RangeError);
    assert.throws(() => train(quadratic, entry, 2.5, { tolerance: 1e-4 }), RangeError);
    assert.throws(() => train(quadratic, entry, 10, { tolerance: NaN }), RangeError);
    assert.throws(() => train(quadratic, { label: 'x', optimizer: { name: 'sgd', lr: -1 } }, 10, { tolerance: 1e-4 }), /lr must be at least 0/);
  });

  it('zero steps gives the start row only', () => {
    const t = run({ name: 'adam', lr: 0.1 }, 0);
    assert.equal(t.stepsRun, 0);
    assert.equal(t.loss.length, 1);
    assert.equal(t.summary.finalLoss, t.loss[0]);
  });
  it('records the 2-D momentum buffer per row (PyTorch: step = -lr * buffer), row 0 NaN', () => {
    const lr = 0.01;
    const t = run({ name: 'sgd', lr, momentum: 0.9 }, 30);
    const v = t.velocityPath;
    assert.ok(v, 'a 2-D momentum run carries its buffer');
    assert.equal(v.length, 31 * 2);
    assert.ok(Number.isNaN(v[0]) && Number.isNaN(v[1]));
    for (let k = 1; k <= 30; k++) {
      // Heavy ball: the update is exactly -lr times the buffer; the norm column is the buffer's norm.
      assertClose(t.params[2 * k] - t.params[2 * k - 2], -lr * v[2 * k], 1e-12);
      assertClose(t.params[2 * k + 1] - t.params[2 * k - 1], -lr * v[2 * k + 1], 1e-12);
      assertClose(t.velocityNorm[k], norm2(v[2 * k], v[2 * k + 1]), 1e-12);
    }
  });

  it('records Adam\'s exp_avg as the velocity path, cut to the rows of a diverged run', () => {
    const adam = run({ name: 'adam', lr: 0.1 }, 5);
    assert.equal(adam.velocityPath?.length, 12);
    const gone = run({ name: 'sgd', lr: 1e300, momentum: 0.5 }, 20);
    assert.equal(gone.stepsRun, 1);
    assert.equal(gone.velocityPath?.length, 4);
  });

  it('records no velocity path without a buffer, nor for problems that are not 2-D', () => {
    assert.equal(run({ name: 'sgd', lr: 0.01 }, 5).velocityPath, undefined);
    const big = run({ name: 'sgd', lr: 0.01, momentum: 0.9 }, 5, { name: 'logistic_regression' });
    assert.ok(big.dim > 2);
    assert.equal(big.velocityPath, undefined);
  });
});
