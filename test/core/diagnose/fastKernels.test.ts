/**
 * The engine's fast kernels give exactly what the plain versions give (a speed change must not move a single
 * finding): the four-lags-per-pass autocorrelation against one loop per lag, the median-of-8 network against
 * the sorted median (every 0/1 input, ties, and random data).
 */
import * as assert from 'node:assert/strict';
import { periodicity, type Periodicity } from '../../../src/core/diagnose/periodicity';
import { median8, medianInPlace } from '../../../src/core/diagnose/smallMedian';

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
});
