import * as assert from 'node:assert/strict';
import { SeriesStore, type Series } from '../../../src/core/logs/seriesStore';
import { rng } from '../../seededRandom';

/** Random-walk values with rare spikes, some NaN/Inf, ties (values rounded), and repeated steps. */
function fillRandom(store: SeriesStore, tag: string, n: number, seed: number): void {
  const r = rng(seed);
  let step = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    step += r() < 0.1 ? 0 : 1 + Math.floor(r() * 3);
    v += r() - 0.5;
    let value = Math.round(v * 4) / 4;
    const u = r();
    if (u < 0.002) value = (r() < 0.5 ? -1 : 1) * (100 + r() * 1000);
    else if (u < 0.004) value = NaN;
    else if (u < 0.0045) value = r() < 0.5 ? Infinity : -Infinity;
    store.add(tag, step, 1000 + i, value);
  }
}

/** Reference M4 by brute force over every raw point (the bucket rule of decimate.ts's documentation). */
function bruteM4(series: Series, from: number, to: number, pixels: number): { step: number[]; value: number[] } {
  const { step, value } = series.columns();
  const inRange: number[] = [];
  for (let i = 0; i < step.length; i++) if (step[i] >= from && step[i] <= to) inRange.push(i);
  const finite = (i: number): boolean => Number.isFinite(value[i]);
  if (inRange.length <= 4 * pixels) {
    const kept = inRange.filter(finite);
    return { step: kept.map((i) => step[i]), value: kept.map((i) => value[i]) };
  }
  const lo = step[inRange[0]];
  const hi = step[inRange[inRange.length - 1]];
  const bound = (k: number): number => lo + ((hi - lo) * k) / pixels;
  const buckets = new Map<number, number[]>();
  for (const i of inRange) {
    if (!finite(i)) continue;
    let k = hi === lo ? 0 : Math.min(pixels - 1, Math.floor(((step[i] - lo) / (hi - lo)) * pixels));
    while (k + 1 < pixels && hi !== lo && step[i] >= bound(k + 1)) k++;
    while (k > 0 && step[i] < bound(k)) k--;
    const list = buckets.get(k) ?? [];
    list.push(i);
    buckets.set(k, list);
  }
  const picked = new Set<number>();
  for (const list of buckets.values()) {
    let mn = list[0];
    let mx = list[0];
    for (const i of list) {
      if (value[i] < value[mn]) mn = i;
      if (value[i] > value[mx]) mx = i;
    }
    for (const i of [list[0], mn, mx, list[list.length - 1]]) picked.add(i);
  }
  const order = [...picked].sort((a, b) => a - b);
  return { step: order.map((i) => step[i]), value: order.map((i) => value[i]) };
}

function assertDecimateMatches(series: Series, from: number, to: number, pixels: number): void {
  const got = series.decimate(from, to, pixels);
  const want = bruteM4(series, from, to, pixels);
  const where = `${series.tag} [${from}, ${to}] at ${pixels} px`;
  assert.deepEqual(Array.from(got.step), want.step, `steps of ${where}`);
  assert.deepEqual(Array.from(got.value), want.value, `values of ${where}`);
}

