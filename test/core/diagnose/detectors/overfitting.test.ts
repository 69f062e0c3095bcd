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

  it('no finding when validation follows training down, or without a training loss to compare', () => {
    assert.deepEqual(kinds(run((t) => 1.1 * (2 / (1 + t / 10) ** 0.8 + 0.01))), []);
    assert.deepEqual(kinds(run((t) => 0.5 + 1.8 * Math.exp(-t / 100) + (t > 400 ? 0.4 * ((t - 400) / 600) ** 1.5 : 0), false)), []);
  });
});
