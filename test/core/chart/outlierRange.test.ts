import * as assert from 'node:assert/strict';
import { outlierAwareRange } from '../../../src/core/chart/outlierRange';

/** A deterministic noisy series around `level` (uniform noise of +-spread). */
function noisy(n: number, level: number, spread: number, seed = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out.push(level + (seed / 2 ** 32 - 0.5) * 2 * spread);
  }
  return out;
}

function near(a: number, b: number, tol = 1e-9): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

describe('chart/outlierRange: autoscale that ignores a few extreme outliers', () => {
  it('keeps everything when nothing is far out, padded by 5% of the span', () => {
    const values = noisy(1000, 1, 0.2);
    const r = outlierAwareRange(values)!;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    assert.equal(r.droppedBelow + r.droppedAbove, 0);
    assert.equal(r.keptMin, lo);
    assert.equal(r.keptMax, hi);
    near(r.min, lo - 0.05 * (hi - lo));
    near(r.max, hi + 0.05 * (hi - lo));
    assert.equal(r.counted, 1000);
  });

  it('ignores one loss spike of 1e6 and a dip far below, keeping the curve readable', () => {
    const values = noisy(1000, 1, 0.2);
    values[400] = 1e6;
    values[700] = -500;
    const r = outlierAwareRange(values)!;
    assert.equal(r.droppedAbove, 1);
    assert.equal(r.droppedBelow, 1);
    assert.ok(r.keptMax <= 1.2 && r.keptMin >= 0.8);
    assert.ok(r.max < 1.3 && r.min > 0.7);
  });

  it('drops at most 1% per side: spikes that make up 5% of the points are data and stay in range', () => {
    const values = noisy(1000, 1, 0.2);
    for (let i = 0; i < 50; i++) values[i * 20] = 100 + i;
    const r = outlierAwareRange(values)!;
    assert.equal(r.droppedAbove, 10);
    assert.equal(r.keptMax, 139);
  });

  it('drops the steep first steps of a loss curve on a linear axis, not on a log axis where they are a few decades', () => {
    const loss = Array.from({ length: 2000 }, (_, i) => 0.1 + 10 * Math.exp(-i / 3));
    const linear = outlierAwareRange(loss)!;
    assert.equal(linear.droppedAbove, 20);
    assert.ok(linear.keptMax < 0.2, `kept up to ${linear.keptMax}`);
    const decaying = Array.from({ length: 2000 }, (_, i) => 10 * Math.exp(-i / 300));
    const log = outlierAwareRange(decaying, { log: true })!;
    assert.equal(log.droppedAbove + log.droppedBelow, 0);
    near(log.keptMax, 10, 1e-12);
  });

  it('never drops anything from fewer than 100 values (1% of them is no point)', () => {
    const values = noisy(99, 1, 0.1);
    values[5] = 1e9;
    const r = outlierAwareRange(values)!;
    assert.equal(r.droppedAbove, 0);
    assert.equal(r.keptMax, 1e9);
  });

  it('skips nulls, NaN and infinities; null when nothing counts', () => {
    const r = outlierAwareRange([null, 2, NaN, undefined, Infinity, 4, -Infinity])!;
    assert.equal(r.counted, 2);
    assert.equal(r.keptMin, 2);
    assert.equal(r.keptMax, 4);
    assert.equal(outlierAwareRange([]), null);
    assert.equal(outlierAwareRange([NaN, null, Infinity]), null);
  });

  it('on a log axis counts only positive values, pads in decades, null without a positive value', () => {
    const r = outlierAwareRange([0, -1, 1, 10, 100], { log: true })!;
    assert.equal(r.counted, 3);
    near(r.min, 10 ** -0.1);
    near(r.max, 10 ** 2.1);
    assert.equal(outlierAwareRange([0, -3], { log: true }), null);
    const spike = noisy(1000, 1, 0.3).map((v) => v);
    spike[10] = 1e12;
    spike[20] = 1e-15;
    const s = outlierAwareRange(spike, { log: true })!;
    assert.equal(s.droppedAbove, 1);
    assert.equal(s.droppedBelow, 1);
  });

  it('gives a flat series a visible range', () => {
    assert.deepEqual([outlierAwareRange([5, 5, 5])!.min, outlierAwareRange([5, 5, 5])!.max], [4.5, 5.5]);
    assert.deepEqual([outlierAwareRange([0, 0])!.min, outlierAwareRange([0, 0])!.max], [-1, 1]);
    const log = outlierAwareRange([10, 10], { log: true })!;
    near(log.min, 10 ** 0.9);
    near(log.max, 10 ** 1.1);
  });

  it('options: fence Infinity or tailFraction 0 keep everything; padding 0 gives the kept extremes; a scratch buffer gives the same answer', () => {
    const values = noisy(1000, 1, 0.2);
    values[3] = 1e6;
    assert.equal(outlierAwareRange(values, { fence: Infinity })!.keptMax, 1e6);
    assert.equal(outlierAwareRange(values, { tailFraction: 0 })!.keptMax, 1e6);
    const tight = outlierAwareRange(values, { padding: 0 })!;
    assert.equal(tight.min, tight.keptMin);
    assert.equal(tight.max, tight.keptMax);
    const scratch = new Float64Array(2000);
    assert.deepEqual(outlierAwareRange(values, { scratch }), outlierAwareRange(values));
    assert.deepEqual(outlierAwareRange(values, { scratch: new Float64Array(3) }), outlierAwareRange(values));
  });

  it('rejects bad options', () => {
    assert.throws(() => outlierAwareRange([1], { fence: -1 }), RangeError);
    assert.throws(() => outlierAwareRange([1], { fence: NaN }), RangeError);
    assert.throws(() => outlierAwareRange([1], { tailFraction: 0.5 }), RangeError);
    assert.throws(() => outlierAwareRange([1], { padding: -0.1 }), RangeError);
    assert.throws(() => outlierAwareRange([1], { padding: Infinity }), RangeError);
  });
});