describe('SeriesStore', () => {
  it('appends points per tag in first-appearance order, with wall times and a version that moves', () => {
    const store = new SeriesStore();
    const v0 = store.version;
    store.add('loss', 0, 1700000000.25, 2.5);
    store.add('lr', 0, null, 0.1);
    store.add('loss', 1, 1700000001.75, 2.0);
    assert.deepEqual(store.tags, ['loss', 'lr']);
    assert.ok(store.version > v0);
    const loss = store.get('loss')!;
    assert.equal(loss.length, 2);
    assert.equal(loss.step(1), 1);
    assert.equal(loss.value(1), 2.0);
    assert.equal(loss.wallTime(0), 1700000000.25);
    assert.ok(Math.abs(loss.wallTime(1) - 1700000001.75) < 1e-3);
    assert.ok(Number.isNaN(store.get('lr')!.wallTime(0)), 'a format without wall times gives NaN');
    assert.equal(loss.lastStep, 1);
    assert.equal(loss.lastValue, 2.0);
    assert.equal(store.pointCount, 3);
    assert.ok(store.byteSize > 0);
    assert.equal(store.get('missing'), undefined);
  });

  it('keeps Float64 wall times exactly with exactWallTime', () => {
    const store = new SeriesStore({ exactWallTime: true });
    const times = [1700000000.123456, 1700003600.654321, 1702592000.000001];
    times.forEach((t, i) => store.add('x', i, t, i));
    assert.deepEqual(Array.from(store.get('x')!.columns().wallTime), times);
  });

  it('keeps Float32 relative wall times within a few ms a day into a run', () => {
    const store = new SeriesStore();
    const start = 1700000000.5;
    for (let i = 0; i <= 1000; i++) store.add('x', i, start + i * 86.4123, i);
    const { wallTime } = store.get('x')!.columns();
    for (let i = 0; i <= 1000; i++) assert.ok(Math.abs(wallTime[i] - (start + i * 86.4123)) < 0.01, `wall time ${i}`);
  });

  it('purges steps >= a step that went backwards, as TensorBoard does, and records the restart', () => {
    const store = new SeriesStore();
    for (let s = 0; s < 100; s++) store.add('loss', s, null, s);
    for (let s = 0; s < 100; s++) store.add('acc', s, null, s);
    for (let s = 90; s < 100; s++) store.add('loss', s, null, 1000 + s);
    const loss = store.get('loss')!;
    assert.equal(loss.length, 100);
    const { step, value } = loss.columns();
    assert.deepEqual(Array.from(step), Array.from({ length: 100 }, (_, i) => i));
    assert.equal(value[89], 89);
    assert.equal(value[90], 1090);
    assert.equal(value[99], 1099);
    assert.deepEqual(store.restarts, [{ tag: 'loss', step: 90, previousStep: 99, purged: 10 }]);
    assert.equal(store.restartCount, 1);
    assert.equal(store.get('acc')!.length, 100, 'another tag is untouched');
    assert.equal(store.pointCount, 200);
    // The pyramid follows the purge: the decimated maximum is the new value, not the purged one.
    assertDecimateMatches(loss, -Infinity, Infinity, 5);
  });

  it('purges everything when a tag restarts below its first step', () => {
    const store = new SeriesStore();
    for (let s = 10; s < 20; s++) store.add('x', s, null, s);
    store.add('x', 0, null, -1);
    assert.equal(store.get('x')!.length, 1);
    assert.deepEqual(store.restarts, [{ tag: 'x', step: 0, previousStep: 19, purged: 10 }]);
  });

  it('keeps equal steps (several points at one step are not a restart)', () => {
    const store = new SeriesStore();
    store.add('x', 5, null, 1);
    store.add('x', 5, null, 2);
    store.add('x', 5, null, 3);
    assert.equal(store.get('x')!.length, 3);
    assert.deepEqual(store.restarts, []);
  });

  it('keeps NaN and Infinity, counts them, and lists them apart when decimating', () => {
    const store = new SeriesStore();
    const values = [1, 2, NaN, 3, Infinity, -Infinity, 4];
    values.forEach((v, i) => store.add('x', i, null, v));
    const x = store.get('x')!;
    assert.ok(Number.isNaN(x.value(2)));
    assert.equal(x.value(4), Infinity);
    assert.equal(x.nonFiniteCount, 3);
    assert.equal(x.firstNonFiniteStep, 2);
    const d = x.decimate(-Infinity, Infinity, 100);
    assert.deepEqual(Array.from(d.value), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(d.step), [0, 1, 3, 6]);
    assert.deepEqual(d.nonFinite, [{ step: 2, value: NaN }, { step: 4, value: Infinity }, { step: 5, value: -Infinity }]);
    assert.equal(d.nonFiniteInRange, 3);
    assert.equal(d.exact, true);
    // A restart that purges them clears the flags.
    store.add('x', 2, null, 9);
    assert.equal(x.nonFiniteCount, 0);
    assert.equal(x.firstNonFiniteStep, null);
  });

  it('drops a point whose step is not finite and counts it', () => {
    const store = new SeriesStore();
    store.add('x', NaN, null, 1);
    store.add('x', Infinity, null, 1);
    store.add('x', 1, null, 1);
    assert.equal(store.rejectedPoints, 2);
    assert.equal(store.get('x')!.length, 1);
  });

  it('returns every point of a small range, exactly', () => {
    const store = new SeriesStore();
    for (let s = 0; s < 1000; s++) store.add('x', s, null, Math.sin(s));
    const d = store.get('x')!.decimate(100, 139, 10);
    assert.equal(d.exact, true);
    assert.deepEqual(Array.from(d.step), Array.from({ length: 40 }, (_, i) => 100 + i));
    assert.equal(d.value[0], Math.sin(100));
    const empty = store.get('x')!.decimate(5000, 6000, 10);
    assert.equal(empty.step.length, 0);
    assert.equal(store.get('x')!.decimate(10, 5, 10).step.length, 0, 'a reversed range is empty');
  });

  it('decimates like a brute-force M4 over the raw points (random ranges and widths, spikes, NaN, ties)', () => {
    const store = new SeriesStore();
    fillRandom(store, 'small', 3000, 1);
    fillRandom(store, 'big', 120_000, 2);
    const r = rng(3);
    for (const tag of ['small', 'big']) {
      const series = store.get(tag)!;
      const last = series.lastStep;
      assertDecimateMatches(series, -Infinity, Infinity, 1);
      assertDecimateMatches(series, -Infinity, Infinity, 997);
      for (let q = 0; q < 60; q++) {
        const a = Math.floor(r() * last * 1.1) - 5;
        const b = a + Math.floor(r() * r() * last);
        const pixels = 1 + Math.floor(r() * r() * 2000);
        assertDecimateMatches(series, a, b, pixels);
      }
    }
  });

  it('decimates like brute force through random appends and restarts (the pyramid follows every purge)', () => {
    const store = new SeriesStore({ maxPoints: Infinity });
    const r = rng(17);
    let step = 0;
    for (let round = 0; round < 40; round++) {
      const count = Math.floor(r() * r() * 6000);
      for (let k = 0; k < count; k++) {
        step += r() < 0.05 ? 0 : 1;
        const u = r();
        store.add('x', step, null, u < 0.01 ? NaN : u < 0.02 ? 100 * r() : r());
      }
      if (r() < 0.6 && step > 0) {
        step = Math.floor(step * (0.5 + 0.5 * r()));
        store.add('x', step, null, r());
      }
      const x = store.get('x')!;
      if (x.length === 0) continue;
      assertDecimateMatches(x, -Infinity, Infinity, 1 + Math.floor(r() * 300));
      const a = Math.floor(r() * step);
      assertDecimateMatches(x, a, a + Math.floor(r() * step), 1 + Math.floor(r() * 100));
    }
    assert.ok(store.restarts.length > 10);
  });

  it('keeps every spike in a full-range decimate of a million points', () => {
    const store = new SeriesStore();
    const r = rng(7);
    const spikes = new Map<number, number>();
    for (let s = 0; s < 1_000_000; s++) {
      let v = r();
      if (r() < 1e-5) {
        v = 50 + r() * 10;
        spikes.set(s, v);
      }
      store.add('x', s, null, v);
    }
    const d = store.get('x')!.decimate(-Infinity, Infinity, 800);
    assert.ok(d.step.length <= 4 * 800);
    const kept = new Map<number, number>();
    for (let i = 0; i < d.step.length; i++) kept.set(d.step[i], d.value[i]);
    assert.ok(spikes.size > 3);
    for (const [s, v] of spikes) assert.equal(kept.get(s), v, `spike at step ${s}`);
  });

  it('decimates correctly after a restart in a big series', () => {
    const store = new SeriesStore();
    fillRandom(store, 'x', 70_000, 11);
    const x = store.get('x')!;
    const cut = x.step(40_000);
    store.add('x', cut, null, 0.5);
    fillRandom(store, 'y', 10, 1);
    assertDecimateMatches(x, -Infinity, Infinity, 300);
    assertDecimateMatches(x, cut - 5000, cut + 10, 50);
  });

  it('compacts the oldest part of the largest series within the budget, keeping the extremes at their steps', () => {
    const store = new SeriesStore({ maxPoints: 5000 });
    const r = rng(5);
    const raw = new Map<number, number>();
    let globalMax = -Infinity;
    let globalMin = Infinity;
    for (let s = 0; s < 40_000; s++) {
      const v = r() < 0.001 ? 1000 * (r() - 0.5) : r();
      raw.set(s, v);
      globalMax = Math.max(globalMax, v);
      globalMin = Math.min(globalMin, v);
      store.add('big', s, 100 + s, v);
      if (s % 100 === 0) store.add('small', s, null, v);
    }
    assert.ok(store.pointCount <= 5000, `pointCount ${store.pointCount}`);
    const big = store.get('big')!;
    assert.equal(big.compacted, true);
    assert.equal(store.get('small')!.compacted, false);
    assert.equal(store.get('small')!.length, 400);
    const { step, value, wallTime } = big.columns();
    for (let i = 0; i < step.length; i++) {
      assert.equal(value[i], raw.get(step[i]), `point ${i} is a real point`);
      assert.equal(wallTime[i], 100 + step[i], `point ${i} keeps its wall time`);
      if (i > 0) assert.ok(step[i] > step[i - 1], 'steps stay in order');
    }
    assert.equal(Math.max(...value), globalMax);
    assert.equal(Math.min(...value), globalMin);
    assert.equal(big.step(big.length - 1), 39_999, 'the newest points are kept as they are');
    assert.equal(big.decimate(-Infinity, Infinity, 10_000).exact, false, 'compacted data is not exact');
    assert.equal(big.decimate(39_990, 39_999, 100).exact, true, 'the recent part is');
    assertDecimateMatches(big, -Infinity, Infinity, 100);
  });

  it('handles a restart into compacted data: purges, stays ordered and decimates like brute force', () => {
    const store = new SeriesStore({ maxPoints: 3000 });
    fillRandom(store, 'x', 20_000, 21);
    const x = store.get('x')!;
    assert.equal(x.compacted, true);
    const cut = x.step(100);
    store.add('x', cut, null, 42);
    assert.equal(x.step(x.length - 1), cut);
    assert.equal(x.length, 101);
    assert.equal(store.pointCount, 101);
    assert.equal(store.restarts.length, 1);
    for (let i = 1; i < x.length; i++) assert.ok(x.step(i) >= x.step(i - 1));
    const nonFinite = Array.from(x.columns().value).filter((v) => !Number.isFinite(v)).length;
    assert.equal(x.nonFiniteCount, nonFinite);
    assertDecimateMatches(x, -Infinity, Infinity, 7);
    for (let s = 1; s <= 5000; s++) store.add('x', cut + s, null, Math.cos(s));
    assertDecimateMatches(x, -Infinity, Infinity, 300);
    assertDecimateMatches(x, cut - 100, cut + 50, 20);
  });

  it('keeps its points and bytes bounded while several tags keep growing past the budget', () => {
    const maxPoints = 200_000;
    const store = new SeriesStore({ maxPoints });
    let peakBytes = 0;
    for (let s = 0; s < 400_000; s++) {
      for (const tag of ['a', 'b', 'c']) store.add(tag, s, 1000 + s, Math.sin(s / 100));
      if (s % 10_000 === 0) peakBytes = Math.max(peakBytes, store.byteSize);
    }
    assert.ok(store.pointCount <= maxPoints);
    for (const tag of ['a', 'b', 'c']) {
      assert.equal(store.get(tag)!.compacted, true, tag);
      assert.equal(store.get(tag)!.lastStep, 399_999, tag);
    }
    // 20 bytes a point, plus one partly filled 65,536-point chunk per tag and the pyramids.
    const bound = (maxPoints + 3 * 65_536) * 20 * 1.1;
    assert.ok(peakBytes <= bound, `peak ${peakBytes} bytes > ${bound}`);
  });

  it('keeps every point of many tiny series even over budget (nothing to compact)', () => {
    const store = new SeriesStore({ maxPoints: 100 });
    for (let t = 0; t < 500; t++) for (let s = 0; s < 3; s++) store.add(`tag${t}`, s, null, t + s);
    assert.equal(store.pointCount, 1500);
    assert.equal(store.tags.length, 500);
    assert.equal(store.get('tag499')!.value(2), 501);
  });

  it('does not compact with maxPoints Infinity', () => {
    const store = new SeriesStore({ maxPoints: Infinity });
    for (let s = 0; s < 20_000; s++) store.add('x', s, null, s);
    assert.equal(store.get('x')!.length, 20_000);
    assert.equal(store.get('x')!.compacted, false);
  });
});
