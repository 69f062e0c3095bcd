import * as assert from 'node:assert/strict';
import {
  DEFAULT_SMOOTHING_WEIGHT, EmaSmoother, MAX_SMOOTHING_WEIGHT, smoothEma, smoothingWeight,
} from '../../../src/core/chart/smoothing';

function smooth(values: number[], weight?: number): number[] {
  const out = new Float64Array(values.length);
  smoothEma(values, out, weight);
  return [...out];
}

function close(actual: number[], expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) assert.ok(Object.is(a, e), `index ${i}: ${a} vs ${e}`);
    else assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `index ${i}: ${a} vs ${e}`);
  });
}

/**
 * The debiased EMA written as the weighted sum it is (not as the recurrence the code runs): after n finite
 * points x_1..x_n, smoothed = sum_k (1 - w) w^(n-k) x_k / (1 - w^n).
 */
function weightedSum(values: number[], w: number): number[] {
  const finite: number[] = [];
  return values.map((x) => {
    if (!Number.isFinite(x)) return x;
    finite.push(x);
    const n = finite.length;
    let sum = 0;
    for (let k = 1; k <= n; k++) sum += (1 - w) * w ** (n - k) * finite[k - 1];
    return sum / (1 - w ** n);
  });
}

describe('chart/smoothing: TensorBoard debiased EMA', () => {
  it('matches values worked out by hand with w = 0.6 (the default)', () => {
    // last: 0.4 -> 0.4*0.6 + 0.4*0.5 = 0.44 -> 0.44*0.6 + 0 = 0.264; debias by 1 - 0.6^n = 0.4, 0.64, 0.784.
    close(smooth([1, 0.5, 0]), [1, 0.6875, 0.264 / 0.784]);
    // last: 0 -> 0.2 -> 0.2*0.6 + 0.4 = 0.52.
    close(smooth([0, 0.5, 1]), [0, 0.3125, 0.52 / 0.784]);
    assert.equal(DEFAULT_SMOOTHING_WEIGHT, 0.6);
  });

  it('matches by-hand values with another weight (w = 0.9)', () => {
    // last: 1 -> 0.9 + 0.1*(-1) = 0.8 -> 0.72 + 0.3 = 1.02; debias 0.1, 0.19, 0.271.
    close(smooth([10, -1, 3], 0.9), [10, 0.8 / 0.19, 1.02 / 0.271]);
  });

  it('agrees with the weighted-sum form of the EMA on a long noisy series', () => {
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      values.push(Math.exp(-i / 80) + (seed / 2 ** 32 - 0.5) * 0.2);
    }
    for (const w of [0.3, 0.6, 0.95]) close(smooth(values, w), weightedSum(values, w), 1e-10);
  });

  it('passes NaN and infinities through without updating the average or the count (as TensorBoard does)', () => {
    // The finite points are smoothed exactly as if the non-finite ones were absent.
    close(smooth([1, NaN, 0.5, Infinity, 0]), [1, NaN, 0.6875, Infinity, 0.264 / 0.784]);
    close(smooth([-Infinity, 2, 4], 0.5), [-Infinity, 2, 2.5 / 0.75]);
    close(smooth([NaN, NaN]), [NaN, NaN]);
  });

  it('returns a constant series exactly, where the formula would be off in the last digit', () => {
    // With w = 0.6 the recurrence gives 0.10000000000000002 for a run of 0.1s: TensorBoard returns the data.
    assert.deepEqual(smooth([0.1, 0.1, 0.1, 0.1]), [0.1, 0.1, 0.1, 0.1]);
    assert.deepEqual(smooth([0.7, 0.7, 0.7, 0.7, 0.7]), [0.7, 0.7, 0.7, 0.7, 0.7]);
    // A NaN first value is equal to nothing, so the series is smoothed (the NaN passes through).
    close(smooth([NaN, 0.1, 0.1]), [NaN, 0.1, 0.1], 1e-15);
  });

  it('w = 0 is the raw data; w >= 1 is clamped to 0.999 (TensorBoard\'s cap); a NaN weight is the default', () => {
    assert.deepEqual(smooth([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
    assert.deepEqual(smooth([3, 1, 4], -2), [3, 1, 4]);
    assert.equal(smoothingWeight(1), MAX_SMOOTHING_WEIGHT);
    assert.equal(smoothingWeight(7), MAX_SMOOTHING_WEIGHT);
    assert.equal(smoothingWeight(NaN), DEFAULT_SMOOTHING_WEIGHT);
    close(smooth([1, 2, 3], 1), weightedSum([1, 2, 3], 0.999));
    close(smooth([1, 0.5, 0], NaN), smooth([1, 0.5, 0], 0.6));
  });

  it('smooths in place and only the first `count` values', () => {
    const values = new Float64Array([1, 0.5, 0, 99]);
    smoothEma(values, values, 0.6, 3);
    close([...values], [1, 0.6875, 0.264 / 0.784, 99]);
    const out = new Float64Array(0);
    smoothEma([], out);
    assert.equal(out.length, 0);
  });

  it('rejects an output that is too short and a count beyond the values', () => {
    assert.throws(() => smoothEma([1, 2, 3], new Float64Array(2)), RangeError);
    assert.throws(() => smoothEma([1, 2], new Float64Array(5), 0.6, 3), RangeError);
    assert.throws(() => smoothEma([1, 2], new Float64Array(5), 0.6, -1), RangeError);
    assert.throws(() => smoothEma([1, 2], new Float64Array(5), 0.6, 1.5), RangeError);
  });

  describe('EmaSmoother (one point at a time, for live series)', () => {
    it('gives the same values as smoothing the whole series, NaNs included', () => {
      const values = [2, 1.5, NaN, 1.2, Infinity, 0.9, 1.1, -Infinity, 0.4];
      const s = new EmaSmoother();
      close(values.map((x) => s.push(x)), smooth(values), 1e-15);
      assert.equal(s.finiteCount, 6);
    });

    it('keeps a flat start flat, then follows the EMA', () => {
      const s = new EmaSmoother(0.6);
      assert.deepEqual([0.1, 0.1, 0.1].map((x) => s.push(x)), [0.1, 0.1, 0.1]);
      // After three 0.1s the state is the EMA of them; a 1.1 moves it by 0.4 * 1 / (1 - 0.6^4) of the step.
      const next = s.push(1.1);
      close([next], [weightedSum([0.1, 0.1, 0.1, 1.1], 0.6)[3]]);
    });

    it('reset starts over; weight 0 returns the raw values', () => {
      const s = new EmaSmoother(0.6);
      s.push(5);
      s.push(1);
      s.reset();
      assert.equal(s.finiteCount, 0);
      close([s.push(1), s.push(0.5), s.push(0)], [1, 0.6875, 0.264 / 0.784]);
      const raw = new EmaSmoother(0);
      assert.deepEqual([3, 1, 4].map((x) => raw.push(x)), [3, 1, 4]);
      assert.equal(raw.weight, 0);
    });
  });
});
