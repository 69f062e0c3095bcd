import * as assert from 'node:assert/strict';
import { smoothEma } from '../../../src/core/chart/smoothing';
import { SmoothedTrack, SmoothedTracks } from '../../../src/core/chart/smoothedTrack';
import type { SteppedValues } from '../../../src/core/chart/smoothedDecimation';

/** A growable series over plain arrays (the store's Series reads the same way). */
class FakeSeries implements SteppedValues {
  steps: number[] = [];
  values: number[] = [];
  reads = 0;
  get length(): number {
    return this.steps.length;
  }
  step(i: number): number {
    return this.steps[i];
  }
  value(i: number): number {
    this.reads++;
    return this.values[i];
  }
  push(step: number, value: number): void {
    this.steps.push(step);
    this.values.push(value);
  }
}

/** A noisy random walk with a tall spike every `spikeEvery` points. */
function noisyRun(n: number, spikeEvery: number, seed = 17): FakeSeries {
  const s = new FakeSeries();
  let v = 5;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += (seed / 2 ** 32 - 0.5) * 0.1;
    s.push(i * 10, i % spikeEvery === spikeEvery - 1 ? v + 40 : v);
  }
  return s;
}

function bruteForce(series: FakeSeries, weight: number): Float64Array {
  const out = new Float64Array(series.length);
  smoothEma(series.values, out, weight);
  return out;
}

function lineOf(track: SmoothedTrack, pixels: number): { step: number[]; value: number[] } {
  const line = track.line(pixels);
  return { step: [...line.step.subarray(0, line.length)], value: [...line.value.subarray(0, line.length)] };
}

describe('chart/smoothedTrack: TensorBoard-smoothed whole-run line of a watched series, kept incrementally', () => {
  it('holds the EMA of every raw point: its extremes are a brute-force EMA\'s, and every smoothed spike survives', () => {
    const series = noisyRun(300_000, 7_001);
    const exact = bruteForce(series, 0.6);
    const track = new SmoothedTrack(0.6);
    track.sync(series);
    const line = lineOf(track, 1000);
    assert.ok(line.step.length <= 4000, `${line.step.length} points for 1000 px`);
    const index = new Map(series.steps.map((s, i) => [s, i]));
    for (let j = 0; j < line.step.length; j++) {
      const i = index.get(line.step[j]);
      assert.ok(i !== undefined, 'a real step');
      assert.ok(Math.abs(line.value[j] - exact[i]) <= 1e-12 * Math.abs(exact[i]), `step ${line.step[j]}: ${line.value[j]} vs ${exact[i]}`);
      if (j > 0) assert.ok(line.step[j] > line.step[j - 1], 'ascending steps');
    }
    const max = Math.max(...line.value);
    const min = Math.min(...line.value);
    assert.ok(Math.abs(max - exact.reduce((a, b) => Math.max(a, b))) < 1e-12 * max, 'the largest smoothed value');
    assert.ok(Math.abs(min - exact.reduce((a, b) => Math.min(a, b))) < 1e-12 * Math.abs(min), 'the smallest smoothed value');
    const kept = new Set(line.step);
    for (let i = 7_000; i < series.length; i += 7_001) assert.ok(kept.has(series.steps[i]), `the smoothed spike at step ${series.steps[i]}`);
  });

  it('takes only the new points on each append, and ends with the line a single pass would give', () => {
    const full = noisyRun(50_000, 997, 3);
    const live = new FakeSeries();
    const track = new SmoothedTrack(0.9, 1024);
    for (let i = 0; i < full.length; i++) {
      live.push(full.steps[i], full.values[i]);
      if (i % 5_000 === 4_999 || i === full.length - 1) {
        const before = live.reads;
        const taken = track.taken;
        track.sync(live);
        const reads = live.reads - before;
        assert.ok(reads >= live.length - taken && reads <= live.length - taken + 4, `${reads} reads: the appended points plus a few for the O(1) check`);
      }
    }
    assert.equal(track.refeeds, 0, 'never started over');
    const once = new SmoothedTrack(0.9, 1024);
    once.sync(full);
    assert.deepEqual(lineOf(track, 200), lineOf(once, 200));
  });

  it('starts over when the store purged a restart or compacted older points', () => {
    const series = noisyRun(1_000, 1_000_000);
    const track = new SmoothedTrack(0.6, 256);
    track.sync(series);
    // A restart: the steps from 5,000 on are dropped, then logged again with other values.
    series.steps.length = 500;
    series.values.length = 500;
    for (let i = 500; i < 1_200; i++) series.push(i * 10, 1);
    track.sync(series);
    assert.equal(track.refeeds, 1);
    const exact = bruteForce(series, 0.6);
    const line = lineOf(track, 50);
    assert.ok(Math.abs(line.value[line.value.length - 1] - exact[exact.length - 1]) < 1e-12, 'the last point is the fresh EMA');
    // Compaction: older points rewritten in place (fewer of them), newer ones after.
    const compacted = new FakeSeries();
    for (let i = 0; i < series.length; i += 3) compacted.push(series.steps[i], series.values[i]);
    track.sync(compacted);
    assert.equal(track.refeeds, 2);
    assert.equal(track.taken, compacted.length);
  });

  it('leaves non-finite values out of the line and the average, as TensorBoard does', () => {
    const s = new FakeSeries();
    [1, 2, NaN, 3, Infinity, 4].forEach((v, i) => s.push(i, v));
    const track = new SmoothedTrack(0.5);
    track.sync(s);
    const line = lineOf(track, 10);
    assert.deepEqual(line.step, [0, 1, 3, 5]);
    const exact = new Float64Array(6);
    smoothEma(s.values, exact, 0.5);
    assert.deepEqual(line.value.map((v) => +v.toPrecision(12)), [exact[0], exact[1], exact[3], exact[5]].map((v) => +v.toPrecision(12)));
  });

  it('keeps a track per tag for one weight: another weight starts the tracks over, unshown tags are dropped', () => {
    const tracks = new SmoothedTracks(256);
    const a = noisyRun(2_000, 100);
    tracks.line('loss', a, 0.6, 50);
    tracks.line('acc', a, 0.6, 50);
    const first = tracks.get('loss');
    tracks.line('loss', a, 0.6, 50);
    assert.equal(tracks.get('loss'), first, 'the same weight keeps the track');
    tracks.line('loss', a, 0.9, 50);
    assert.notEqual(tracks.get('loss'), first);
    assert.equal(tracks.get('loss')?.weight, 0.9);
    assert.equal(tracks.get('acc'), undefined, 'a weight change drops every track');
    tracks.line('acc', a, 0.9, 50);
    tracks.retain(['loss']);
    assert.equal(tracks.get('acc'), undefined);
    assert.ok(tracks.get('loss'));
  });
});
