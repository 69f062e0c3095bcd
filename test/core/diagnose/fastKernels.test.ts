/**
 * The engine's fast kernels give exactly what the plain versions give (a speed change must not move a single
 * finding): the four-lags-per-pass autocorrelation against one loop per lag, the median-of-8 network against
 * the sorted median (every 0/1 input, ties, and random data), the counting MAD test against the sorted
 * deviations, and the level history's ring read back after it wrapped.
 */
import * as assert from 'node:assert/strict';
import { periodicity, type Periodicity } from '../../../src/core/diagnose/periodicity';
import { LossLevels } from '../../../src/core/diagnose/lossLevels';
import { madExceeds, madInPlace, median8, medianInPlace } from '../../../src/core/diagnose/smallMedian';
import { resolveThresholds } from '../../../src/core/diagnose/thresholds';

/** The reference: detrend, then one loop per lag (what periodicity did before its lags were unrolled). */
function plainPeriodicity(input: Float64Array, n: number, maxLag: number): Periodicity {
  const y = input.slice(0, n);
  const out: Periodicity = { rho1: 0, minRho: 0, minLag: 0, slope: 0 };
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (y[i] - yMean);
    sxx += (i - xMean) * (i - xMean);
  }
  out.slope = sxy / sxx;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    y[i] = y[i] - yMean - out.slope * (i - xMean);
    variance += y[i] * y[i];
  }
  let minRho = Infinity;
  for (let lag = 1; lag <= Math.min(maxLag, n - 2); lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) s += y[i] * y[i - lag];
    const rho = s / variance;
    if (lag === 1) out.rho1 = rho;
    if (rho < minRho) {
      minRho = rho;
      out.minLag = lag;
    }
  }
  out.minRho = minRho;
  return out;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('diagnose fast kernels', () => {
  it('periodicity: the same autocorrelations, bit for bit, as one loop per lag', () => {
    const rand = lcg(7);
    let cases = 0;
    for (const n of [5, 6, 7, 8, 16, 33, 64]) {
      for (const maxLag of [1, 3, 4, 5, 7, 8, 16]) {
        for (let trial = 0; trial < 20; trial++) {
          const y = new Float64Array(n);
          const period = 2 + Math.floor(rand() * 20);
          for (let i = 0; i < n; i++) y[i] = -0.01 * i + Math.cos((2 * Math.PI * i) / period) * rand() + 0.3 * (rand() - 0.5);
          const expected = plainPeriodicity(y, n, maxLag);
          const got = periodicity(y.slice(), n, maxLag, { rho1: 0, minRho: 0, minLag: 0, slope: 0 });
          assert.deepEqual(got, expected, `n=${n} maxLag=${maxLag} trial ${trial}`);
          cases++;
        }
      }
    }
    assert.equal(cases, 7 * 7 * 20);
  });

  it('periodicity: a zig-zag gives lag-1 autocorrelation near -1 through the fast path', () => {
    const y = new Float64Array(64);
    for (let i = 0; i < 64; i++) y[i] = 1 - 0.01 * i + (i % 2 ? 0.1 : -0.1);
    const p = periodicity(y, 64, 16, { rho1: 0, minRho: 0, minLag: 0, slope: 0 });
    assert.ok(p.rho1 < -0.95, `rho1 ${p.rho1}`);
    assert.equal(p.minLag, 1);
  });

  it('median8: equals the sorted median for every 0/1 input (so the network sorts the middle)', () => {
    const ring = new Float64Array(8);
    const scratch = new Float64Array(8);
    for (let bits = 0; bits < 256; bits++) {
      for (let k = 0; k < 8; k++) ring[k] = (bits >> k) & 1;
      scratch.set(ring);
      assert.equal(median8(ring, 0, 7), medianInPlace(scratch, 8), `bits ${bits.toString(2)}`);
    }
  });

  it('median8: reads a wrapped window of a ring and equals the sorted median on random data and ties', () => {
    const rand = lcg(11);
    const ring = new Float64Array(64);
    const scratch = new Float64Array(8);
    for (let trial = 0; trial < 2000; trial++) {
      for (let i = 0; i < 64; i++) ring[i] = trial % 3 === 0 ? Math.floor(rand() * 4) : Math.exp(3 * (rand() - 0.5));
      const start = Math.floor(rand() * 64);
      for (let k = 0; k < 8; k++) scratch[k] = ring[(start + k) & 63];
      assert.equal(median8(ring, start, 63), medianInPlace(scratch, 8), `trial ${trial}`);
    }
  });

  it('madExceeds: true exactly when the lower-middle deviation is above the bound, so then the MAD is too', () => {
    const rand = lcg(23);
    let certain = 0;
    let unsure = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const m = 1 + Math.floor(rand() * 40);
      const values = new Float64Array(m);
      for (let i = 0; i < m; i++) values[i] = trial % 4 === 0 ? Math.floor(rand() * 5) : 3 * rand() - 1;
      const center = trial % 5 === 0 ? values[0] : rand();
      const deviations = Array.from(values, (v) => Math.abs(v - center)).sort((a, b) => a - b);
      const lowerMiddle = deviations[(m - 1) >> 1];
      const mad = madInPlace(values.slice(), m, center);
      // Bounds below, at and above the lower-middle deviation and the MAD (ties at the bound are the edge cases).
      for (const bound of [0, lowerMiddle * 0.5, lowerMiddle, lowerMiddle * (1 + 1e-12), mad, mad * 2, -1]) {
        const copy = values.slice();
        const got = madExceeds(values, m, center, bound);
        assert.deepEqual(values, copy, 'values unchanged');
        assert.equal(got, lowerMiddle > bound, `trial ${trial} m=${m} bound=${bound}`);
        if (got) {
          assert.ok(mad > bound, `MAD ${mad} above ${bound}`);
          certain++;
        } else {
          unsure++;
        }
      }
    }
    assert.ok(certain > 1000 && unsure > 1000, `both answers exercised: ${certain} / ${unsure}`);
    assert.equal(madExceeds(new Float64Array(4), 4, 0, NaN), false, 'a NaN bound is never certain');
    assert.equal(madExceeds(new Float64Array(0), 0, 0, 1), false, 'no values: not certain');
  });

  it('LossLevels: the level history reads back newest-first after the ring wrapped many times', () => {
    // levelEvery explicit: the ring must wrap more than ten times within the 500 steps whatever the default.
    const thresholds = resolveThresholds({ levelHistory: 7, levelEvery: 4 });
    const levels = new LossLevels(0, thresholds);
    const seen: { level: number; step: number }[] = [];
    const rand = lcg(5);
    for (let step = 0; step < 500; step++) {
      levels.push(step, 1 + rand());
      if (levels.fresh) seen.push({ level: levels.level, step: levels.levelStep });
      const kept = Math.min(levels.levelCount, levels.historySize);
      for (let i = 0; i < kept; i++) {
        const want = seen[seen.length - 1 - i];
        assert.equal(levels.levelAgo(i), want.level, `step ${step} ago ${i}`);
        assert.equal(levels.levelStepAgo(i), want.step);
        assert.equal(levels.levelLogAgo(i), Math.log(want.level));
      }
    }
    assert.equal(levels.levelCount, seen.length);
    assert.ok(seen.length > 10 * thresholds.levelHistory, `${seen.length} levels through a ring of ${thresholds.levelHistory}`);
  });
  it('LossLevels: every level is the median of the last 8 values (merged sorted blocks), on ties, steps and noise', () => {
    for (const levelEvery of [4, 3, 1]) {
      const levels = new LossLevels(0, resolveThresholds({ levelEvery }));
      const rand = lcg(11 + levelEvery);
      const fed: number[] = [];
      const scratch = new Float64Array(8);
      for (let step = 0; step < 3000; step++) {
        // Ties (values on a coarse grid), plateaus, a jump and fine noise, so every merge branch is taken.
        const value = step % 500 < 100 ? 2 : step % 500 < 300 ? 1 + Math.floor(4 * rand()) / 4 : 0.5 + rand();
        levels.push(step, value);
        fed.push(value);
        if (!levels.fresh || fed.length < 8) continue;
        for (let k = 0; k < 8; k++) scratch[k] = fed[fed.length - 8 + k];
        assert.equal(levels.level, medianInPlace(scratch, 8), `levelEvery ${levelEvery}, step ${step}`);
      }
    }
  });
});
