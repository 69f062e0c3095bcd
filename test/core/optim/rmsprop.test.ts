import * as assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/core/optim';
import { SpecError } from '../../../src/core/specError';
import { applyUpdates, assertAllClose } from '../helpers';

// Expected values are worked out from torch.optim.RMSprop's documented update as scalar arithmetic:
//   v <- alpha*v + (1-alpha)*g^2; d <- sqrt(v) + eps (centered: sqrt(v - ga^2) + eps, ga <- alpha*ga + (1-alpha)*g);
//   momentum: b <- mu*b + g/d, theta <- theta - lr*b; else theta <- theta - lr*g/d.
const G = [[1], [-2], [0.5]];
const lr = 0.01;
const eps = 1e-8;

describe('RMSprop (PyTorch rules)', () => {
  it('plain, with the defaults (alpha 0.99, eps 1e-8 added after the square root)', () => {
    const v1 = 0.01 * 1; // not bias-corrected: the first step is lr / sqrt(0.01) = 10 lr
    const t1 = 1 - lr * 1 / (Math.sqrt(v1) + eps); // ~0.9
    const v2 = 0.99 * v1 + 0.01 * 4;
    const t2 = t1 - lr * -2 / (Math.sqrt(v2) + eps);
    const v3 = 0.99 * v2 + 0.01 * 0.25;
    const t3 = t2 - lr * 0.5 / (Math.sqrt(v3) + eps);
    const { rows, opt, state } = applyUpdates({ name: 'rmsprop', lr }, [1], G);
    assertAllClose(rows.flat(), [t1, t2, t3]);
    assert.equal(opt.velocity!(state), undefined);
  });

  it('centered subtracts the squared running mean of g under the root', () => {
    const v1 = 0.01 * 1;
    const ga1 = 0.01 * 1;
    const t1 = 1 - lr * 1 / (Math.sqrt(v1 - ga1 * ga1) + eps);
    const v2 = 0.99 * v1 + 0.01 * 4;
    const ga2 = 0.99 * ga1 + 0.01 * -2;
    const t2 = t1 - lr * -2 / (Math.sqrt(v2 - ga2 * ga2) + eps);
    const v3 = 0.99 * v2 + 0.01 * 0.25;
    const ga3 = 0.99 * ga2 + 0.01 * 0.5;
    const t3 = t2 - lr * 0.5 / (Math.sqrt(v3 - ga3 * ga3) + eps);
    assertAllClose(applyUpdates({ name: 'rmsprop', lr, centered: true }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('momentum accumulates g / d in a buffer that starts at zero', () => {
    const mu = 0.9;
    const v1 = 0.01 * 1;
    const b1 = mu * 0 + 1 / (Math.sqrt(v1) + eps);
    const t1 = 1 - lr * b1;
    const v2 = 0.99 * v1 + 0.01 * 4;
    const b2 = mu * b1 + -2 / (Math.sqrt(v2) + eps);
    const t2 = t1 - lr * b2;
    const v3 = 0.99 * v2 + 0.01 * 0.25;
    const b3 = mu * b2 + 0.5 / (Math.sqrt(v3) + eps);
    const t3 = t2 - lr * b3;
    const { rows, opt, state } = applyUpdates({ name: 'rmsprop', lr, momentum: mu }, [1], G);
    assertAllClose(rows.flat(), [t1, t2, t3]);
    assertAllClose(opt.velocity!(state) as Float64Array, [b3]);
  });

  it('centered with momentum and weight decay, alpha 0.9', () => {
    const [alpha, mu, wd] = [0.9, 0.5, 0.1];
    const d1 = 1 + wd * 1;
    const v1 = (1 - alpha) * d1 * d1;
    const ga1 = (1 - alpha) * d1;
    const b1 = d1 / (Math.sqrt(v1 - ga1 * ga1) + eps);
    const t1 = 1 - lr * b1;
    const d2 = -2 + wd * t1;
    const v2 = alpha * v1 + (1 - alpha) * d2 * d2;
    const ga2 = alpha * ga1 + (1 - alpha) * d2;
    const b2 = mu * b1 + d2 / (Math.sqrt(v2 - ga2 * ga2) + eps);
    const t2 = t1 - lr * b2;
    const spec = { name: 'rmsprop', lr, alpha, momentum: mu, weight_decay: wd, centered: true } as const;
    assertAllClose(applyUpdates(spec, [1], G.slice(0, 2)).rows.flat(), [t1, t2]);
  });

  describe('rejects what torch.optim.RMSprop rejects', () => {
    const cases: [string, Parameters<typeof createOptimizer>[0], RegExp][] = [
      ['negative lr', { name: 'rmsprop', lr: -0.01 }, /lr must be at least 0/],
      ['negative eps', { name: 'rmsprop', lr: 0.01, eps: -1 }, /eps must be at least 0/],
      ['negative momentum', { name: 'rmsprop', lr: 0.01, momentum: -0.9 }, /momentum must be at least 0/],
      ['negative weight decay', { name: 'rmsprop', lr: 0.01, weight_decay: -0.1 }, /weight_decay must be at least 0/],
      ['negative alpha', { name: 'rmsprop', lr: 0.01, alpha: -0.5 }, /alpha must be at least 0/],
    ];
    for (const [what, spec, message] of cases) {
      it(what, () => {
        assert.throws(() => createOptimizer(spec), (e: unknown) => e instanceof SpecError && message.test(e.message));
      });
    }
    it('but accepts alpha above 1, which PyTorch does not check', () => {
      createOptimizer({ name: 'rmsprop', lr: 0.01, alpha: 1.5 });
    });
  });
});
