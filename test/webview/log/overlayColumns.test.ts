import assert from 'node:assert/strict';
import { alignLines } from '../../../src/webview/log/overlayColumns';

describe('log/overlayColumns: one run needs no merge', () => {
  it('gives one run its own columns, repeats, gaps and smoothed line included', () => {
    const line = { xs: [1, 2, 2, 5], ys: [3, null, 4, undefined], smoothed: [3, 3, 3.5, 3.6] };
    const aligned = alignLines([line]);
    assert.deepEqual(aligned, { xs: [1, 2, 2, 5], ys: [[3, null, 4, undefined]], smoothed: [[3, 3, 3.5, 3.6]] });
    // The same answer the merge of two runs gives for that run when the other adds no x of its own.
    const merged = alignLines([line, { xs: [1], ys: [0], smoothed: null }]);
    assert.deepEqual(merged.xs, aligned.xs);
    assert.deepEqual(merged.ys[0], aligned.ys[0]);
    assert.deepEqual(merged.smoothed[0], aligned.smoothed[0]);
  });

  it('returns copies: the chart may change them without touching the snapshot', () => {
    const line = { xs: [1, 2], ys: [3, 4], smoothed: null };
    const aligned = alignLines([line]);
    aligned.xs.push(9);
    aligned.ys[0][0] = 7;
    assert.deepEqual(line, { xs: [1, 2], ys: [3, 4], smoothed: null });
    assert.equal(aligned.smoothed[0], null);
  });
});
