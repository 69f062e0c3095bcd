import * as assert from 'node:assert/strict';
import { createDiagnoser, diagnoseSeries } from '../../../../src/core/diagnose';
import { curve, diagnoseLoss, steps } from '../synthetic';

describe('diagnose/detectors/nan', () => {
  it('raises an error on the first NaN of the loss, on that very point, and follows later ones', () => {
    const d = createDiagnoser();
    for (let t = 0; t < 50; t++) {
      d.add('loss', t, 1 / (1 + t));
      assert.deepEqual(d.drain(), []);
    }
    d.add('loss', 50, NaN);
    const raised = d.drain();
    assert.equal(raised.length, 1);
    assert.equal(raised[0].kind, 'nan');
    assert.equal(raised[0].severity, 'error');
    assert.equal(raised[0].step_start, 50);
    assert.equal(raised[0].evidence.value, 'NaN');
    d.add('loss', 51, Infinity);
    d.add('loss', 52, NaN);
    const again = d.drain();
    assert.equal(again.length, 1);
    assert.equal(again[0], raised[0], 'the same finding object, grown');
    assert.equal(again[0].step_end, 52);
    assert.equal(again[0].evidence.count, 3);
    assert.match(again[0].message, /loss became NaN at step 50/);
    const all = d.end();
    assert.equal(all.filter((f) => f.kind === 'nan').length, 1);
  });

  it('reports Inf in the gradient norm, and a NaN that came from nowhere suggests checking the data first', () => {
    const findings = diagnoseSeries([
      { metric: 'loss', steps: steps(100), values: curve(100, (t) => 2 * Math.exp(-t / 30) + 0.1) },
      { metric: 'grad_norm', steps: steps(100), values: curve(100, (t) => (t === 70 ? Infinity : 1)) },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].kind, 'nan');
    assert.equal(findings[0].metric, 'grad_norm');
    assert.equal(findings[0].step_start, 70);
    assert.equal(findings[0].evidence.value, 'Infinity');
    assert.equal(findings[0].fixes[0].action, 'check_data');
  });

  it('ignores NaN in metrics that are not loss-like or gradient norms', () => {
    const findings = diagnoseSeries([
      { metric: 'loss', steps: steps(100), values: curve(100, (t) => 1 / (1 + t)) },
      { metric: 'accuracy', steps: steps(100), values: curve(100, () => NaN) },
    ]);
    assert.deepEqual(findings, []);
  });

  it('one finding per metric: loss and val_loss each get theirs', () => {
    const findings = diagnoseSeries([
      { metric: 'train/loss', steps: steps(20), values: curve(20, (t) => (t >= 10 ? NaN : 1)) },
      { metric: 'val/loss', steps: steps(20), values: curve(20, (t) => (t >= 15 ? NaN : 1)) },
    ]);
    const nans = findings.filter((f) => f.kind === 'nan');
    assert.deepEqual(nans.map((f) => [f.metric, f.step_start, f.step_end]), [['train/loss', 10, 19], ['val/loss', 15, 19]]);
  });

  it('a run that is NaN from its first point: one nan finding, no throw', () => {
    const findings = diagnoseLoss(curve(10, () => NaN));
    assert.deepEqual(findings.map((f) => f.kind), ['nan']);
    assert.equal(findings[0].step_start, 0);
    assert.equal(findings[0].evidence.last_finite, null);
    assert.doesNotThrow(() => JSON.stringify(findings));
  });
});
