import * as assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/core/optim';
import {
  curvatureFromGrowth, criticalMomentum, isStable, maxStableLr, modeDynamics, optimalHeavyBall, worstRate,
} from '../../../src/core/diagnose/stability';

/**
 * The per-step rate measured by running the real PyTorch-rule SGD on f = lambda/2 x^2: the geometric mean of
 * |x_k / x_{k-1}| over the last `window` of `steps` updates (long enough for the dominant root to win).
 */
function measuredRate(lr: number, momentum: number, lambda: number, nesterov = false, steps = 400, window = 100): number {
  const opt = createOptimizer({ name: 'sgd', lr, momentum, nesterov });
  const x = new Float64Array([1]);
  const state = opt.init(x);
  const g = new Float64Array(1);
  const history: number[] = [];
  for (let k = 0; k < steps; k++) {
    g[0] = lambda * x[0];
    opt.update(g, state, x, { t: k + 1, lr });
    x[0] += g[0];
    history.push(Math.abs(x[0]));
    // Keep the numbers finite on diverging settings: the ratio is all we measure.
    if (Math.abs(x[0]) > 1e100) { for (let i = 0; i < history.length; i++) history[i] /= 1e100; x[0] /= 1e100; }
  }
  // The ringing case has |x_k| oscillating inside the envelope; use the ratio over a whole window.
  const a = history[steps - 1 - window];
  const b = history[steps - 1];
  return Math.pow(b / a, 1 / window);
}

describe('diagnose/stability: momentum SGD on a quadratic, against the real optimizer', () => {
  const cases: [number, number, number, boolean][] = [
    [0.1, 0, 1, false], [1.5, 0, 1, false], [2.5, 0, 1, false], [0.01, 0.9, 1, false], [0.5, 0.5, 1, false],
    [3.5, 0.9, 1, false], [0.3, 0.95, 10, false], [0.05, 0.9, 1, true], [1.2, 0.5, 1, true], [0.2, 0, 3, false],
  ];
  for (const [lr, momentum, lambda, nesterov] of cases) {
    it(`rate of lr=${lr} momentum=${momentum} lambda=${lambda}${nesterov ? ' nesterov' : ''} matches the measured one`, () => {
      const predicted = modeDynamics(lr, momentum, lambda, nesterov).rate;
      const measured = measuredRate(lr, momentum, lambda, nesterov);
      // The ringing envelope is measured over whole-ish periods, so allow a little slack there.
      assert.ok(Math.abs(predicted - measured) < 5e-3 * Math.max(1, predicted), `predicted ${predicted}, measured ${measured}`);
    });
  }

  it('classifies the shapes: monotone below lr*lambda = 1, zig-zag above, ringing past critical damping', () => {
    assert.equal(modeDynamics(0.5, 0, 1).shape, 'monotone');
    assert.equal(modeDynamics(1.5, 0, 1).shape, 'zigzag');
    assert.equal(modeDynamics(1.5, 0, 1).period, 2);
    const ring = modeDynamics(0.01, 0.9, 1);
    assert.equal(ring.shape, 'ringing');
    assert.ok(Math.abs(ring.rate - Math.sqrt(0.9)) < 1e-12);
    assert.ok(ring.period > 2 && Number.isFinite(ring.period));
  });

  it('the stability edge is lr*lambda = 2 + 2*beta (heavy ball) and (2 + 2*beta)/(1 + 2*beta) (Nesterov)', () => {
    for (const beta of [0, 0.5, 0.9, 0.99]) {
      const edge = maxStableLr(beta, 4);
      assert.ok(Math.abs(edge - (2 + 2 * beta) / 4) < 1e-15);
      assert.ok(modeDynamics(edge * 0.999, beta, 4).rate < 1, `just inside at beta ${beta}`);
      assert.ok(modeDynamics(edge * 1.001, beta, 4).rate > 1, `just outside at beta ${beta}`);
      assert.equal(isStable(edge * 0.999, beta, 4), true);
      assert.equal(isStable(edge * 1.001, beta, 4), false);
      const nEdge = maxStableLr(beta, 4, true);
      assert.ok(modeDynamics(nEdge * 0.999, beta, 4, true).rate < 1);
      assert.ok(modeDynamics(nEdge * 1.001, beta, 4, true).rate > 1);
    }
    assert.equal(isStable(0.1, 1, 1), false, 'momentum 1 never converges');
  });

  it('critical damping is where the roots turn complex', () => {
    const beta = criticalMomentum(0.04, 1);
    assert.ok(Math.abs(beta - 0.64) < 1e-12);
    assert.equal(modeDynamics(0.04, beta - 1e-6, 1).shape, 'monotone');
    assert.equal(modeDynamics(0.04, beta + 1e-6, 1).shape, 'ringing');
  });

  it("the optimal heavy-ball settings reach the (sqrt(kappa)-1)/(sqrt(kappa)+1) rate at both ends", () => {
    const best = optimalHeavyBall(1, 100);
    assert.ok(Math.abs(best.rate - 9 / 11) < 1e-12);
    const worst = worstRate(best.lr, best.momentum, 1, 100);
    assert.ok(Math.abs(worst.rate - best.rate) < 1e-6, `${worst.rate} vs ${best.rate}`);
  });

  it('recovers the curvature from the loss growth of a diverging run', () => {
    for (const [lr, beta, nesterov] of [[2.6, 0, false], [0.8, 0.9, false], [0.9, 0.5, true]] as const) {
      const lambda = 5;
      const r = modeDynamics(lr, beta, lambda, nesterov).rate;
      assert.ok(r > 1);
      const estimate = curvatureFromGrowth(lr, beta, r * r, nesterov);
      assert.ok(Math.abs(estimate - lambda) < 1e-9 * lambda, `${estimate} for ${lambda}`);
    }
  });
});
