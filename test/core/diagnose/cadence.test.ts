/**
 * The cadences of the expensive passes (levelEvery, oscillationHop, spikeRefresh) are thresholds a caller can
 * set: bad values are clamped to something that runs, and the detectors they pace still find what they must at
 * the old, the new and a fine cadence (the corpus figures for each choice are in thresholds.ts).
 */
import * as assert from 'node:assert/strict';
import { createDiagnoser, diagnoseSeries } from '../../../src/core/diagnose';
import { levelWindowFor } from '../../../src/core/diagnose/detectors/oscillation';
import { DEFAULT_THRESHOLDS, resolveThresholds, type DiagnoseThresholds } from '../../../src/core/diagnose/thresholds';
import { curve, gaussian, rng, steps } from './synthetic';

function loss(values: Float64Array, thresholds: Partial<DiagnoseThresholds>) {
  return diagnoseSeries([{ metric: 'loss', steps: steps(values.length), values }], undefined, thresholds);
}

describe('diagnose: cadences of the expensive passes', () => {
  it('defaults: a level every 8 points, a raw oscillation pass every full window, a long-period span of 256 steps, a spike band every 64 points', () => {
    const t = resolveThresholds();
    assert.equal(t.levelEvery, 8);
    assert.equal(t.oscillationHop, DEFAULT_THRESHOLDS.oscillationWindow);
    assert.equal(t.oscillationLevelSpan, 256);
    assert.equal(t.spikeRefresh, 64);
  });

  it('the long-period window holds oscillationLevelSpan steps of levels, within 16..64 levels and the level history', () => {
    const t = (over: Partial<DiagnoseThresholds>) => levelWindowFor(resolveThresholds(over));
    assert.equal(t({}), 32);
    assert.equal(t({ levelEvery: 4 }), 64);
    assert.equal(t({ levelEvery: 1 }), 64);
    assert.equal(t({ levelEvery: 64 }), 16);
    assert.equal(t({ levelHistory: 40, levelEvery: 4 }), 40);
    assert.equal(t({ oscillationLevelSpan: -5 }), 16);
  });

  // What the look back must keep: with two windows to confirm, a pass every full window raises an oscillation at
  // the same step as a pass every half window (looking back half a window when the newest one fires, and coming
  // back after half a window while a streak is unconfirmed), with the same onset.
  const cases: [string, (t: number, g: () => number) => number][] = [
    ['zig-zag from step 150', (t, g) => (1 / (1 + t / 30) + 0.2) * (1 + (t >= 150 ? 0.3 * 0.999 ** t * (t % 2 ? 1 : -1) : 0)) * Math.exp(0.02 * g())],
    ['ringing of period 20', (t, g) => (1 / (1 + t / 50) + 0.1) * (1 + 0.4 * 0.998 ** t * Math.cos((2 * Math.PI * t) / 20)) * Math.exp(0.03 * g())],
    ['ringing of period 12 from step 333', (t, g) => (0.5 + (t >= 333 ? 0.3 * Math.sin((2 * Math.PI * t) / 12) : 0)) * Math.exp(0.05 * g())],
    ['ringing of period 28 under heavy noise', (t, g) => (1 + 0.15 * Math.cos((2 * Math.PI * t) / 28)) * Math.exp(0.1 * g())],
  ];
  for (const [name, f] of cases) {
    it(`a raw pass every full window raises the ${name} at the half-window grid's step and onset`, () => {
      const firstRaise = (oscillationHop: number): { at: number; start: number } | null => {
        const d = createDiagnoser(undefined, { oscillationHop });
        const g = gaussian(rng(21));
        for (let t = 0; t < 800; t++) {
          d.add('loss', t, f(t, g));
          const osc = d.drain().find((x) => x.kind === 'oscillation');
          if (osc) return { at: t, start: osc.step_start };
        }
        return null;
      };
      const grid = firstRaise(32);
      assert.ok(grid, 'the half-window grid finds it');
      assert.deepEqual(firstRaise(64), grid);
    });
  }
  it('with one window to confirm, the onset is the start of the window that raised (no look back)', () => {
    const d = createDiagnoser(undefined, { oscillationHop: 64, oscillationConfirm: 1 });
    const g = gaussian(rng(23));
    let raised: { at: number; start: number } | null = null;
    for (let t = 0; t < 600 && raised === null; t++) {
      d.add('loss', t, (0.5 + (t >= 333 ? 0.3 * Math.sin((2 * Math.PI * t) / 12) : 0)) * Math.exp(0.05 * g()));
      const osc = d.drain().find((x) => x.kind === 'oscillation');
      if (osc) raised = { at: t, start: osc.step_start };
    }
    assert.ok(raised);
    assert.equal(raised.start, raised.at - 63);
  });
  it('a pass every full window stays quiet on a noisy decay without a period', () => {
    const g = gaussian(rng(22));
    const values = curve(3000, (t) => (2 / (1 + t / 40) + 0.05) * Math.exp(0.2 * g()));
    assert.deepEqual(loss(values, { oscillationHop: 64 }).filter((x) => x.kind === 'oscillation'), []);
  });

  it('clamps bad cadences to at least every point and rounds fractions; ignores non-numbers', () => {
    const t = resolveThresholds({ levelEvery: 0, oscillationHop: -3, spikeRefresh: 2.6, gradNormSample: 0.2 });
    assert.equal(t.levelEvery, 1);
    assert.equal(t.gradNormSample, 1);
    assert.equal(t.oscillationHop, 1);
    assert.equal(t.spikeRefresh, 3);
    const u = resolveThresholds({ levelEvery: NaN, oscillationHop: Infinity, spikeRefresh: 'x' as unknown as number });
    assert.equal(u.levelEvery, DEFAULT_THRESHOLDS.levelEvery);
    assert.equal(u.oscillationHop, DEFAULT_THRESHOLDS.oscillationHop);
    assert.equal(u.spikeRefresh, DEFAULT_THRESHOLDS.spikeRefresh);
  });

  for (const spikeRefresh of [1, 32, 64]) {
    it(`spikeRefresh ${spikeRefresh}: a recovering 10x jump is a spike at its step; the noisy curve alone is not`, () => {
      const g = gaussian(rng(11));
      const noisy = curve(600, (t) => (2 / (1 + t / 20) + 0.05) * Math.exp(0.05 * g()));
      const spiked = noisy.map((v, t) => v * (t === 300 ? 10 : 1));
      const found = loss(spiked, { spikeRefresh }).filter((f) => f.kind === 'spike');
      assert.equal(found.length, 1);
      assert.equal(found[0].step_start, 300);
      assert.deepEqual(loss(noisy, { spikeRefresh }).filter((f) => f.kind === 'spike'), []);
    });
  }

  for (const oscillationHop of [8, 32]) {
    it(`oscillationHop ${oscillationHop}: a slowly decaying zig-zag is an oscillation, a smooth decay is not`, () => {
      const g = gaussian(rng(12));
      const zigzag = curve(400, (t) => 1 + 0.5 * 0.999 ** t * (t % 2 === 0 ? 1 : -1) * (1 + 0.01 * g()));
      const osc = loss(zigzag, { oscillationHop }).find((f) => f.kind === 'oscillation');
      assert.ok(osc);
      assert.equal(osc.evidence.pattern, 'zigzag');
      const smooth = curve(400, (t) => 2 / (1 + t / 20) + 0.05);
      assert.equal(loss(smooth, { oscillationHop }).find((f) => f.kind === 'oscillation'), undefined);
    });
  }

  for (const gradNormSample of [1, 4, 16]) {
    it(`gradNormSample ${gradNormSample}: the clipping fix of a spike quotes about the 90th percentile of the norms`, () => {
      const n = 2000;
      const g = gaussian(rng(13));
      const values = curve(n, (t) => (1 / (1 + t / 50) + 0.1) * Math.exp(0.03 * g()) * (t === 1000 ? 8 : 1));
      // Norms uniform in [1, 2): the 90th percentile is 1.9, whichever quarter or sixteenth of them is sampled.
      const uniform = rng(14);
      const grad = curve(n, () => 1 + uniform());
      const spike = diagnoseSeries([{ metric: 'loss', steps: steps(n), values }, { metric: 'grad_norm', steps: steps(n), values: grad }], undefined, { gradNormSample })
        .find((f) => f.kind === 'spike');
      const clip = spike?.fixes.find((x) => x.action === 'clip_grad_norm');
      assert.ok(clip && typeof clip.to === 'number' && clip.to >= 1.8 && clip.to <= 2, JSON.stringify(clip));
    });
  }

  for (const levelEvery of [4, 6]) {
    it(`levelEvery ${levelEvery}: a geometric blow-up is a divergence before it overflows`, () => {
      const values = curve(400, (t) => (t < 200 ? 1 / (1 + t / 20) : (1 / 11) * 1.2 ** (t - 200)));
      const div = loss(values, { levelEvery }).find((f) => f.kind === 'divergence');
      assert.ok(div);
      assert.ok(div.step_start >= 190 && div.step_start <= 240, `onset ${div.step_start}`);
    });
  }
});
