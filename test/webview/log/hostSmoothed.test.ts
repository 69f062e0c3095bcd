import * as assert from 'node:assert/strict';
import { clampSparseForLog, hostSmoothedLine, mergeSmoothedLine, orNull } from '../../../src/webview/log/hostSmoothed';
import type { WireLogSeries } from '../../../src/core/protocol';

describe('webview/log/hostSmoothed: the host\'s smoothed line drawn with the raw samples', () => {
  const line = { weight: 0.6, step: [0, 5, 20, 30], value: [2, 1.5, 1.2, 1] };

  it('puts both on one step column, undefined (joined over) where a line has no point, null (a gap) kept', () => {
    const merged = mergeSmoothedLine([0, 10, 20, 40], [2, null, 1, 0.5], line);
    assert.deepEqual(merged.xs, [0, 5, 10, 20, 30, 40]);
    assert.deepEqual(merged.raw, [2, undefined, null, 1, undefined, 0.5]);
    assert.deepEqual(merged.smoothed, [2, 1.5, undefined, 1.2, 1, undefined]);
    assert.deepEqual(orNull(merged.smoothed), [2, 1.5, null, 1.2, 1, null]);
  });

  it('handles an empty side', () => {
    assert.deepEqual(mergeSmoothedLine([], [], line).smoothed, line.value);
    assert.deepEqual(mergeSmoothedLine([1, 2], [3, 4], { weight: 0.6, step: [], value: [] }), { xs: [1, 2], raw: [3, 4], smoothed: [undefined, undefined] });
  });

  it('uses the host\'s line only at the weight the slider shows (else the host has not caught up yet)', () => {
    const series: WireLogSeries = { step: [0], value: [1], nonFinite: [], exact: true, points: 1, smoothed: line };
    assert.equal(hostSmoothedLine(series, 0.6), line);
    assert.equal(hostSmoothedLine(series, 0.9), undefined);
    assert.equal(hostSmoothedLine({ ...series, smoothed: undefined }, 0.6), undefined);
    assert.equal(hostSmoothedLine(undefined, 0.6), undefined);
  });

  it('clamps for a log axis without filling the holes', () => {
    assert.deepEqual(clampSparseForLog([0, undefined, null, 5, 1e-9], 1e-3), [1e-3, undefined, null, 5, 1e-3]);
  });
});
