import assert from 'node:assert/strict';
import { buildColumns, ColumnBuffer } from '../../src/webview/charts/columnRects';

const identity = (v: number): number => v;

function columns(xs: (number | null | undefined)[], ys: (number | null | undefined)[], toY = identity, thickness = 1, toX = identity) {
  const out = new ColumnBuffer();
  const n = buildColumns(xs, ys, 0, xs.length - 1, toX, toY, thickness, out);
  return Array.from({ length: n }, (_, i) => ({ x: out.x[i], top: out.top[i], bottom: out.bottom[i] }));
}

/** True when some rectangle covers the pixel containing (x, y). */
function covered(rects: { x: number; top: number; bottom: number }[], x: number, y: number): boolean {
  const px = Math.floor(x);
  const py = Math.floor(y);
  return rects.some((r) => r.x === px && r.top <= py && py < r.bottom);
}

/** Consecutive columns overlap or touch vertically (the line is drawn without breaks). */
function connected(rects: { x: number; top: number; bottom: number }[]): boolean {
  for (let i = 1; i < rects.length; i++) {
    const a = rects[i - 1];
    const b = rects[i];
    if (b.x !== a.x + 1) return false;
    if (b.top > a.bottom || a.top > b.bottom) return false;
  }
  return true;
}

describe('columnRects: a dense line as pixel columns', () => {
  it('covers every min and max of min/max-decimated data, spikes included', () => {
    // Four points per pixel column (as M4 decimation hands over), a +100 spike in column 7.
    const xs: number[] = [];
    const ys: number[] = [];
    let seed = 3;
    for (let c = 0; c < 50; c++) {
      for (let k = 0; k < 4; k++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        xs.push(c + k / 4 + 0.1);
        ys.push(150 + (seed / 4294967296) * 20 + (c === 7 && k === 2 ? 100 : 0));
      }
    }
    const rects = columns(xs, ys, identity, 1.5);
    assert.equal(rects.length, 50);
    for (let i = 0; i < xs.length; i++) assert.ok(covered(rects, xs[i], ys[i]), `point ${i} (${xs[i]}, ${ys[i]}) not covered`);
    assert.ok(connected(rects));
    const spike = rects.find((r) => r.x === 7)!;
    assert.ok(spike.bottom >= 250, 'the spike column reaches the spike');
  });

  it('fills the columns a long segment crosses, so the line stays connected', () => {
    const rects = columns([0.5, 10.5], [0, 100]);
    assert.deepEqual(rects.map((r) => r.x), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(connected(rects));
    // The segment's height where it crosses column 5 (x from 5 to 6: y from 45 to 55), reaching one column
    // back (from x = 4, y 35) as a 1.5-px stroke does, and no further.
    const mid = rects[5];
    assert.ok(mid.top <= 45 && mid.bottom >= 55 && mid.top >= 34 && mid.bottom <= 57, JSON.stringify(mid));
  });

  it('draws the flanks of a one-point spike full height in both columns they touch, as a stroke does', () => {
    // Base at y 200, the spike at y 20 in column 5, points either side in columns 4 and 6.
    const rects = columns([4.9, 5.5, 6.1], [200, 20, 200], identity, 1.5);
    assert.deepEqual(rects.map((r) => r.x), [4, 5, 6]);
    const [left, peak, right] = rects;
    assert.ok(peak.top <= 20 && peak.bottom >= 200, 'the spike column spans base to tip');
    assert.ok(right.top <= 20 && right.bottom >= 200, 'the falling flank is covered full height in the next column');
    // The rising flank leaves column 4 at its right edge, x = 5: y = 200 - 180 * 0.1 / 0.6 = 170.
    assert.ok(left.bottom >= 200 && left.top <= 170 && left.top >= 168, JSON.stringify(left));
  });

  it('starts afresh at a point left of the column being built (x must ascend)', () => {
    const rects = columns([5.5, 2.5, 3.5], [10, 50, 50]);
    assert.deepEqual(rects.map((r) => r.x), [5, 2, 3]);
    assert.ok(rects[0].bottom <= 12, 'no column joins the point that went backwards');
  });

  it('a flat line is at least one pixel tall, as thick as the line width', () => {
    assert.deepEqual(columns([0.2, 1.2, 2.2], [10.4, 10.4, 10.4], identity, 0.1).map((r) => r.bottom - r.top), [1, 1, 1]);
    assert.deepEqual(columns([0.2, 1.2, 2.2], [10, 10, 10], identity, 2).map((r) => [r.top, r.bottom]), [[9, 11], [9, 11], [9, 11]]);
  });

  it('keeps a null as a gap: no column joins the two sides', () => {
    const rects = columns([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], [10, 10, null, null, 80, 80]);
    assert.deepEqual(rects.map((r) => r.x), [0, 1, 4, 5]);
    assert.ok(rects.every((r) => r.bottom - r.top <= 2), 'no column spans the jump across the gap');
  });

  it('goes on over undefined (no point of this run at that x)', () => {
    const rects = columns([0.5, 1.5, 2.5], [10, undefined, 30]);
    assert.deepEqual(rects.map((r) => r.x), [0, 1, 2]);
    assert.ok(connected(rects));
  });

  it('treats a value a log axis cannot place as a gap', () => {
    // A log mapping: y pixel = 100 - 20 log10(v); 0 and negatives have no position.
    const log = (v: number): number => (v > 0 ? 100 - 20 * Math.log10(v) : NaN);
    const rects = columns([0.5, 1.5, 2.5, 3.5], [1, 10, 0, 1000], log);
    assert.deepEqual(rects.map((r) => r.x), [0, 1, 3]);
    // Column 1 spans from y(1) = 100 at the left edge... to y(10) = 80 (the segment between the first two points).
    assert.ok(covered(rects, 0.5, 100) && covered(rects, 1.5, 80) && covered(rects, 3.5, 40));
    assert.ok(connected(rects.slice(0, 2)));
  });

  it('places points by the given x mapping (device pixels) and ignores points without an x', () => {
    const rects = columns([0, 1, null, 3], [5, 5, 5, 5], identity, 1, (v) => v * 2 + 0.5);
    // x 0 -> 0.5 (column 0), 1 -> 2.5 (column 2; column 1 crossed), null breaks, 3 -> 6.5.
    assert.deepEqual(rects.map((r) => r.x), [0, 1, 2, 6]);
  });

  it('draws nothing for no points and one column for one point', () => {
    assert.deepEqual(columns([], []), []);
    assert.deepEqual(columns([3.7], [20.2]), [{ x: 3, top: 20, bottom: 21 }]);
    assert.deepEqual(columns([3.7], [null]), []);
  });

  it('reuses its buffer across redraws', () => {
    const out = new ColumnBuffer();
    buildColumns([0.5, 1.5, 2.5], [1, 2, 3], 0, 2, identity, identity, 1, out);
    const first = out.x;
    assert.equal(buildColumns([0.5, 1.5], [1, 2], 0, 1, identity, identity, 1, out), 2);
    assert.equal(out.x, first);
  });
});
