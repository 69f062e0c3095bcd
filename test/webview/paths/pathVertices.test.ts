import * as assert from 'node:assert/strict';
import { pathVertices, vertexAtOrBefore } from '../../../src/webview/paths/pathVertices';

const identity = (v: number) => v;

describe('webview/paths/pathVertices', () => {
  it('keeps rows at least minPx apart, plus the first and the last', () => {
    // 0, 0.1, ..., 1.0 along x, then a jump to 5.
    const params: number[] = [];
    for (let k = 0; k <= 10; k++) params.push(k / 10, 0);
    params.push(5, 0);
    const path = pathVertices(params, identity, identity, 0.35);
    // Rows 9 and 10 lie within 0.35 of row 8 and are dropped: the segment 8 -> 11 passes within minPx of them.
    assert.deepEqual(Array.from(path.rows.subarray(0, path.count)), [0, 4, 8, 11]);
    assert.equal(path.lastRow, 11);
    assert.deepEqual(Array.from(path.xy.subarray(0, 2 * path.count)).map((v) => Math.round(v * 10) / 10), [0, 0, 0.4, 0, 0.8, 0, 5, 0]);
  });

  it('keeps the last row even when it is within minPx of the last kept vertex', () => {
    const path = pathVertices([0, 0, 10, 0, 10.1, 0], identity, identity, 1);
    assert.deepEqual(Array.from(path.rows.subarray(0, path.count)), [0, 1, 2]);
  });

  it('stops at the first row that is not finite (a diverged run)', () => {
    const path = pathVertices([0, 0, 1, 1, null, 2, 3, 3], identity, identity, 0.1);
    assert.equal(path.lastRow, 1);
    assert.equal(path.count, 2);
    assert.equal(pathVertices([null, 0], identity, identity).lastRow, -1);
  });

  it('clamps far-off points so canvas coordinates never overflow', () => {
    const path = pathVertices([0, 0, 1e300, -1e300], identity, identity);
    assert.deepEqual(Array.from(path.xy.subarray(2, 4)), [1e5, -1e5]);
  });

  it('finds the last kept vertex at or before a row', () => {
    const params: number[] = [];
    for (let k = 0; k <= 10; k++) params.push(k / 10, 0);
    const path = pathVertices(params, identity, identity, 0.35); // rows 0, 4, 8, 10
    assert.deepEqual([0, 3, 4, 7, 8, 9, 10, 1000].map((row) => path.rows[vertexAtOrBefore(path, row)]), [0, 0, 4, 4, 8, 8, 10, 10]);
    assert.equal(vertexAtOrBefore(path, -1), -1);
  });
});
