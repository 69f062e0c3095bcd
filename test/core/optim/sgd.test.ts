import * as assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/core/optim';
import { SpecError } from '../../../src/core/specError';
import { applyUpdates, assertAllClose, assertClose } from '../helpers';

// Every expected value below is worked out from torch.optim.SGD's documented update, written as scalar
// arithmetic on a one-parameter model with theta0 = 1 and gradients 1, -2, 0.5 (chosen, not computed).
const G = [[1], [-2], [0.5]];

describe('SGD (PyTorch rules)', () => {
  it('plain: theta <- theta - lr * g', () => {
    const lr = 0.1;
    const t1 = 1 - lr * 1; // 0.9
    const t2 = t1 - lr * -2; // 1.1
    const t3 = t2 - lr * 0.5; // 1.05
    assertAllClose(applyUpdates({ name: 'sgd', lr }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('momentum: the buffer is the gradient itself at the first update, then b <- mu*b + g', () => {
    const lr = 0.1;
    const mu = 0.9;
    const b1 = 1; // copied, not (1 - dampening) * g
    const t1 = 1 - lr * b1; // 0.9
    const b2 = mu * b1 + -2; // -1.1
    const t2 = t1 - lr * b2; // 1.01
    const b3 = mu * b2 + 0.5; // -0.49
    const t3 = t2 - lr * b3; // 1.059
    const { rows, opt, state } = applyUpdates({ name: 'sgd', lr, momentum: mu }, [1], G);
    assertAllClose(rows.flat(), [t1, t2, t3]);
    assertAllClose(opt.velocity!(state) as Float64Array, [b3]);
  });

  it('dampening applies from the second update on: b <- mu*b + (1 - tau)*g', () => {
    const lr = 0.1;
    const mu = 0.9;
    const tau = 0.5;
    const b1 = 1; // no dampening on the first update
    const t1 = 1 - lr * b1; // 0.9
    const b2 = mu * b1 + (1 - tau) * -2; // -0.1
    const t2 = t1 - lr * b2; // 0.91
    const b3 = mu * b2 + (1 - tau) * 0.5; // 0.16
    const t3 = t2 - lr * b3; // 0.894
    assertAllClose(applyUpdates({ name: 'sgd', lr, momentum: mu, dampening: tau }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('nesterov: the step is g + mu*b with the freshly updated buffer', () => {
    const lr = 0.1;
    const mu = 0.9;
    const b1 = 1;
    const t1 = 1 - lr * (1 + mu * b1); // 0.81
    const b2 = mu * b1 + -2; // -1.1
    const t2 = t1 - lr * (-2 + mu * b2); // 1.109
    const b3 = mu * b2 + 0.5; // -0.49
    const t3 = t2 - lr * (0.5 + mu * b3); // 1.1031
    assertAllClose(applyUpdates({ name: 'sgd', lr, momentum: mu, nesterov: true }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('weight decay adds wd * theta to the gradient (L2), before momentum', () => {
    const lr = 0.1;
    const wd = 0.1;
    const mu = 0.5;
    const d1 = 1 + wd * 1; // 1.1
    const b1 = d1;
    const t1 = 1 - lr * b1; // 0.89
    const d2 = -2 + wd * t1; // -1.911
    const b2 = mu * b1 + d2; // -1.361
    const t2 = t1 - lr * b2; // 1.0261
    const d3 = 0.5 + wd * t2;
    const b3 = mu * b2 + d3;
    const t3 = t2 - lr * b3;
    assertAllClose(applyUpdates({ name: 'sgd', lr, momentum: mu, weight_decay: wd }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('maximize negates the gradient before weight decay is added', () => {
    const lr = 0.1;
    const wd = 0.1;
    const t1 = 1 - lr * (-1 + wd * 1); // 1.09 (negating after the decay would give 1.11)
    const t2 = t1 - lr * (2 + wd * t1);
    const t3 = t2 - lr * (-0.5 + wd * t2);
    assertAllClose(applyUpdates({ name: 'sgd', lr, weight_decay: wd, maximize: true }, [1], G).rows.flat(), [t1, t2, t3]);
  });

  it('treats each coordinate independently', () => {
    const lr = 0.5;
    const mu = 0.9;
    // Coordinate 0: gradients 2, 4; coordinate 1: -1, 0.
    const a1 = 3 - lr * 2; // 2
    const a2 = a1 - lr * (mu * 2 + 4); // -0.9
    const c1 = -1 - lr * -1; // -0.5
    const c2 = c1 - lr * (mu * -1 + 0); // -0.05
    assertAllClose(applyUpdates({ name: 'sgd', lr, momentum: mu }, [3, -1], [[2, -1], [4, 0]]).rows.flat(), [a1, c1, a2, c2]);
  });

  it('has a velocity only with momentum', () => {
    const plain = createOptimizer({ name: 'sgd', lr: 0.1 });
    assert.equal(plain.velocity?.(plain.init(new Float64Array(2))), undefined);
    const heavy = createOptimizer({ name: 'sgd', lr: 0.1, momentum: 0.9 });
    const v = heavy.velocity?.(heavy.init(new Float64Array(2)));
    assert.ok(v instanceof Float64Array);
    assertAllClose(v, [0, 0]);
  });

  it('uses the lr passed to update (a schedule may change it), not the spec lr', () => {
    const opt = createOptimizer({ name: 'sgd', lr: 0.1 });
    const p = Float64Array.of(1);
    const g = Float64Array.of(2);
    opt.update(g, opt.init(p), p, { t: 1, lr: 0.25 });
    assertClose(g[0], -0.5);
  });

  describe('rejects what torch.optim.SGD rejects', () => {
    const cases: [string, Parameters<typeof createOptimizer>[0], RegExp][] = [
      ['negative lr', { name: 'sgd', lr: -0.1 }, /lr must be at least 0.*Invalid learning rate/],
      ['negative momentum', { name: 'sgd', lr: 0.1, momentum: -0.5 }, /momentum must be at least 0/],
      ['negative weight decay', { name: 'sgd', lr: 0.1, weight_decay: -1e-4 }, /weight_decay must be at least 0/],
      ['nesterov without momentum', { name: 'sgd', lr: 0.1, nesterov: true }, /Nesterov momentum needs a momentum above 0 and zero dampening/],
      ['nesterov with dampening', { name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }, /Nesterov/],
      ['NaN lr', { name: 'sgd', lr: NaN }, /lr must be a finite number/],
      ['infinite momentum', { name: 'sgd', lr: 0.1, momentum: Infinity }, /momentum must be a finite number/],
    ];
    for (const [what, spec, message] of cases) {
      it(what, () => {
        assert.throws(() => createOptimizer(spec), (e: unknown) => e instanceof SpecError && message.test(e.message));
      });
    }
    it('but accepts lr 0, momentum 0 and any dampening without nesterov, as PyTorch does', () => {
      createOptimizer({ name: 'sgd', lr: 0 });
      createOptimizer({ name: 'sgd', lr: 0.1, momentum: 0 });
      createOptimizer({ name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 1.5 });
    });
  });
});
