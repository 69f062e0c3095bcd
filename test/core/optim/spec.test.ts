import * as assert from 'node:assert/strict';
import { createOptimizer, OPTIMIZER_NAMES, optimizerLabel, parseOptimizerSpec, resolveOptimizerSpec } from '../../../src/core/optim';
import type { OptimizerSpec } from '../../../src/core/optim/types';
import { SpecError } from '../../../src/core/specError';

describe('optimizer specs', () => {
  const bad: [unknown, string, RegExp][] = [
    [{ name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }, 'optimizer.nesterov', /Nesterov momentum needs a momentum above 0 and zero dampening.*ValueError/],
    [{ name: 'adam', lr: 0.1, beta1: 0.9 }, 'optimizer.beta1', /unknown hyperparameter "beta1" for Adam \(pytorch\); valid keys are lr, learning_rate, betas, eps, weight_decay, amsgrad, maximize/],
    [{ name: 'adam', lr: 0.1, beta_1: 0.9 }, 'optimizer.beta_1', /"beta_1" is the Keras spelling; set "convention": "keras"/],
    [{ name: 'adam', convention: 'keras', eps: 1e-8 }, 'optimizer.eps', /PyTorch spelling/],
    [{ name: 'sgd', lr: 0.1, learning_rate: 0.1 }, 'optimizer.learning_rate', /not both/],
    [{ name: 'adam', betas: [0.9, 1] }, 'optimizer.betas[1]', /Invalid beta parameter at index 1/],
    [{ name: 'sgd', convention: 'keras', momentum: 1.5 }, 'optimizer.momentum', /`momentum` must be a float between \[0, 1\]/],
    [{ name: 'adamw', convention: 'keras', weight_decay: null }, 'optimizer.weight_decay', /AdamW needs a weight_decay/],
    [{ name: 'lion', convention: 'keras', beta_1: 0 }, 'optimizer.beta_1', /degenerates to SignSGD/],
    [{ name: 'adadelta', rho: 1.5 }, 'optimizer.rho', /Invalid rho value/],
    [{ name: 'adagrad', lr_decay: -1 }, 'optimizer.lr_decay', /Invalid lr_decay value/],
    [{ name: 'rmsprop', convention: 'tf' }, 'optimizer.convention', /"pytorch" or "keras"/],
    [{ name: 'sgd', nesterov: 'yes' }, 'optimizer.nesterov', /true or false/],
    [{ name: 'adam', lr: '1e-3' }, 'optimizer.lr', /finite number/],
  ];
  for (const [raw, path, message] of bad) {
    it(`rejects ${JSON.stringify(raw)} at ${path}`, () => {
      assert.throws(() => parseOptimizerSpec(raw, 'optimizer'), (e: unknown) => e instanceof SpecError && e.path === path && message.test(e.message));
    });
  }

  it('accepts lr or learning_rate in both conventions', () => {
    assert.equal(resolveOptimizerSpec({ name: 'adam', convention: 'keras', lr: 0.01 }).learning_rate, 0.01);
    assert.equal(resolveOptimizerSpec({ name: 'adam', learning_rate: 0.01 }).lr, 0.01);
  });

  it("writes out Keras 3's defaults with convention keras", () => {
    assert.deepEqual(resolveOptimizerSpec({ name: 'sgd', convention: 'keras' }), { name: 'sgd', convention: 'keras', learning_rate: 0.01, momentum: 0, nesterov: false, weight_decay: null });
    assert.deepEqual(resolveOptimizerSpec({ name: 'adam', convention: 'keras' }), { name: 'adam', convention: 'keras', learning_rate: 1e-3, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, weight_decay: null });
    assert.deepEqual(resolveOptimizerSpec({ name: 'rmsprop', convention: 'keras' }), { name: 'rmsprop', convention: 'keras', learning_rate: 1e-3, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, weight_decay: null });
    assert.equal(resolveOptimizerSpec({ name: 'adagrad', convention: 'keras' }).initial_accumulator_value, 0.1);
    assert.equal(resolveOptimizerSpec({ name: 'adadelta', convention: 'keras' }).rho, 0.95);
    assert.equal(resolveOptimizerSpec({ name: 'adamw', convention: 'keras' }).weight_decay, 0.004);
    assert.deepEqual(resolveOptimizerSpec({ name: 'lion', convention: 'keras' }), { name: 'lion', convention: 'keras', learning_rate: 1e-3, beta_1: 0.9, beta_2: 0.99, weight_decay: null });
    assert.equal(resolveOptimizerSpec({ name: 'nadam' }).momentum_decay, 4e-3);
  });

  it('labels name the optimizer, the convention when keras, the settings given and the lr', () => {
    assert.equal(optimizerLabel({ name: 'sgd', lr: 0.01, momentum: 0.9 }), 'SGD momentum=0.9 lr=0.01');
    assert.equal(optimizerLabel({ name: 'adam', convention: 'keras' }), 'Adam (keras) lr=0.001');
    assert.equal(optimizerLabel({ name: 'adam', betas: [0.9, 0.99], amsgrad: true }), 'Adam betas=(0.9, 0.99) amsgrad lr=0.001');
  });

  it('every optimizer and convention keeps plain state that survives structured cloning and replays identically', () => {
    for (const name of OPTIMIZER_NAMES) {
      for (const convention of ['pytorch', 'keras'] as const) {
        const spec: OptimizerSpec = { name, convention };
        const opt = createOptimizer(spec);
        const p = Float64Array.of(1, -2);
        const state = opt.init(p);
        opt.update(Float64Array.of(0.5, -0.5), state, p, { t: 1, lr: 0.1 });
        const copy = structuredClone(state);
        const g1 = Float64Array.of(0.25, 1);
        const g2 = Float64Array.of(0.25, 1);
        opt.update(g1, state, p, { t: 2, lr: 0.1 });
        opt.update(g2, copy, p, { t: 2, lr: 0.1 });
        assert.deepEqual(Array.from(g1), Array.from(g2), `${name} ${convention}`);
        assert.ok(g1.every(Number.isFinite));
      }
    }
  });
});
