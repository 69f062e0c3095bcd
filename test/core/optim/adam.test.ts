import * as assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/core/optim';
import { SpecError } from '../../../src/core/specError';
import { applyUpdates, assertAllClose, assertClose } from '../helpers';

// Expected values are worked out from torch.optim.Adam's documented update as scalar arithmetic:
//   m <- b1*m + (1-b1)*g; v <- b2*v + (1-b2)*g^2; theta <- theta - (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
const G = [[1], [-2], [0.5]];

describe('Adam (PyTorch rules)', () => {
  it('first three updates with the defaults (betas 0.9/0.999, eps 1e-8)', () => {
    const lr = 0.1;
    const eps = 1e-8;
    const m1 = 0.1 * 1;
    const v1 = 0.001 * 1 * 1;
    const t1 = 1 - (lr / (1 - 0.9)) * m1 / (Math.sqrt(v1) / Math.sqrt(1 - 0.999) + eps); // ~0.9: the first step is ~lr
    const m2 = 0.9 * m1 + 0.1 * -2;
    const v2 = 0.999 * v1 + 0.001 * 4;
    const t2 = t1 - (lr / (1 - 0.9 ** 2)) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + eps);
    const m3 = 0.9 * m2 + 0.1 * 0.5;
    const v3 = 0.999 * v2 + 0.001 * 0.25;
    const t3 = t2 - (lr / (1 - 0.9 ** 3)) * m3 / (Math.sqrt(v3) / Math.sqrt(1 - 0.999 ** 3) + eps);
    const { rows, opt, state } = applyUpdates({ name: 'adam', lr }, [1], G);
    assertAllClose(rows.flat(), [t1, t2, t3]);
    // The velocity the trainer reports is exp_avg.
    assertAllClose(opt.velocity!(state) as Float64Array, [m3]);
  });

  it('adds eps after the bias correction of sqrt(v) (PyTorch), not before (Keras)', () => {
    // t = 1, g = 1, eps = 0.1: m = 0.1, v = 0.001, sqrt(v)/sqrt(1 - 0.999) = 1, so the denominator is 1.1
    // and theta1 = 1 - (0.1/0.1) * 0.1 / 1.1. Keras' order would give 1 - 0.1*sqrt(0.001)/0.1 * 0.1/(sqrt(0.001) + 0.1) ~ 0.9976.
    const { rows } = applyUpdates({ name: 'adam', lr: 0.1, eps: 0.1 }, [1], [[1]]);
    assertClose(rows[0][0], 1 - 0.1 / 1.1);
  });

  it('amsgrad divides by the running maximum of v', () => {
    const lr = 0.1;
    const [b1, b2] = [0.9, 0.5];
    const eps = 1e-8;
    const grads = [[1], [0.01], [0.5]];
    const m1 = (1 - b1) * 1;
    const v1 = (1 - b2) * 1; // 0.5
    const t1 = 1 - (lr / (1 - b1)) * m1 / (Math.sqrt(v1) / Math.sqrt(1 - b2) + eps);
    const m2 = b1 * m1 + (1 - b1) * 0.01;
    const v2 = b2 * v1 + (1 - b2) * 1e-4; // 0.25005 < v1, so the maximum stays 0.5
    const t2 = t1 - (lr / (1 - b1 ** 2)) * m2 / (Math.sqrt(v1) / Math.sqrt(1 - b2 ** 2) + eps);
    const m3 = b1 * m2 + (1 - b1) * 0.5;
    const v3 = b2 * v2 + (1 - b2) * 0.25; // 0.250025, still below 0.5
    assert.ok(v3 < v1);
    const t3 = t2 - (lr / (1 - b1 ** 3)) * m3 / (Math.sqrt(v1) / Math.sqrt(1 - b2 ** 3) + eps);
    assertAllClose(applyUpdates({ name: 'adam', lr, betas: [b1, b2], amsgrad: true }, [1], grads).rows.flat(), [t1, t2, t3]);
    // Without amsgrad the second step uses v2 itself and differs.
    const plain = applyUpdates({ name: 'adam', lr, betas: [b1, b2] }, [1], grads).rows;
    assert.ok(Math.abs(plain[1][0] - t2) > 1e-4);
  });

  it('weight decay adds wd * theta to the gradient before both moments', () => {
    const lr = 0.1;
    const wd = 0.5;
    const eps = 1e-8;
    const d1 = 1 + wd * 1; // 1.5
    const m1 = 0.1 * d1;
    const v1 = 0.001 * d1 * d1;
    const t1 = 1 - (lr / 0.1) * m1 / (Math.sqrt(v1) / Math.sqrt(0.001) + eps);
    const d2 = -2 + wd * t1;
    const m2 = 0.9 * m1 + 0.1 * d2;
    const v2 = 0.999 * v1 + 0.001 * d2 * d2;
    const t2 = t1 - (lr / (1 - 0.81)) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + eps);
    assertAllClose(applyUpdates({ name: 'adam', lr, weight_decay: wd }, [1], G.slice(0, 2)).rows.flat(), [t1, t2]);
  });

  describe('rejects what torch.optim.Adam rejects', () => {
    const cases: [string, Parameters<typeof createOptimizer>[0], RegExp][] = [
      ['negative lr', { name: 'adam', lr: -1e-3 }, /lr must be at least 0/],
      ['negative eps', { name: 'adam', lr: 1e-3, eps: -1e-8 }, /eps must be at least 0/],
      ['beta1 = 1', { name: 'adam', lr: 1e-3, betas: [1, 0.999] }, /betas\[0\] must be at least 0 and below 1/],
      ['beta1 > 1', { name: 'adam', lr: 1e-3, betas: [1.5, 0.999] }, /betas\[0\]/],
      ['negative beta2', { name: 'adam', lr: 1e-3, betas: [0.9, -0.1] }, /betas\[1\] must be at least 0 and below 1/],
      ['negative weight decay', { name: 'adam', lr: 1e-3, weight_decay: -1 }, /weight_decay must be at least 0/],
    ];
    for (const [what, spec, message] of cases) {
      it(what, () => {
        assert.throws(() => createOptimizer(spec), (e: unknown) => e instanceof SpecError && message.test(e.message));
      });
    }
    it('but accepts betas of 0 and eps 0', () => {
      createOptimizer({ name: 'adam', lr: 1e-3, betas: [0, 0], eps: 0 });
    });
  });
});
