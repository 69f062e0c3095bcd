import * as assert from 'node:assert/strict';
import { contourLevels, contourSegments } from '../../src/webview/contours';

/** Grid of f(i, j) over nx x ny integer points. */
function gridOf(nx: number, ny: number, f: (i: number, j: number) => number): Float64Array {
  const g = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) g[j * nx + i] = f(i, j);
  return g;
}

describe('webview/contours', () => {
  describe('contourSegments', () => {
    it('finds a vertical line where a linear ramp crosses the level, interpolated between samples', () => {
      const segs = contourSegments(gridOf(5, 4, (i) => i), 5, 4, 2.5);
      assert.equal(segs.length, 3 * 4); // one segment per row of cells, 4 numbers each
      for (let k = 0; k < segs.length; k += 2) assert.ok(Math.abs(segs[k] - 2.5) < 1e-12, `x = ${segs[k]}`);
    });

    it('traces a circle of the right radius around the minimum of a paraboloid', () => {
      const n = 41;
      const c = 20;
      const segs = contourSegments(gridOf(n, n, (i, j) => (i - c) ** 2 + (j - c) ** 2), n, n, 100);
      assert.ok(segs.length > 40);
      for (let k = 0; k < segs.length; k += 2) {
        const r = Math.hypot(segs[k] - c, segs[k + 1] - c);
        assert.ok(Math.abs(r - 10) < 0.1, `radius ${r}`);
      }
    });

    it('returns nothing when the level is outside the values', () => {
      assert.equal(contourSegments(gridOf(3, 3, (i, j) => i + j), 3, 3, 10).length, 0);
    });

    it('skips cells with a non-finite corner', () => {
      const g = gridOf(3, 2, (i) => i);
      g[1] = NaN; // shared by both cells of the first row
      assert.equal(contourSegments(g, 3, 2, 0.5).length, 0);
    });

    it('resolves saddle cells by the centre value', () => {
      // Corners c0 = 1, c1 = 0, c2 = 1, c3 = 0 (case 5). Centre 0.5 >= 0.4: the above-corners connect, so
      // each segment cuts off one of the below corners (c1 at (1, 0), c3 at (0, 1)).
      const segs = contourSegments([1, 0, 0, 1], 2, 2, 0.4);
      assert.equal(segs.length, 8);
      const near = (x: number, y: number) => [0, 4].some((k) => Math.hypot((segs[k] + segs[k + 2]) / 2 - x, (segs[k + 1] + segs[k + 3]) / 2 - y) < 0.5);
      assert.ok(near(1, 0) && near(0, 1), `segments ${Array.from(segs)}`);
      // With a level above the centre, the above-corners are cut off instead.
      const high = contourSegments([1, 0, 0, 1], 2, 2, 0.6);
      const nearHigh = (x: number, y: number) => [0, 4].some((k) => Math.hypot((high[k] + high[k + 2]) / 2 - x, (high[k + 1] + high[k + 3]) / 2 - y) < 0.5);
      assert.ok(nearHigh(0, 0) && nearHigh(1, 1), `segments ${Array.from(high)}`);
    });

    it('rejects a grid smaller than its dimensions', () => {
      assert.throws(() => contourSegments([1, 2, 3], 2, 2, 1), RangeError);
    });
  });

  describe('contourLevels', () => {
    it('spaces levels evenly strictly between the extremes', () => {
      assert.deepEqual(contourLevels([0, 10, 5, 2], 4, false), [2, 4, 6, 8]);
    });

    it('spaces levels evenly in log10 when asked, ignoring zero', () => {
      const levels = contourLevels([0, 1e-2, 1, 1e2], 3, true);
      assert.equal(levels.length, 3);
      const logs = levels.map(Math.log10);
      assert.ok(Math.abs(logs[0] - -1) < 1e-12 && Math.abs(logs[1] - 0) < 1e-12 && Math.abs(logs[2] - 1) < 1e-12, String(logs));
    });

    it('limits log levels to maxDecades below the top', () => {
      const levels = contourLevels([1e-30, 1e2], 5, true, 4);
      assert.ok(levels[0] > 1e-2, String(levels[0]));
    });

    it('returns no levels for a flat or empty grid', () => {
      assert.deepEqual(contourLevels([3, 3, 3], 5, false), []);
      assert.deepEqual(contourLevels([NaN, Infinity], 5, false), []);
    });
  });
});
