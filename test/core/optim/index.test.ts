import * as assert from 'node:assert/strict';
import { createOptimizer, resolveOptimizerSpec } from '../../../src/core/optim';
import { lerp } from '../../../src/core/optim/lerp';
import type { OptimizerSpec } from '../../../src/core/optim/types';
import { SpecError } from '../../../src/core/specError';
import { assertClose } from '../helpers';

describe('createOptimizer / resolveOptimizerSpec', () => {
  it("writes out PyTorch's defaults", () => {
    assert.deepEqual(resolveOptimizerSpec({ name: 'sgd', lr: 0.1 }), {
      name: 'sgd', convention: 'pytorch', lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false,
    });
    assert.deepEqual(resolveOptimizerSpec({ name: 'adam', lr: 1e-3 }), {
      name: 'adam', convention: 'pytorch', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false,
    });
    assert.deepEqual(resolveOptimizerSpec({ name: 'rmsprop', lr: 1e-2 }), {
      name: 'rmsprop', convention: 'pytorch', lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false,
    });
  });

  it('rejects an unknown optimizer name arriving from JSON', () => {
    const spec = JSON.parse('{"name": "adamax", "lr": 0.01}') as OptimizerSpec;
    assert.throws(() => createOptimizer(spec), (e: unknown) => e instanceof SpecError && /adamax/.test(e.message) && e.path === 'name');
  });

  it('keeps its state in plain objects that survive structured cloning', () => {
    const opt = createOptimizer({ name: 'adam', lr: 0.1, amsgrad: true });
    const p = Float64Array.of(1, 2);
    const state = opt.init(p);
    opt.update(Float64Array.of(0.5, -0.5), state, p, { t: 1, lr: 0.1 });
    const copy = structuredClone(state);
    const g1 = Float64Array.of(0.25, 1);
    const g2 = Float64Array.of(0.25, 1);
    opt.update(g1, state, p, { t: 1, lr: 0.1 });
    opt.update(g2, copy, p, { t: 1, lr: 0.1 });
    assert.deepEqual(Array.from(g1), Array.from(g2));
  });

  it('lerp follows the two-branch form of ATen and equals the algebraic interpolation', () => {
    assertClose(lerp(2, 4, 0.1), 0.9 * 2 + 0.1 * 4);
    assertClose(lerp(2, 4, 0.9), 0.1 * 2 + 0.9 * 4);
    assert.equal(lerp(2, 4, 0.1), 2 + 0.1 * (4 - 2));
    assert.equal(lerp(2, 4, 0.9), 4 - (4 - 2) * (1 - 0.9));
  });
});
