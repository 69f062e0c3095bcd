import * as assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/core/optim';
import { applyUpdates, assertAllClose } from '../helpers';

// The first three steps of each optimizer on one parameter, theta0 = 1, fed the chosen gradients 1, -2, 0.5,
// worked out as scalar arithmetic from the documented update rules (PyTorch 2.x torch.optim docs/source,
// Keras 3 keras/src/optimizers/*.py update_step). The implementation is not called to make the expectations.
const G = [[1], [-2], [0.5]];
const grads = [1, -2, 0.5];

function run(spec: Parameters<typeof applyUpdates>[0]): number[] {
  return applyUpdates(spec, [1], G).rows.flat();
}

describe('hand-derived first steps', () => {
  describe('SGD (keras): v <- mu*v - lr*g; theta <- theta + v (nesterov: + mu*v - lr*g)', () => {
    it('momentum', () => {
      const lr = 0.1, mu = 0.9;
      let v = 0, th = 1;
      const want: number[] = [];
      for (const g of grads) { v = mu * v - lr * g; th = th + v; want.push(th); }
      assertAllClose(run({ name: 'sgd', convention: 'keras', learning_rate: lr, momentum: mu }), want);
      assertAllClose(want, [0.9, 1.01, 1.059]); // and the same numbers as PyTorch's buffer form at constant lr
    });
    it('nesterov', () => {
      const lr = 0.1, mu = 0.9;
      let v = 0, th = 1;
      const want: number[] = [];
      for (const g of grads) { v = mu * v - lr * g; th = th + mu * v - lr * g; want.push(th); }
      assertAllClose(run({ name: 'sgd', convention: 'keras', lr, momentum: mu, nesterov: true }), want);
      assertAllClose(want, [0.81, 1.109, 1.1031]);
    });
    it('default learning rate 0.01, plain', () => {
      assertAllClose(run({ name: 'sgd', convention: 'keras' }), [0.99, 1.01, 1.005]);
    });
    it('decoupled weight decay: theta <- theta - theta*wd*lr, then the step', () => {
      const lr = 0.1, wd = 0.5;
      let th = 1;
      const want: number[] = [];
      for (const g of grads) { th = th - th * wd * lr - lr * g; want.push(th); }
      assertAllClose(run({ name: 'sgd', convention: 'keras', learning_rate: lr, weight_decay: wd }), want);
    });
  });

  it('Adam (keras): epsilon-hat added to the uncorrected sqrt(v)', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    let m = 0, v = 0, th = 1;
    const want: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      m = m + (g - m) * (1 - b1);
      v = v + (g * g - v) * (1 - b2);
      th = th - (m * alpha) / (Math.sqrt(v) + eps);
      want.push(th);
    });
    assertAllClose(run({ name: 'adam', convention: 'keras', learning_rate: lr }), want);
    // First step of Adam is -lr*sign(g) up to eps: 1 - 0.1.
    assertAllClose([want[0]], [0.9], 1e-6);
  });

  it('Adam (keras) amsgrad keeps the running max of v', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    let m = 0, v = 0, vh = 0, th = 1;
    const want: number[] = [];
    [3, 0.1, 0.1].forEach((g, i) => {
      const t = i + 1;
      const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      m = m + (g - m) * (1 - b1);
      v = v + (g * g - v) * (1 - b2);
      vh = Math.max(vh, v);
      th = th - (m * alpha) / (Math.sqrt(vh) + eps);
      want.push(th);
    });
    assertAllClose(applyUpdates({ name: 'adam', convention: 'keras', lr, amsgrad: true }, [1], [[3], [0.1], [0.1]]).rows.flat(), want);
  });

  it('AdamW (pytorch): theta <- theta*(1 - lr*wd), then Adam without L2', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01;
    let m = 0, v = 0, th = 1;
    const want: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      th = th * (1 - lr * wd);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      th = th - (lr / (1 - b1 ** t)) * m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps);
      want.push(th);
    });
    assertAllClose(run({ name: 'adamw', lr }), want); // default weight_decay 1e-2
  });

  it('AdamW (keras): default weight_decay 0.004, decoupled, Keras Adam rule', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7, wd = 0.004;
    let m = 0, v = 0, th = 1;
    const want: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      th = th - th * wd * lr;
      const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      m = m + (g - m) * (1 - b1);
      v = v + (g * g - v) * (1 - b2);
      th = th - (m * alpha) / (Math.sqrt(v) + eps);
      want.push(th);
    });
    assertAllClose(run({ name: 'adamw', convention: 'keras', learning_rate: lr }), want);
  });

  it('NAdam (pytorch): mu_t = b1*(1 - 0.5*0.96^(t*0.004)), two-part Nesterov step', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, psi = 4e-3;
    let m = 0, v = 0, th = 1, prod = 1;
    const want: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      const mu = b1 * (1 - 0.5 * 0.96 ** (t * psi));
      const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
      prod *= mu;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const denom = Math.sqrt(v / (1 - b2 ** t)) + eps;
      th = th - (lr * (1 - mu) / (1 - prod)) * g / denom - (lr * muNext / (1 - prod * muNext)) * m / denom;
      want.push(th);
    });
    assertAllClose(run({ name: 'nadam', lr }), want);
  });

  it('Nadam (keras): u_t = b1*(1 - 0.5*0.96^t), m_hat and v_hat as in Keras 3', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    let m = 0, v = 0, th = 1, prod = 1;
    const want: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      const u = b1 * (1 - 0.5 * 0.96 ** t);
      const uNext = b1 * (1 - 0.5 * 0.96 ** (t + 1));
      prod *= u;
      m = m + (g - m) * (1 - b1);
      v = v + (g * g - v) * (1 - b2);
      const mHat = (uNext * m) / (1 - prod * uNext) + ((1 - u) * g) / (1 - prod);
      const vHat = v / (1 - b2 ** t);
      th = th - (mHat * lr) / (Math.sqrt(vHat) + eps);
      want.push(th);
    });
    assertAllClose(run({ name: 'nadam', convention: 'keras', learning_rate: lr }), want);
  });

  describe('RMSprop (keras): epsilon inside the square root', () => {
    it('plain, defaults rho 0.9 eps 1e-7', () => {
      const lr = 0.01, rho = 0.9, eps = 1e-7;
      let v = 0, th = 1;
      const want: number[] = [];
      for (const g of grads) { v = rho * v + (1 - rho) * g * g; th = th - (lr * g) / Math.sqrt(v + eps); want.push(th); }
      assertAllClose(run({ name: 'rmsprop', convention: 'keras', learning_rate: lr }), want);
      // first step: lr*g/sqrt(0.1*g^2) = lr/sqrt(0.1) ~ 3.16 lr
      assertAllClose([want[0]], [1 - 0.01 / Math.sqrt(0.1)], 1e-6);
    });
    it('centered with momentum', () => {
      const lr = 0.01, rho = 0.9, eps = 1e-7, mu = 0.5;
      let v = 0, a = 0, b = 0, th = 1;
      const want: number[] = [];
      for (const g of grads) {
        v = rho * v + (1 - rho) * g * g;
        a = rho * a + (1 - rho) * g;
        b = mu * b + (lr * g) / Math.sqrt(v - a * a + eps);
        th = th - b;
        want.push(th);
      }
      assertAllClose(run({ name: 'rmsprop', convention: 'keras', learning_rate: lr, centered: true, momentum: mu }), want);
    });
  });

  describe('Adagrad', () => {
    it('pytorch: clr = lr/(1 + (t-1)*lr_decay), s <- s + g^2, step clr*g/(sqrt(s) + eps)', () => {
      const lr = 0.1, decay = 0.5, s0 = 0.2, eps = 1e-10;
      let s = s0, th = 1;
      const want: number[] = [];
      grads.forEach((g, i) => {
        const clr = lr / (1 + i * decay);
        s = s + g * g;
        th = th - (clr * g) / (Math.sqrt(s) + eps);
        want.push(th);
      });
      assertAllClose(run({ name: 'adagrad', lr, lr_decay: decay, initial_accumulator_value: s0 }), want);
    });
    it('keras: accumulator starts at 0.1, epsilon inside the root', () => {
      const lr = 0.001, eps = 1e-7;
      let s = 0.1, th = 1;
      const want: number[] = [];
      for (const g of grads) { s = s + g * g; th = th - (lr * g) / Math.sqrt(s + eps); want.push(th); }
      assertAllClose(run({ name: 'adagrad', convention: 'keras' }), want);
    });
  });

  describe('Adadelta: delta = sqrt(u + eps)/sqrt(v + eps)*g', () => {
    for (const [convention, lr, rho, eps] of [['pytorch', 1.0, 0.9, 1e-6], ['keras', 0.001, 0.95, 1e-7]] as const) {
      it(`${convention} defaults (lr ${lr}, rho ${rho}, eps ${eps})`, () => {
        let v = 0, u = 0, th = 1;
        const want: number[] = [];
        for (const g of grads) {
          v = rho * v + (1 - rho) * g * g;
          const delta = (Math.sqrt(u + eps) / Math.sqrt(v + eps)) * g;
          u = rho * u + (1 - rho) * delta * delta;
          th = th - lr * delta;
          want.push(th);
        }
        assertAllClose(run({ name: 'adadelta', convention }), want);
      });
    }
  });

  describe('Lion: c = b1*m + (1-b1)*g; theta <- theta - lr*(sign(c) + wd*theta); m <- b2*m + (1-b2)*g', () => {
    it('pytorch convention (the paper; torch.optim has no Lion), with weight decay', () => {
      const lr = 0.1, b1 = 0.9, b2 = 0.99, wd = 0.5;
      let m = 0, th = 1;
      const want: number[] = [];
      for (const g of grads) {
        const c = b1 * m + (1 - b1) * g;
        th = th - lr * (Math.sign(c) + wd * th);
        m = b2 * m + (1 - b2) * g;
        want.push(th);
      }
      assertAllClose(run({ name: 'lion', lr, weight_decay: wd }), want);
      // sign(c): +1, then c = 0.9*0.01 + 0.1*(-2) < 0, then c = 0.9*(-0.0101) + 0.05 > 0.
      assertAllClose(want, [1 - 0.1 * (1 + 0.5), 0.85 - 0.1 * (-1 + 0.5 * 0.85), 0.9075 - 0.1 * (1 + 0.5 * 0.9075)]);
    });
    it('keras convention, default lr 1e-3', () => {
      assertAllClose(run({ name: 'lion', convention: 'keras' }), [0.999, 1.0, 0.999]);
    });
  });

  it('maximize (pytorch) negates the gradient before weight decay', () => {
    const lr = 0.1, wd = 0.1;
    let th = 1;
    const want: number[] = [];
    for (const g of grads) { th = th - lr * (-g + wd * th); want.push(th); }
    assertAllClose(run({ name: 'sgd', lr, weight_decay: wd, maximize: true }), want);
  });

  it('velocity: PyTorch keeps b (unscaled), Keras keeps v = -lr*b', () => {
    const torch = applyUpdates({ name: 'sgd', lr: 0.1, momentum: 0.9 }, [1], G);
    const keras = applyUpdates({ name: 'sgd', convention: 'keras', lr: 0.1, momentum: 0.9 }, [1], G);
    const b = torch.opt.velocity!(torch.state)![0];
    const v = keras.opt.velocity!(keras.state)![0];
    assertAllClose([v], [-0.1 * b]);
    assert.equal(createOptimizer({ name: 'adagrad' }).velocity?.(createOptimizer({ name: 'adagrad' }).init(new Float64Array(1))), undefined);
  });
});
