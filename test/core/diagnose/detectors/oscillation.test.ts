import * as assert from 'node:assert/strict';
import { diagnoseSeries } from '../../../../src/core/diagnose';
import { modeDynamics } from '../../../../src/core/diagnose/stability';
import { curve, diagnoseLoss, gaussian, kinds, rng, steps } from '../synthetic';

describe('diagnose/detectors/oscillation', () => {
  it('flags a period-2 zig-zag on a decaying loss, with the lag-1 autocorrelation as evidence', () => {
    const g = gaussian(rng(3));
    const values = curve(600, (t) => (0.2 + 2 * Math.exp(-t / 200)) * (1 + 0.2 * (t % 2 ? -1 : 1)) * Math.exp(0.02 * g()));
    const f = diagnoseLoss(values).find((x) => x.kind === 'oscillation');
    assert.ok(f, 'oscillation expected');
    assert.equal(f.severity, 'warning');
    assert.equal(f.evidence.pattern, 'zigzag');
    assert.ok((f.evidence.autocorrelation as number) < -0.5);
    assert.match(f.message, /zig-zags every other step/);
  });

  it('flags a slowly decaying ringing (amplitude x0.998 per step, period 24) and names its period to within 2x', () => {
    const values = curve(800, (t) => (2 / (1 + t / 20) + 0.05) * (1 + 0.4 * 0.998 ** t * Math.cos((2 * Math.PI * t) / 24)));
    const f = diagnoseLoss(values).find((x) => x.kind === 'oscillation');
    assert.ok(f, 'oscillation expected');
    assert.equal(f.evidence.pattern, 'ringing');
    assert.ok((f.evidence.period as number) >= 12 && (f.evidence.period as number) <= 48, `period ${f.evidence.period}`);
  });

  it('flags a ringing mode whose loss dips sharply every half period (cos^2, period 20, rate 0.999) under 1-3% noise', () => {
    for (const sigma of [0.01, 0.03]) {
      const g = gaussian(rng(5));
      const values = curve(600, (t) => (2 * (0.999 ** t * Math.cos((2 * Math.PI * t) / 20)) ** 2 + 1e-4) * Math.exp(sigma * g()));
      const f = diagnoseLoss(values).find((x) => x.kind === 'oscillation');
      assert.ok(f, `oscillation expected at noise ${sigma}`);
      assert.equal(f.evidence.pattern, 'ringing');
      // The loss repeats every 10 steps (cos^2 halves the period).
      assert.ok((f.evidence.period as number) >= 8 && (f.evidence.period as number) <= 12, `period ${f.evidence.period}`);
    }
  });

  it('rarely rings on smooth correlated noise at a converged floor (a known minimum, loss 1e-4 of its start)', () => {
    // Without the floor guard on the smooth-ringing rule 4 of these 20 seeds ring; with it one still does (seed 1:
    // two windows at -0.52, the strict rule, a known limit: the floor test wants the window's trend within 0.003
    // per step, and this noise tilts a 64-point window by more).
    const ringing: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const g = gaussian(rng(seed));
      let ar = 0;
      // Log-AR(1) noise with coefficient 0.9 (correlation time ~10 steps): random smooth dips at random lags.
      const values = curve(1000, (t) => {
        ar = 0.9 * ar + 0.45 * g();
        return Math.exp(-t / 15) + 1e-4 * Math.exp(ar);
      });
      const found = kinds(diagnoseLoss(values, { minimumLoss: 0 }));
      assert.ok(found.every((k) => k === 'oscillation'), `seed ${seed}: ${found.join(', ')}`);
      if (found.length > 0) ringing.push(seed);
    }
    assert.ok(ringing.length <= 1, `ringing at the floor for seeds ${ringing.join(', ')}`);
  });

  it('flags updates that point against each other while they shrink slowly (embedded runs)', () => {
    const n = 300;
    const series = [
      { metric: 'loss', steps: steps(n), values: curve(n, (t) => 0.95 ** (2 * t)) },
      { metric: 'update_norm', steps: steps(n), values: curve(n, (t) => 0.95 ** t) },
      { metric: 'update_cosine', steps: steps(n), values: curve(n, () => -0.99) },
    ];
    const f = diagnoseSeries(series, { optimizer: { name: 'sgd', lr: 0.1, momentum: 0 } }).find((x) => x.kind === 'oscillation');
    assert.ok(f);
    assert.equal(f.evidence.pattern, 'update_cosine');
    assert.equal(f.fixes[0].action, 'lower_lr');
  });

  it('stays quiet on quickly damped ringing, noise-floor update cosines and healthy noisy decays', () => {
    // Ringing relative to the trend dies x0.7 per step.
    const damped = curve(600, (t) => (2 * Math.exp(-t / 60) + 2e-3) * (1 + 0.6 * 0.7 ** t * Math.cos((2 * Math.PI * t) / 6)));
    assert.deepEqual(kinds(diagnoseLoss(damped)), []);
    // A quadratic mode ringing at rate sqrt(0.5) = 0.71 (its loss falls 0.5 per step): healthy.
    const fast = modeDynamics(0.1, 0.5, 1);
    assert.ok(fast.rate < 0.8);
    const single = curve(200, (t) => (fast.rate ** t * Math.cos((2 * Math.PI * t) / fast.period)) ** 2 + 1e-300);
    assert.deepEqual(kinds(diagnoseLoss(single, { minimumLoss: 0 })).filter((k) => k === 'oscillation'), []);
    // Random-sized updates at a noise floor: anti-correlated but no zig-zag of the dynamics.
    const r = rng(9);
    const n = 400;
    const floor = [
      { metric: 'loss', steps: steps(n), values: curve(n, (t) => 1e-6 * (1 + r()) + Math.exp(-t / 10)) },
      { metric: 'update_norm', steps: steps(n), values: curve(n, () => 0.01 * (0.2 + 2 * r())) },
      { metric: 'update_cosine', steps: steps(n), values: curve(n, () => -0.9 * r()) },
    ];
    assert.deepEqual(kinds(diagnoseSeries(floor, { minimumLoss: 0 })), []);
    for (let seed = 1; seed <= 10; seed++) {
      const g = gaussian(rng(seed));
      const noisy = curve(2000, (t) => (3 / (1 + t / 30) + 0.01) * Math.exp(0.3 * g()));
      assert.deepEqual(kinds(diagnoseLoss(noisy)), [], `seed ${seed}`);
    }
  });

  it('a diverging zig-zag is a divergence, not an oscillation', () => {
    const values = curve(200, (t) => 1.05 ** t * (1 + 0.3 * (t % 2 ? -1 : 1)));
    const k = kinds(diagnoseLoss(values));
    assert.ok(k.includes('divergence'));
    assert.ok(!k.includes('oscillation'), k.join());
  });
});
