import * as assert from 'node:assert/strict';
import { createDiagnoser } from '../../../../src/core/diagnose';
import { curve, diagnoseLoss, gaussian, kinds, rng, studentT } from '../synthetic';

describe('diagnose/detectors/divergence', () => {
  it('flags an exponential blow-up long before it overflows into NaN, with the growth per step', () => {
    // Decreases to step 100, then grows x1.05 per step until it overflows.
    const values = curve(20000, (t) => (t < 100 ? 1 / (1 + t / 10) : (1 / 11) * 1.05 ** (t - 100)));
    const firstNonFinite = values.findIndex((v) => !Number.isFinite(v));
    assert.ok(firstNonFinite > 0);
    const d = createDiagnoser();
    let flaggedAt = -1;
    for (let t = 0; t < values.length && flaggedAt < 0; t++) {
      d.add('loss', t, values[t]);
      if (d.drain().some((f) => f.kind === 'divergence')) flaggedAt = t;
    }
    assert.ok(flaggedAt > 100 && flaggedAt < 200, `flagged at ${flaggedAt}`);
    const f = d.findings.find((x) => x.kind === 'divergence')!;
    assert.equal(f.severity, 'error');
    assert.ok(Math.abs(f.step_start - 100) <= 8, `onset ${f.step_start}`);
    assert.ok(Math.abs((f.evidence.growth_per_step as number) - 1.05) < 0.01, `growth ${f.evidence.growth_per_step}`);
    assert.match(f.message, /loss grew \d+x from its best .* at step \d+ to .* at step \d+, x1\.05 per step/);
  });

  it('onset is step 0 for a run that diverges from the start', () => {
    const findings = diagnoseLoss(curve(300, (t) => 2 * 1.1 ** t));
    const f = findings.find((x) => x.kind === 'divergence')!;
    assert.equal(f.step_start, 0);
  });

  it('a blow-up into NaN yields divergence before the nan', () => {
    const values = curve(200, (t) => (t < 150 ? 1.2 ** t : NaN));
    const findings = diagnoseLoss(values);
    assert.deepEqual(kinds(findings).sort(), ['divergence', 'nan']);
    const div = findings.find((x) => x.kind === 'divergence')!;
    assert.ok(div.step_end >= 150);
  });

  it('an abrupt jump to NaN after growth still counts as divergence; without growth it is only nan', () => {
    const grown = diagnoseLoss(curve(60, (t) => (t < 50 ? (t < 40 ? 1 : 1.3 ** (t - 40)) : NaN)));
    assert.deepEqual(kinds(grown).sort(), ['divergence', 'nan']);
    const flat = diagnoseLoss(curve(60, (t) => (t < 50 ? 1 / (1 + t) : NaN)));
    assert.deepEqual(kinds(flat), ['nan']);
  });

  it('suggests the exact stable learning rate when SGD and the curvature are known', () => {
    // lr 0.1 on curvature 26 (alpha*lambda = 2.6 > 2): the stiffest direction zig-zags and grows x1.6^2 per step.
    const lr = 0.1;
    const lambda = 26;
    let x = 1;
    const values = curve(40, () => {
      const loss = 0.5 * lambda * x * x;
      x -= lr * lambda * x;
      return loss;
    });
    const findings = diagnoseLoss(values, { optimizer: { name: 'sgd', lr, momentum: 0 }, curvature: { min: 1, max: lambda } });
    const f = findings.find((x) => x.kind === 'divergence')!;
    const top = f.fixes[0];
    assert.equal(top.action, 'lower_lr');
    assert.equal(top.from, 0.1);
    assert.equal(top.to, 0.03);
    assert.match(top.text, /alpha\*lambda = 2\.6 exceeds 2 \+ 2\*beta = 2/);
  });

  it('estimates the curvature from the growth when it is not known', () => {
    const lr = 0.1;
    const lambda = 26;
    let x = 1;
    const values = curve(40, () => {
      const loss = 0.5 * lambda * x * x;
      x -= lr * lambda * x;
      return loss;
    });
    const f = diagnoseLoss(values, { optimizer: { name: 'sgd', lr, momentum: 0 } }).find((x) => x.kind === 'divergence')!;
    assert.ok(Math.abs((f.evidence.growth_per_step as number) - 2.56) < 0.01);
    assert.equal(f.fixes[0].to, 0.03);
    assert.match(f.fixes[0].text, /lambda ~ 26 estimated from the x2\.56 per-step growth/);
  });

  describe('stays quiet on healthy runs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      it(`heavy multiplicative and Student-t noise on power-law and exponential decays (seed ${seed})`, () => {
        const rand = rng(seed);
        const g = gaussian(rand);
        const t3 = studentT(rand, 3);
        const n = 3000;
        const power = curve(n, (t) => (2 / (1 + t / 50) ** 0.7) * Math.exp(0.5 * g()));
        const expo = curve(n, (t) => (3 * Math.exp(-t / 300) + 0.05) * (1 + 0.3 * Math.abs(t3())));
        const converged = curve(n, (t) => 1e-4 * Math.exp(g()) + (t < 200 ? Math.exp(-t / 20) : 0));
        for (const values of [power, expo, converged]) assert.deepEqual(kinds(diagnoseLoss(values)).filter((k) => k === 'divergence'), []);
      });
    }

    it('momentum ringing that decays, even when it dips far below its envelope', () => {
      // Loss of a damped ringing mode: rate 0.97 per step, period ~40 steps, touches ~0 each half period.
      const values = curve(1500, (t) => 5 * 0.97 ** (2 * t) * Math.cos((2 * Math.PI * t) / 40) ** 2 + 1e-9);
      assert.deepEqual(kinds(diagnoseLoss(values)).filter((k) => k === 'divergence'), []);
    });

    it('a constant run at its known minimum', () => {
      assert.deepEqual(diagnoseLoss(curve(500, () => 0.25), { minimumLoss: 0.25 }), []);
    });
  });
});
