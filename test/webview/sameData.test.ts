import * as assert from 'node:assert/strict';
import { sameColumns } from '../../src/webview/charts/sameData';

describe('webview/charts/sameData: a snapshot that changes nothing on a chart is not repainted', () => {
  it('finds equal columns equal, NaN included', () => {
    assert.equal(sameColumns([[0, 1, 2], [1, NaN, null]], [[0, 1, 2], [1, NaN, null]]), true);
  });

  it('sees an appended point, a changed value, a gap that became a point, and another number of series', () => {
    assert.equal(sameColumns([[0, 1], [1, 2]], [[0, 1, 2], [1, 2, 3]]), false);
    assert.equal(sameColumns([[0, 1], [1, 2]], [[0, 1], [1, 2.5]]), false);
    assert.equal(sameColumns([[0, 1], [1, null]], [[0, 1], [1, undefined]]), false);
    assert.equal(sameColumns([[0, 1], [1, 2]], [[0, 1], [1, 2], [1, 2]]), false);
    assert.equal(sameColumns(null, [[0]]), false);
  });
});
