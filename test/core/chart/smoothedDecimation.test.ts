import * as assert from 'node:assert/strict';
import { decimateSmoothed, emaWarmup, type SmoothedColumns } from '../../../src/core/chart/smoothedDecimation';
import { smoothEma } from '../../../src/core/chart/smoothing';
import { SeriesStore } from '../../../src/core/logs/seriesStore';

/** A plain in-memory series (steps 0, stepGap, 2 stepGap...). */
function arraySeries(values: number[], stepGap = 1): { length: number; step(i: number): number; value(i: number): number } {
  return { length: values.length, step: (i) => i * stepGap, value: (i) => values[i] };
}

function walk(n: number, seed = 9, spikeEvery = 0): number[] {
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += seed / 2 ** 32 - 0.5;
    out.push(spikeEvery && i % spikeEvery === spikeEvery - 1 ? v + 50 : v);
  }
  return out;
}

function columns(pixels: number): SmoothedColumns {
  return { step: new Float64Array(4 * pixels), value: new Float64Array(4 * pixels) };
}

/** The whole series smoothed the plain way (smoothing.ts), for reference. */
function smoothedAll(values: number[], w: number): Float64Array {
  const out = new Float64Array(values.length);
  smoothEma(values, out, w);
  return out;
}

describe('chart/smoothedDecimation: the EMA of every point, min/max-decimated in one pass', () => {
  it('returns every smoothed point of a small range, equal to smoothing the whole series', () => {
    const values = walk(500);
    const full = smoothedAll(values, 0.6);
    const out = columns(200);
    const r = decimateSmoothed(arraySeries(values), 100, 399, 200, 0.6, out);
    assert.equal(r.exact, true);
    assert.equal(r.length, 300);
    for (let j = 0; j < r.length; j++) {
      assert.equal(out.step[j], 100 + j);
      assert.ok(Math.abs(out.value[j] - full[100 + j]) < 1e-12, `point ${j}`);
    }
  });

  it('keeps, per pixel bucket, the first, smallest, largest and last smoothed point (M4), all real smoothed points', () => {
    const values = walk(20_000, 4, 997);
    const full = smoothedAll(values, 0.6);
    const pixels = 100;
    const out = columns(pixels);
    const r = decimateSmoothed(arraySeries(values), -Infinity, Infinity, pixels, 0.6, out);
    assert.equal(r.exact, false);
    assert.ok(r.length <= 4 * pixels && r.length >= 2 * pixels);
    for (let j = 0; j < r.length; j++) {
      assert.ok(Math.abs(out.value[j] - full[out.step[j]]) < 1e-12, 'a real smoothed point');
      if (j > 0) assert.ok(out.step[j] > out.step[j - 1], 'in step order, no repeats');
    }
    const kept = new Map<number, number>();
    for (let j = 0; j < r.length; j++) kept.set(out.step[j], out.value[j]);
    // The documented buckets: k = floor(step / 19999 * 100), the last step in the last bucket.
    for (let k = 0; k < pixels; k++) {
      let first = -1, last = -1, min = -1, max = -1;
      for (let i = 0; i < values.length; i++) {
        const b = i === values.length - 1 ? pixels - 1 : Math.floor((i / (values.length - 1)) * pixels);
        if (b !== k) continue;
        if (first < 0) first = i;
        last = i;
        if (min < 0 || full[i] < full[min]) min = i;
        if (max < 0 || full[i] > full[max]) max = i;
      }
      for (const i of [first, min, max, last]) assert.ok(kept.has(i), `bucket ${k} keeps step ${i}`);
    }
  });

  it('starts the EMA far enough back: a zoomed range deep in a long series matches the whole-series smoothing', () => {
    const values = walk(300_000, 21, 5000);
    for (const w of [0.6, 0.99, 0.999]) {
      const full = smoothedAll(values, w);
      const out = columns(50);
      const r = decimateSmoothed(arraySeries(values), 250_000, 250_150, 50, w, out);
      assert.equal(r.exact, true);
      for (let j = 0; j < r.length; j++) assert.ok(Math.abs(out.value[j] - full[out.step[j]]) < 1e-9 * Math.max(1, Math.abs(full[out.step[j]])), `w ${w}`);
    }
    assert.equal(emaWarmup(0), 0);
    assert.ok(0.999 ** emaWarmup(0.999) < 2 ** -60 && 0.999 ** (emaWarmup(0.999) - 1) >= 2 ** -60);
  });

  it('skips NaN and infinities (drawn apart) without letting them disturb the average, as TensorBoard does', () => {
    const values = walk(300);
    values[10] = NaN;
    values[50] = Infinity;
    values[51] = -Infinity;
    const full = smoothedAll(values, 0.6);
    const out = columns(100);
    const r = decimateSmoothed(arraySeries(values), 0, 299, 100, 0.6, out);
    assert.equal(r.length, 297);
    const steps = [...out.step.subarray(0, r.length)];
    assert.ok(!steps.includes(10) && !steps.includes(50) && !steps.includes(51));
    for (let j = 0; j < r.length; j++) assert.ok(Math.abs(out.value[j] - full[out.step[j]]) < 1e-12);
  });

  it('returns the raw value for a flat series (no last-digit wobble for the autoscale to magnify)', () => {
    const values = new Array(5000).fill(0.1);
    const out = columns(100);
    const r = decimateSmoothed(arraySeries(values), -Infinity, Infinity, 100, 0.6, out);
    for (let j = 0; j < r.length; j++) assert.equal(out.value[j], 0.1);
  });

  it('weight 0 is the min/max decimation of the raw values', () => {
    const values = walk(10_000, 5, 333);
    const out = columns(50);
    const r = decimateSmoothed(arraySeries(values), -Infinity, Infinity, 50, 0, out);
    for (let j = 0; j < r.length; j++) assert.equal(out.value[j], values[out.step[j]]);
    const kept = new Set(out.step.subarray(0, r.length));
    for (let i = 332; i < values.length; i += 333) assert.ok(kept.has(i), `spike at ${i} kept`);
  });

  it('reads a SeriesStore series directly, steps not starting at 0 and not evenly spaced', () => {
    const store = new SeriesStore();
    const values = walk(3000);
    values.forEach((v, i) => store.add('loss', 1000 + i * 3 + (i % 2), null, v));
    const series = store.get('loss')!;
    const full = smoothedAll(values, 0.6);
    const out = columns(64);
    const r = decimateSmoothed(series, 2000, 6000, 64, 0.6, out);
    assert.ok(r.length > 0);
    for (let j = 0; j < r.length; j++) {
      assert.ok(out.step[j] >= 2000 && out.step[j] <= 6000);
      const i = [...Array(3000).keys()].find((k) => 1000 + k * 3 + (k % 2) === out.step[j])!;
      assert.ok(Math.abs(out.value[j] - full[i]) < 1e-12);
    }
  });

  it('empty ranges, NaN bounds and too-small output columns', () => {
    const s = arraySeries(walk(100));
    assert.deepEqual(decimateSmoothed(s, 500, 600, 10, 0.6, columns(10)), { length: 0, exact: true });
    assert.deepEqual(decimateSmoothed(s, NaN, 50, 10, 0.6, columns(10)), { length: 0, exact: true });
    assert.deepEqual(decimateSmoothed(arraySeries([]), -Infinity, Infinity, 10, 0.6, columns(10)), { length: 0, exact: true });
    assert.throws(() => decimateSmoothed(s, 0, 99, 10, 0.6, columns(5)), RangeError);
  });
});
