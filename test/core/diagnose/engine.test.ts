import * as assert from 'node:assert/strict';
import { createDiagnoser, diagnoseSeries, metricRole } from '../../../src/core/diagnose';
import { curve, diagnoseLoss, steps } from './synthetic';

describe('diagnose/engine', () => {
  it('drain() returns one shared, frozen empty array while nothing changed', () => {
    const d = createDiagnoser();
    const a = d.drain();
    d.add('loss', 0, 1);
    const b = d.drain();
    assert.equal(a, b);
    assert.equal(a.length, 0);
    assert.ok(Object.isFrozen(a));
  });

  it('infers roles from names', () => {
    assert.equal(metricRole('train/loss'), 'loss');
    assert.equal(metricRole('loss'), 'loss');
    assert.equal(metricRole('val_loss'), 'val_loss');
    assert.equal(metricRole('eval/loss'), 'val_loss');
    assert.equal(metricRole('validation_loss'), 'val_loss');
    assert.equal(metricRole('test_loss'), 'val_loss');
    assert.equal(metricRole('grad_norm'), 'grad_norm');
    assert.equal(metricRole('lr-SGD'), 'lr');
    assert.equal(metricRole('update_norm'), 'update_norm');
    assert.equal(metricRole('velocity_norm'), 'velocity_norm');
    assert.equal(metricRole('update_cosine'), 'update_cosine');
    assert.equal(metricRole('param_norm'), 'param_norm');
    assert.equal(metricRole('loss_scale'), 'other');
    assert.equal(metricRole('accuracy'), 'other');
  });

  it('setRole makes a metric with any name a loss', () => {
    const d = createDiagnoser();
    d.setRole('objective', 'loss');
    d.add('objective', 0, 1);
    d.add('objective', 1, NaN);
    assert.deepEqual(d.drain().map((f) => f.kind), ['nan']);
  });

  it('setRole moves a metric into and out of the loss detectors, also after points were fed', () => {
    const d = createDiagnoser();
    d.add('accuracy', 0, 0.5);
    d.add('accuracy', 1, NaN);
    assert.deepEqual(d.drain(), [], 'accuracy is no loss: its NaN is nobody\'s finding');
    d.setRole('accuracy', 'loss');
    d.add('accuracy', 2, NaN);
    assert.deepEqual(d.drain().map((f) => [f.kind, f.metric, f.step_start]), [['nan', 'accuracy', 2]]);
    d.add('loss', 0, 1);
    d.setRole('loss', 'other');
    d.add('loss', 1, NaN);
    assert.deepEqual(d.drain(), [], 'a loss made "other" no longer reaches the loss detectors');
  });

  describe('bad input: no throw, sensible findings', () => {
    it('0 points and 1 point give nothing', () => {
      assert.deepEqual(diagnoseSeries([]), []);
      assert.deepEqual(diagnoseLoss([]), []);
      assert.deepEqual(diagnoseLoss([3]), []);
      assert.deepEqual(createDiagnoser().end(), []);
    });

    it('NaN steps, steps going backwards and duplicated steps are dropped, not fed', () => {
      const d = createDiagnoser();
      d.add('loss', NaN, NaN);
      d.add('loss', Infinity, NaN);
      d.add('loss', 5, 1);
      d.add('loss', 5, NaN);
      d.add('loss', 3, NaN);
      assert.deepEqual(d.end(), [], 'the NaN values came with rejected steps');
      d.add('loss', 6, NaN);
      assert.deepEqual(d.drain().map((f) => [f.kind, f.step_start]), [['nan', 6]]);
    });

    it('huge finite values and an exact-zero floor do not break the numbers', () => {
      const findings = diagnoseLoss(curve(200, (t) => (t < 100 ? 0 : 1e300 * (t - 99))));
      for (const f of findings) assert.doesNotThrow(() => JSON.stringify(f));
      // Flat at 1e300 with no known minimum: a stall (nothing says it is converged), and JSON-ready numbers.
      const huge = diagnoseLoss(curve(200, () => 1e300));
      assert.deepEqual(huge.map((f) => f.kind), ['stall']);
      assert.equal(huge[0].evidence.level, 1e300);
      assert.deepEqual(diagnoseLoss(curve(200, () => 1e300), { minimumLoss: 1e300 }), []);
    });

    it('a loss that goes negative (no known minimum) gets no ratio-based findings', () => {
      assert.deepEqual(diagnoseLoss(curve(500, (t) => 1 - t / 10)), []);
    });

    it('interleaves several series by step', () => {
      const findings = diagnoseSeries([
        { metric: 'loss', steps: steps(50), values: curve(50, (t) => (t === 40 ? NaN : 1)) },
        { metric: 'grad_norm', steps: steps(25, 0).map((s) => 2 * s), values: curve(25, (t) => (t === 10 ? NaN : 1)) },
      ]);
      assert.deepEqual(findings.map((f) => [f.metric, f.step_start]), [['grad_norm', 20], ['loss', 40]]);
    });
  });

  it('findings are sorted by step_start and JSON-ready', () => {
    const findings = diagnoseLoss(curve(300, (t) => (t < 250 ? 1.1 ** t : NaN)));
    for (let i = 1; i < findings.length; i++) assert.ok(findings[i - 1].step_start <= findings[i].step_start);
    const round = JSON.parse(JSON.stringify(findings));
    assert.deepEqual(round, findings);
  });
});
