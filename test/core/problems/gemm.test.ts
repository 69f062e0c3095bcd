import * as assert from 'node:assert/strict';
import { multiplyTransposed, transpose } from '../../../src/core/problems/gemm';
import { createRng } from '../../../src/core/random';

describe('multiplyTransposed (C = A B^T)', () => {
  it('matches the naive product for every remainder of the 4 x 4 blocking, with offsets', () => {
    const rng = createRng(8);
    for (const [m, n, k] of [[1, 1, 1], [4, 4, 3], [5, 7, 2], [8, 9, 5], [3, 6, 1], [7, 3, 4], [12, 16, 9]]) {
      const a = Float64Array.from({ length: 3 + m * k }, () => rng.normal());
      const b = Float64Array.from({ length: 5 + n * k }, () => rng.normal());
      const c = new Float64Array(2 + m * n);
      multiplyTransposed(a, 3, b, 5, c, 2, m, n, k);
      for (let r = 0; r < m; r++) {
        for (let col = 0; col < n; col++) {
          let s = 0;
          for (let i = 0; i < k; i++) s += a[3 + r * k + i] * b[5 + col * k + i];
          assert.equal(c[2 + r * n + col], s, `${m}x${n}x${k} at (${r}, ${col})`);
        }
      }
      assert.equal(c[0], 0);
      assert.equal(c[1], 0);
    }
  });

  it('transposes', () => {
    const out = new Float64Array(6);
    transpose(Float64Array.of(9, 1, 2, 3, 4, 5, 6), 1, out, 2, 3);
    assert.deepEqual(Array.from(out), [1, 4, 2, 5, 3, 6]);
  });
});
