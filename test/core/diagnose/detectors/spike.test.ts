import * as assert from 'node:assert/strict';
import { diagnoseSeries } from '../../../../src/core/diagnose';
import { curve, diagnoseLoss, gaussian, kinds, rng, steps, studentT } from '../synthetic';

describe('diagnose/detectors/spike', () => {
  it('flags a recovering 10x spike as info, with its size and recovery', () => {
    const g = gaussian(rng(7));
    const values = curve(600, (t) => (2 / (1 + t / 20) + 0.05) * Math.exp(0.05 * g()) * (t === 300 ? 10 : t === 301 ? 3 : 1));
    const f = diagnoseLoss(values).find((x) => x.kind === 'spike');
    assert.ok(f);
    assert.equal(f.severity, 'info');
    assert.equal(f.step_start, 300);
    assert.ok((f.evidence.ratio as number) > 5);
    assert.equal(f.evidence.recovered_in, 2);
    assert.ok(f.fixes.some((x) => x.action === 'check_data'));
  });

  it('three spikes make it a warning; the clipping fix uses the 90th percentile of the gradient norms', () => {
    const g = gaussian(rng(8));
    const n = 900;
    const loss = curve(n, (t) => (1 / (1 + t / 50) + 0.1) * Math.exp(0.03 * g()) * ([200, 400, 600].includes(t) ? 8 : 1));
    const grad = curve(n, (t) => 1 + (t % 10) / 10);
    const f = diagnoseSeries([{ metric: 'loss', steps: steps(n), values: loss }, { metric: 'grad_norm', steps: steps(n), values: grad }]).find((x) => x.kind === 'spike');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.equal(f.evidence.count, 3);
    const clip = f.fixes.find((x) => x.action === 'clip_grad_norm');
    assert.ok(clip && typeof clip.to === 'number' && clip.to >= 1.7 && clip.to <= 2, JSON.stringify(clip));
  });

  it('heavy-tailed minibatch noise and a loss that jumps and stays are no spikes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const t3 = studentT(rng(seed), 3);
      const noisy = curve(3000, (t) => (2 / (1 + t / 30) + 0.02) * Math.exp(0.15 * Math.max(-2.5, Math.min(2.5, t3()))));
      assert.deepEqual(kinds(diagnoseLoss(noisy)).filter((k) => k === 'spike'), [], `seed ${seed}`);
    }
    const shift = curve(400, (t) => (t < 200 ? 1 : 5));
    assert.deepEqual(kinds(diagnoseLoss(shift)).filter((k) => k === 'spike'), []);
  });
});
