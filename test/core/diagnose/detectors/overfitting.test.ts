import * as assert from 'node:assert/strict';
import { diagnoseSeries, type MetricSeriesInput } from '../../../../src/core/diagnose';
import { curve, gaussian, kinds, rng, steps } from '../synthetic';

function run(valAt: (t: number) => number, withTrain = true, seed = 1) {
  const g = gaussian(rng(seed));
  const n = 1000;
  const train = curve(n, (t) => (2 / (1 + t / 10) ** 0.8 + 0.01) * Math.exp(0.1 * g()));
  const evalSteps = steps(n / 10).map((s) => 10 * s);
  const val = evalSteps.map((t) => valAt(t) * Math.exp(0.01 * g()));
  const series: MetricSeriesInput[] = [{ metric: 'val_loss', steps: evalSteps, values: val }];
  if (withTrain) series.unshift({ metric: 'loss', steps: steps(n), values: train });
  return diagnoseSeries(series);
}

describe('diagnose/detectors/overfitting', () => {
  it('flags a validation U-shape while the training loss falls, with early stopping at the best step', () => {
    const f = run((t) => 0.5 + 1.8 * Math.exp(-t / 100) + (t > 400 ? 0.4 * ((t - 400) / 600) ** 1.5 : 0)).find((x) => x.kind === 'overfitting');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.ok(Math.abs((f.evidence.best_step as number) - 400) <= 100, String(f.evidence.best_step));
    assert.equal(f.fixes[0].action, 'early_stop');
    assert.equal(f.fixes[0].to, f.evidence.best_step);
    assert.match(f.message, /while the training loss kept falling/);
  });

  it('flags a rise measured only every 25 steps: the trend between sparse evaluations is not counted as noise', () => {
    // Validation every 25 steps, best near step 600, then +20% of its floor by step 1000 (convex), 2% noise. Between
    // two evaluations the rise moves the loss ~2%; taken as noise (first differences) it set the 4-sigma bar above
    // the rise itself. Second differences cancel the trend.
    for (const seed of [1, 2, 3]) {
      const g = gaussian(rng(seed));
      const n = 1000;
      const train = curve(n, (t) => (2 / (1 + t / 10) ** 0.8 + 0.001) * Math.exp(0.1 * g()));
      const evalSteps = steps(n / 25 + 1).map((s) => 25 * s);
      const val = evalSteps.map((t) => (0.5 + 1.8 * Math.exp(-t / 125) + (t > 500 ? 0.1 * ((t - 500) / 500) ** 1.5 : 0)) * Math.exp(0.02 * g()));
      const found = diagnoseSeries([{ metric: 'loss', steps: steps(n), values: train }, { metric: 'val_loss', steps: evalSteps, values: val }]);
      assert.ok(kinds(found).includes('overfitting'), `seed ${seed}: ${kinds(found).join(',')}`);
    }
  });

  it('no finding when validation follows training down, or without a training loss to compare', () => {
    assert.deepEqual(kinds(run((t) => 1.1 * (2 / (1 + t / 10) ** 0.8 + 0.01))), []);
    assert.deepEqual(kinds(run((t) => 0.5 + 1.8 * Math.exp(-t / 100) + (t > 400 ? 0.4 * ((t - 400) / 600) ** 1.5 : 0), false)), []);
  });

  it('leaves out a rise at the precision end: a validation loss that fell 1000x and doubles by a thousandth of that fall', () => {
    // As an MLP fitting 40 separable points: validation 0.6 -> 6e-4 by step 20, up to 1.1e-3 by step 200 (+80%),
    // then down to 3e-4; the training loss keeps falling. Stopping at step 20 would gain nothing.
    const val = (t: number) => 0.6 * Math.exp(-t / 3) + 6e-4 + 5e-4 * Math.min(1, t / 200) * Math.exp(-Math.max(0, t - 200) / 800);
    assert.deepEqual(kinds(run(val)).filter((k) => k === 'overfitting'), []);
    // The same shape with a real rise (validation fell 4x and regains a fifth of that) is still flagged.
    assert.ok(kinds(run((t) => 0.5 + 1.5 * Math.exp(-t / 30) + 0.3 * Math.min(1, Math.max(0, t - 200) / 300))).includes('overfitting'));
  });

  it('keeps describing the episode it raised when validation later falls below that best', () => {
    // Rises 60% from step 300 to 500, then falls far below the old best by the end.
    const val = (t: number) => (t <= 300 ? 0.5 + 1.5 * Math.exp(-t / 60) : t <= 500 ? 0.51 * (1 + 0.6 * (t - 300) / 200) : 0.816 * Math.exp(-(t - 500) / 100));
    const f = run(val).find((x) => x.kind === 'overfitting');
    assert.ok(f);
    assert.ok((f.evidence.best_step as number) <= 350, String(f.evidence.best_step));
    assert.ok((f.evidence.rise as number) >= 0.3, String(f.evidence.rise));
    assert.ok((f.evidence.evaluations as number) >= 3, String(f.evidence.evaluations));
    assert.ok(f.step_end <= 560, `the episode ends where the level went back under its best, not at ${f.step_end}`);
    assert.equal(f.fixes[0].to, f.evidence.best_step);
  });
});
