/**
 * What a fix's text says must match what the fix does: the factor of a change, warm-up only where it can help,
 * and numbers even when the learning rate decayed to exactly 0.
 */
import * as assert from 'node:assert/strict';
import type { FixEnvironment } from '../../../../src/core/diagnose/fixes/environment';
import { EARLY_BLOWUP_SHARE, EARLY_BLOWUP_STEPS, instabilityFixes } from '../../../../src/core/diagnose/fixes/instabilityFixes';
import { timesText } from '../../../../src/core/diagnose/fixes/nice';
import { stallFixes } from '../../../../src/core/diagnose/fixes/stallFixes';
import type { SharedRunState } from '../../../../src/core/diagnose/shared';

function env(lr: number, momentum: number, totalSteps = NaN): FixEnvironment {
  return { optimizer: 'sgd', lr, momentum, nesterov: false, sgdLike: lr > 0, curvature: null, gradNormP90: NaN, warmupSteps: 0, clipNorm: NaN, totalSteps };
}

function shared(over: Record<string, unknown>): SharedRunState {
  return { context: {}, thresholds: { oscillationRate: 0.9, stallLrFraction: 0.01 }, trainLoss: null, gradNormLast: NaN, lrMax: NaN, lrLast: NaN, ...over } as unknown as SharedRunState;
}

describe('diagnose/fixes: texts say what the fix does', () => {
  it('states the real factor of a cut rounded to a round number (0.0166 -> 0.001 is 16.6x, not "10x")', () => {
    const [top] = instabilityFixes({ growthPerStep: NaN, onsetStep: 0 }, env(0.0166, 0), 0.9);
    assert.equal(top.action, 'lower_lr');
    assert.equal(top.to, 0.001);
    assert.match(top.text, /16\.6x smaller/);
    assert.doesNotMatch(top.text, /a 10x smaller/);
  });

  it('states the real factor of a blind raise (0.006 -> 0.05 is 8.33x)', () => {
    const [top] = stallFixes('flat', false, env(0.006, 0), shared({}));
    assert.equal(top.action, 'raise_lr');
    assert.equal(top.to, 0.05);
    assert.match(top.text, /8\.33x/);
  });

  it('says when Polyak\'s step was capped instead of calling the capped value "half of it"', () => {
    const [top] = stallFixes('flat', false, env(1e-7, 0), shared({ trainLoss: { level: 6.25 }, gradNormLast: 1.58 }));
    assert.equal(top.to, 1e-6);
    assert.match(top.text, /half of it is 1\.3/);
    assert.match(top.text, /stops at 10x/);
  });

  it('timesText gives the factor either way round', () => {
    assert.equal(timesText(0.0166, 0.001), '16.6x');
    assert.equal(timesText(1e-7, 1e-6), '10x');
  });
});

describe('diagnose/fixes: warm-up only for an early blow-up', () => {
  const warmup = (onsetStep: number, totalSteps: number) => instabilityFixes({ growthPerStep: NaN, onsetStep }, env(0.1, 0, totalSteps), 0.9).some((f) => f.action === 'add_warmup');

  it('offers a warm-up for a blow-up in the first tenth of the run', () => {
    assert.equal(EARLY_BLOWUP_SHARE, 0.1);
    assert.ok(warmup(0, 10_000));
    assert.ok(warmup(900, 10_000));
  });

  it('offers none for a late blow-up (step 5,000 of 10,000), nor past EARLY_BLOWUP_STEPS when the length is unknown', () => {
    assert.ok(!warmup(5000, 10_000));
    assert.ok(warmup(200, NaN));
    assert.ok(!warmup(EARLY_BLOWUP_STEPS + 1, NaN));
  });
});

describe('diagnose/fixes: a learning rate decayed to exactly 0', () => {
  it('a stall raised as flat whose lr then decayed to 0 gets the schedule floor with numbers first', () => {
    const fixes = stallFixes('flat', false, env(NaN, 0), shared({ lrMax: 0.1, lrLast: 0, trainLoss: { level: 1 }, gradNormLast: 0.5 }));
    const [top] = fixes;
    assert.equal(top.action, 'raise_lr');
    assert.equal(top.to, 0.01);
    assert.deepEqual(top.settings, { eta_min: 0.01 });
    assert.match(top.text, /0\.01.*peak 0\.1/);
    assert.ok(fixes.every((f) => f.action !== 'raise_lr' || typeof f.to === 'number'), 'no raise without a number');
  });
});

describe('diagnose/fixes: a stalled adaptive optimizer', () => {
  it('raises Adam\'s lr to cover the distance to the floor, 2(f - f*)/|g|, in half of the planned run', () => {
    const adam: FixEnvironment = { ...env(1e-6, 0.9), optimizer: 'adam', sgdLike: false };
    const s = shared({
      context: { totalSteps: 400 }, trainLoss: { level: 7.61 }, gradNormLast: 36.6,
      updateNorms: Float64Array.from([1.41e-6]), updateNormCount: 1,
    });
    const [top] = stallFixes('flat', false, adam, s);
    // d = 2 * 7.61 / 36.6 = 0.416; lr = 1e-6 * 0.416 / (1.41e-6 * 200) = 1.47e-3, rounded down to 1e-3.
    assert.equal(top.action, 'raise_lr');
    assert.equal(top.to, 1e-3);
    assert.match(top.text, /0\.416 away/);
    assert.match(top.text, /1000x/);
  });
});
