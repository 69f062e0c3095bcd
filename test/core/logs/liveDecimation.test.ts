import * as assert from 'node:assert/strict';
import { LiveDecimation, LiveDecimations, type LiveLine } from '../../../src/core/logs/liveDecimation';
import { SeriesStore, type Series } from '../../../src/core/logs/seriesStore';
import { StepGrid } from '../../../src/core/logs/stepGrid';
import { rng } from '../../seededRandom';

/** Appends n points to `tag`: a walk with ties, repeated steps, rare spikes (|value| >= 100) and NaN/Inf. */
function appendRandom(store: SeriesStore, tag: string, n: number, r: () => number, state: { step: number; v: number }): void {
  for (let i = 0; i < n; i++) {
    state.step += r() < 0.1 ? 0 : 1 + Math.floor(r() * 3);
    state.v += r() - 0.5;
    let value = Math.round(state.v * 4) / 4;
    const u = r();
    if (u < 0.003) value = (r() < 0.5 ? -1 : 1) * (100 + r() * 1000);
    else if (u < 0.005) value = NaN;
    else if (u < 0.0055) value = r() < 0.5 ? Infinity : -Infinity;
    store.add(tag, state.step, null, value);
  }
}

function copy(line: LiveLine): { step: number[]; value: number[]; index: number[]; exact: boolean } {
  return {
    step: Array.from(line.step.subarray(0, line.length)),
    value: Array.from(line.value.subarray(0, line.length)),
    index: Array.from(line.index.subarray(0, line.length)),
    exact: line.exact,
  };
}

/** A fresh decimation of the whole series (refilled from the pyramid). */
function fresh(series: Series, pixels: number, bucketsPerPixel?: number): { line: ReturnType<typeof copy>; grid: StepGrid } {
  const live = new LiveDecimation(pixels, bucketsPerPixel);
  live.sync(series);
  return { line: copy(live.read(series)), grid: live.grid };
}

/** The oracle: each bucket's first, min, max and last finite points (first on ties) by scanning every point. */
function bruteForce(series: Series, origin: number, width: number): number[] {
  const kept: number[] = [];
  let bucket = NaN;
  let picks: number[] = [];
  const flush = (): void => {
    for (const i of [...new Set(picks)].sort((a, b) => a - b)) kept.push(i);
    picks = [];
  };
  for (let i = 0; i < series.length; i++) {
    const v = series.value(i);
    if (!Number.isFinite(v)) continue;
    const b = Math.floor((series.step(i) - origin) / width);
    if (b !== bucket) {
      flush();
      bucket = b;
      picks = [i, i, i, i];
      continue;
    }
    if (v < series.value(picks[1])) picks[1] = i;
    if (v > series.value(picks[2])) picks[2] = i;
    picks[3] = i;
  }
  flush();
  return kept;
}

