import * as assert from 'node:assert/strict';
import type { WireLogSeries } from '../../src/core/protocol';
import {
  chartColumns, describeNonFinite, formatStepTick, formatValueTick, isLossLike, toggledTags, usesLogScale,
} from '../../src/webview/log/logSeries';

function series(step: number[], value: (number | null)[]): WireLogSeries {
  return { step, value, nonFinite: [], exact: true, points: step.length };
}

describe('webview/log/logSeries', () => {
  it('puts loss-like tags on a log scale and keeps accuracies and the rest linear', () => {
    for (const tag of ['loss', 'train/loss', 'val_loss', 'Loss/train', 'eval/perplexity', 'nll', 'train_mse', 'top1_err', 'val/error']) {
      assert.ok(isLossLike(tag), tag);
    }
    for (const tag of ['lr', 'learning_rate', 'grad_norm', 'val/accuracy', 'train_acc', 'acc', 'epoch', 'samples_per_sec', 'terrain']) {
      assert.ok(!isLossLike(tag), tag);
    }
    assert.equal(usesLogScale('train/loss', []), true);
    assert.equal(usesLogScale('train/loss', ['train/loss']), false);
    assert.equal(usesLogScale('lr', []), false);
  });

  it('passes columns through, leaving non-finite values as gaps', () => {
    const input = series([0, 10, 20], [1, null, 0.5]);
    const { xs, ys } = chartColumns(input, false);
    assert.deepEqual(xs, [0, 10, 20]);
    assert.deepEqual(ys, [1, null, 0.5]);
    assert.notEqual(xs, input.step, 'uPlot gets its own copy');
  });

  it('orders points by step when they arrive out of order', () => {
    const { xs, ys } = chartColumns(series([20, 0, 10, 10], [3, 1, 2, 2.5]), false);
    assert.deepEqual(xs, [0, 10, 10, 20]);
    assert.deepEqual(ys, [1, 2, 2.5, 3]);
  });

  it('draws zero and negative values at the floor of a log axis instead of dropping them', () => {
    const { ys } = chartColumns(series([0, 1, 2, 3], [0.1, 0, -1, null]), true);
    assert.deepEqual(ys, [0.1, 0.1, 0.1, null]);
  });

  it('gives an empty chart for a tag without a series', () => {
    assert.deepEqual(chartColumns(undefined, true), { xs: [], ys: [] });
  });

  it('words non-finite values for the note under a chart', () => {
    assert.equal(describeNonFinite([]), null);
    assert.equal(describeNonFinite([{ step: 1200, kind: 'nan' }]), 'NaN at step 1,200');
    assert.equal(describeNonFinite([{ step: 20, kind: 'nan' }, { step: 40, kind: '+inf' }, { step: 60, kind: '-inf' }, { step: 80, kind: 'nan' }]),
      '4 non-finite values: NaN at step 20, +Inf at step 40, \u2212Inf at step 60, and 1 more');
  });

  it('adds a ticked tag last and removes an unticked one, keeping the order', () => {
    assert.deepEqual(toggledTags(['loss', 'lr'], 'grad_norm', true), ['loss', 'lr', 'grad_norm']);
    assert.deepEqual(toggledTags(['loss', 'lr', 'grad_norm'], 'lr', false), ['loss', 'grad_norm']);
    assert.deepEqual(toggledTags(['loss'], 'loss', true), ['loss']);
  });

  it('labels axis ticks compactly', () => {
    assert.equal(formatStepTick(12500), '12,500');
    assert.equal(formatStepTick(0.5), '0.5');
    assert.equal(formatValueTick(8e-4), '8e-4');
    assert.equal(formatValueTick(2.5e-4), '2.5e-4');
    assert.equal(formatValueTick(0.25), '0.25');
    assert.equal(formatValueTick(1e6), '1e+6');
  });
});
