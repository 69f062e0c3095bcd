import * as assert from 'node:assert/strict';
import { smoothEma } from '../../../src/core/chart/smoothing';
import { StreamingM4 } from '../../../src/core/chart/streamingM4';

function walk(n: number, seed = 3, spikeEvery = 0): number[] {
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += seed / 2 ** 32 - 0.5;
    out.push(spikeEvery && i % spikeEvery === spikeEvery - 1 ? v + 50 : v);
  }
  return out;
}

function read(track: StreamingM4, pixels: number): { step: number[]; value: number[] } {
  const out = { step: new Float64Array(4 * pixels), value: new Float64Array(4 * pixels) };
  const m = track.decimate(pixels, out);
  return { step: [...out.step.subarray(0, m)], value: [...out.value.subarray(0, m)] };
}

describe('chart/streamingM4: a whole-run min/max line kept up to date point by point', () => {
  it('keeps every spike of a long raw series within 4 points per pixel, all of them real points in step order', () => {
    const values = walk(200_000, 7, 4999);
    const track = new StreamingM4(1024);
    values.forEach((v, i) => track.push(i, v));
    assert.ok(track.buckets <= 1024 && track.buckets > 512);
    const line = read(track, 200);
    assert.ok(line.step.length <= 800);
    for (let j = 0; j < line.step.length; j++) {
      assert.equal(line.value[j], values[line.step[j]], 'a real point');
      if (j > 0) assert.ok(line.step[j] >= line.step[j - 1]);
    }
    const kept = new Set(line.step);
    for (let i = 4998; i < values.length; i += 4999) assert.ok(kept.has(i), `spike at ${i}`);
    assert.ok(kept.has(0) && kept.has(values.length - 1), 'first and last points');
    const min = values.indexOf(values.reduce((a, b) => Math.min(a, b)));
    assert.ok(kept.has(min), 'the smallest value');
  });

  it('with a weight, holds TensorBoard\'s EMA of every point (not of the kept ones)', () => {
    const values = walk(50_000, 11, 997);
    const smoothed = new Float64Array(values.length);
    smoothEma(values, smoothed, 0.9);
    const track = new StreamingM4(512, 0.9);
    values.forEach((v, i) => track.push(i, v));
    assert.equal(track.weight, 0.9);
    const line = read(track, 100);
    for (let j = 0; j < line.step.length; j++) assert.ok(Math.abs(line.value[j] - smoothed[line.step[j]]) < 1e-12, `point ${line.step[j]}`);
    const top = smoothed.indexOf(Math.max(...smoothed));
    assert.ok(line.step.includes(top), 'the smoothed maximum survives');
  });

  it('reads the same line whether the points came in one go or across many merges', () => {
    const values = walk(30_000, 5);
    const small = new StreamingM4(64);
    const big = new StreamingM4(1 << 16);
    values.forEach((v, i) => { small.push(i, v); big.push(i, v); });
    // Both keep the global extremes, which every decimation must.
    for (const t of [small, big]) {
      const line = read(t, 16);
      assert.ok(line.value.includes(Math.max(...values)) && line.value.includes(Math.min(...values)));
    }
    assert.ok(small.bucketWidth >= 512 && big.bucketWidth === 1);
  });

  it('handles steps that start late, gaps, fractional steps and repeated steps', () => {
    const track = new StreamingM4(8);
    const points: [number, number][] = [[1e6, 1], [1e6, 5], [1e6 + 0.5, -2], [1e6 + 3, 0], [1e6 + 400, 9], [1e6 + 401, 3]];
    for (const [s, v] of points) track.push(s, v);
    const line = read(track, 2);
    assert.deepEqual(line.value.filter((v) => v === 9 || v === -2).sort(), [-2, 9]);
    assert.equal(line.step[0], 1e6);
    assert.equal(line.step[line.step.length - 1], 1e6 + 401);
  });

  it('skips NaN and infinities without disturbing the EMA, and a flat series stays exactly flat', () => {
    const track = new StreamingM4(16, 0.6);
    [1, NaN, 0.5, Infinity, 0].forEach((v, i) => track.push(i, v));
    const line = read(track, 4);
    assert.deepEqual(line.step, [0, 2, 4]);
    assert.ok(Math.abs(line.value[2] - 0.264 / 0.784) < 1e-12);
    assert.equal(track.pointCount, 3);
    const flat = new StreamingM4(16, 0.6);
    for (let i = 0; i < 100; i++) flat.push(i, 0.1);
    assert.ok(read(flat, 4).value.every((v) => v === 0.1));
  });

  it('refuses a step going back (the caller resets and feeds again), and reset starts over', () => {
    const track = new StreamingM4(16);
    track.push(5, 1);
    assert.throws(() => track.push(4, 1), RangeError);
    track.reset();
    track.push(4, 2);
    assert.deepEqual(read(track, 2), { step: [4], value: [2] });
    assert.equal(read(new StreamingM4(16), 3).step.length, 0);
    assert.throws(() => new StreamingM4(7), RangeError);
    assert.throws(() => track.decimate(10, { step: new Float64Array(4), value: new Float64Array(4) }), RangeError);
  });
});