describe('LiveDecimation (whole-run line kept up to date as points arrive)', () => {
  it('equals a fresh decimation of the same grid after every append, over many appends of random sizes', () => {
    const r = rng(7);
    const store = new SeriesStore({ maxPoints: Infinity });
    const state = { step: 0, v: 0 };
    const live = new LiveDecimation(50);
    let doublings = 0;
    let lastWidth = NaN;
    for (let round = 0; round < 400; round++) {
      appendRandom(store, 'loss', 1 + Math.floor(r() * (round < 200 ? 20 : 400)), r, state);
      const series = store.get('loss')!;
      live.sync(series);
      const got = copy(live.read(series));
      const want = fresh(series, 50);
      assert.equal(live.grid.origin, want.grid.origin, `round ${round}: origin`);
      assert.equal(live.grid.width, want.grid.width, `round ${round}: width`);
      assert.deepEqual(got, want.line, `round ${round}: ${series.length} points`);
      // A second read with nothing new gives the same line (only changed buckets are written again).
      if (round % 7 === 0) assert.deepEqual(copy(live.read(series)), got);
      if (round % 40 === 0) assert.deepEqual(got.index, bruteForce(series, live.grid.origin, live.grid.width), `round ${round}: oracle`);
      if (live.grid.width !== lastWidth) doublings++;
      lastWidth = live.grid.width;
    }
    // The run outgrew the grid many times: the merges were exercised, not just the folding.
    assert.ok(doublings > 10, `${doublings} widths`);
  });

  it('equals a fresh decimation with two buckets per pixel too', () => {
    const r = rng(5);
    const store = new SeriesStore({ maxPoints: Infinity });
    const state = { step: 0, v: 0 };
    const live = new LiveDecimation(30, 2);
    for (let round = 0; round < 150; round++) {
      appendRandom(store, 'loss', 1 + Math.floor(r() * 300), r, state);
      const series = store.get('loss')!;
      live.sync(series);
      assert.deepEqual(copy(live.read(series)), fresh(series, 30, 2).line, `round ${round}`);
    }
    assert.equal(live.grid.buckets, 60);
  });

  it('keeps every spike at its step, and every non-finite point out of the line', () => {
    const r = rng(11);
    const store = new SeriesStore({ maxPoints: Infinity });
    const state = { step: 0, v: 0 };
    const live = new LiveDecimation(40);
    for (let round = 0; round < 100; round++) {
      appendRandom(store, 'loss', 500, r, state);
      const series = store.get('loss')!;
      live.sync(series);
      const line = copy(live.read(series));
      const kept = new Set(line.index);
      let spikes = 0;
      for (let i = 0; i < series.length; i++) {
        if (Math.abs(series.value(i)) >= 100 && Number.isFinite(series.value(i))) {
          spikes++;
          // A spike is its bucket's min or max unless an earlier equal value or a bigger spike shares the bucket.
          const b = live.grid.bucketOf(series.step(i));
          const inBucket = line.index.filter((k) => live.grid.bucketOf(series.step(k)) === b).map((k) => series.value(k));
          assert.ok(kept.has(i) || inBucket.some((v) => Math.sign(v) === Math.sign(series.value(i)) && Math.abs(v) >= Math.abs(series.value(i))),
            `spike at step ${series.step(i)} lost`);
        }
      }
      assert.ok(line.value.every((v) => Number.isFinite(v)));
      if (round === 99) assert.ok(spikes > 50, `${spikes} spikes`);
    }
  });

  it('returns every finite point, exact, while the run is shorter than the grid', () => {
    const store = new SeriesStore();
    const live = new LiveDecimation(100);
    for (let s = 0; s < 150; s++) store.add('x', s, null, s === 7 ? NaN : Math.sin(s));
    const series = store.get('x')!;
    live.sync(series);
    const line = copy(live.read(series));
    assert.equal(line.step.length, 149);
    assert.equal(line.exact, true);
    assert.ok(!line.step.includes(7));
    store.add('x', 150, null, 1);
    live.sync(series);
    assert.equal(live.read(series).length, 150);
  });

  it('is not exact once buckets hold more points than they keep', () => {
    const store = new SeriesStore();
    const live = new LiveDecimation(10);
    for (let s = 0; s < 1000; s++) store.add('x', s, null, Math.sin(s));
    live.sync(store.get('x')!);
    const line = live.read(store.get('x')!);
    assert.equal(line.exact, false);
    // 10 buckets (1 per pixel), at least half of them in use, 2 to 4 points kept per bucket of a sine.
    assert.ok(line.length <= 4 * 10 && line.length >= 2 * 5, `${line.length} points`);
  });

  it('refills after a restart purges points (a step going back) and after a compaction moves them', () => {
    const r = rng(3);
    const store = new SeriesStore({ maxPoints: 20_000 });
    const state = { step: 0, v: 0 };
    const live = new LiveDecimation(30);
    appendRandom(store, 'loss', 5000, r, state);
    live.sync(store.get('loss')!);
    live.read(store.get('loss')!);
    // Restart from a checkpoint: steps go back, later points are purged, then more than were purged arrive.
    state.step = Math.floor(state.step / 2);
    appendRandom(store, 'loss', 6000, r, state);
    let series = store.get('loss')!;
    live.sync(series);
    assert.deepEqual(copy(live.read(series)), fresh(series, 30).line);
    // Past the point budget the oldest half is compacted (indices move).
    appendRandom(store, 'loss', 20_000, r, state);
    series = store.get('loss')!;
    assert.ok(series.compacted);
    live.sync(series);
    const got = copy(live.read(series));
    assert.deepEqual(got, fresh(series, 30).line);
    assert.equal(got.exact, false);
  });

  it('starts from an empty series and from one point, and takes equal steps', () => {
    const store = new SeriesStore();
    store.add('x', 5, null, NaN);
    const live = new LiveDecimation(4);
    live.sync(store.get('x')!);
    assert.equal(live.read(store.get('x')!).length, 0);
    store.add('x', 5, null, 2);
    store.add('x', 5, null, -1);
    store.add('x', 5, null, 3);
    live.sync(store.get('x')!);
    assert.deepEqual(copy(live.read(store.get('x')!)).value, [2, -1, 3]);
    // Fractional steps that go back (a restart purging step 5), then a thousand of them.
    for (let s = 6; s < 1000; s++) store.add('x', s * 0.001, null, s % 13);
    live.sync(store.get('x')!);
    const line = copy(live.read(store.get('x')!));
    assert.deepEqual(line, fresh(store.get('x')!, 4).line);
    assert.equal(line.step[0], 0.006);
    assert.equal(line.step[line.step.length - 1], 0.999);
  });

  it('treats a bad chart width as one pixel and refuses a bad bucket count', () => {
    assert.equal(new LiveDecimation(NaN).grid.buckets, 2);
    assert.equal(new LiveDecimation(600).grid.buckets, 600);
    assert.equal(new LiveDecimation(600, 2).grid.buckets, 1200);
    assert.equal(new LiveDecimation(-5).grid.buckets, 2);
    assert.equal(new LiveDecimation(10.7, 3).grid.buckets, 30);
    assert.throws(() => new LiveDecimation(10, 0), RangeError);
    assert.throws(() => new LiveDecimation(10, 1.5), RangeError);
  });

  it('LiveDecimations keeps one line per shown tag and starts over when the width changes', () => {
    const store = new SeriesStore();
    for (let s = 0; s < 5000; s++) {
      store.add('a', s, null, s % 97);
      store.add('b', s, null, -s);
    }
    const lines = new LiveDecimations(store);
    assert.equal(lines.line('missing', 100), undefined);
    const a = copy(lines.line('a', 100)!);
    assert.deepEqual(a, fresh(store.get('a')!, 100).line);
    assert.deepEqual(copy(lines.line('a', 37)!), fresh(store.get('a')!, 37).line);
    lines.retain(['b']);
    for (let s = 5000; s < 6000; s++) store.add('a', s, null, 1000 - s);
    assert.deepEqual(copy(lines.line('a', 37)!), fresh(store.get('a')!, 37).line);
  });
});
