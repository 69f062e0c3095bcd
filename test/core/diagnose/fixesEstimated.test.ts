import * as assert from 'node:assert/strict';
import type { FixEnvironment } from '../../../src/core/diagnose/fixes/environment';
import { instabilityFixes, MAX_ESTIMATED_CUT } from '../../../src/core/diagnose/fixes/instabilityFixes';
import { MAX_BLIND_RAISE, stallFixes } from '../../../src/core/diagnose/fixes/stallFixes';
import type { SharedRunState } from '../../../src/core/diagnose/shared';

function env(lr: number, momentum: number, nesterov = false): FixEnvironment {
  return { optimizer: 'sgd', lr, momentum, nesterov, sgdLike: true, curvature: null, gradNormP90: NaN, warmupSteps: 0, clipNorm: NaN };
}

describe('diagnose/fixes with an estimated curvature (no curvature known)', () => {
  it('trusts a clean geometric growth: plain SGD x2.56 per step at lr 0.1 is lambda = 26, lr -> 1/26 rounded down', () => {
    const [top] = instabilityFixes({ growthPerStep: 2.56, onsetStep: 0 }, env(0.1, 0), 0.9);
    assert.equal(top.action, 'lower_lr');
    assert.equal(top.to, 0.03);
    assert.equal(top.settings, undefined, 'momentum untouched');
  });

  it('a steep blow-up of plain SGD: heavy ball 0.9 and a cut between one decade and MAX_ESTIMATED_CUT', () => {
    for (const growth of [5.5, 393, 8e7]) {
      const [top] = instabilityFixes({ growthPerStep: growth, onsetStep: 0 }, env(0.03, 0), 0.9);
      assert.equal(top.action, 'lower_lr', top.text);
      assert.deepEqual(top.settings, { momentum: 0.9 });
      const to = top.to as number;
      assert.ok(to <= 0.003 && to >= 0.03 / MAX_ESTIMATED_CUT - 1e-12, `x${growth}: ${to}`);
      assert.match(top.text, /and use momentum 0\.9/);
    }
  });

  it('momentum 0.99 comes down to 0.9 with the new lr in settings.lr, and the reduction is not offered twice', () => {
    const fixes = instabilityFixes({ growthPerStep: 9, onsetStep: 0 }, env(0.005, 0.99), 0.9);
    const [top] = fixes;
    assert.equal(top.action, 'reduce_momentum');
    assert.equal(top.to, 0.9);
    const lr = top.settings?.lr as number;
    assert.ok(lr <= 5e-4 && lr >= 0.005 / MAX_ESTIMATED_CUT - 1e-12, String(lr));
    assert.equal(fixes.filter((f) => f.action === 'reduce_momentum').length, 1);
  });

  it('a stall without curvature raises the lr at most MAX_BLIND_RAISE = 10x, however large Polyak\'s step', () => {
    assert.equal(MAX_BLIND_RAISE, 10);
    const shared = {
      context: {}, thresholds: { oscillationRate: 0.9 }, trainLoss: { level: 6.25 }, gradNormLast: 1.58, lrMax: 1e-7, lrLast: 1e-7,
    } as unknown as SharedRunState;
    const [top] = stallFixes('flat', false, env(1e-7, 0), shared);
    assert.equal(top.action, 'raise_lr');
    assert.equal(top.to, 1e-6);
  });
});
