/**
 * Is a window of a series oscillating? The series (already in log scale) is detrended by its least-squares line,
 * so a decaying loss does not look periodic and noise does not look anti-correlated (differencing would give
 * -0.5 at lag 1 for pure noise), then the autocorrelation of the residual is taken at lags 1..maxLag.
 * A zig-zag gives about -1 at lag 1; a ringing of period P gives about -1 at lag P/2. Work: n * maxLag per call
 * (four lags per pass over the window).
 */
export interface Periodicity {
  /** Autocorrelation at lag 1. */
  rho1: number;
  /** The most negative autocorrelation over lags 1..maxLag, and its lag. */
  minRho: number;
  minLag: number;
  /** Slope of the fitted line per sample (log units): exp(slope) is the per-sample factor of the trend. */
  slope: number;
}

/** Autocorrelation of the residual left in y[0..n) by `periodicity` at one lag (0 when the residual is flat). */
export function autocorrelationAt(y: Float64Array, n: number, lag: number): number {
  if (lag <= 0 || lag >= n) return 0;
  let s = 0;
  let v = 0;
  for (let i = 0; i < n; i++) v += y[i] * y[i];
  for (let i = lag; i < n; i++) s += y[i] * y[i - lag];
  return v > 1e-300 ? s / v : 0;
}

/** Analyses y[0..n) in place (y becomes the residual). */
export function periodicity(y: Float64Array, n: number, maxLag: number, out: Periodicity): Periodicity {
  out.rho1 = 0;
  out.minRho = 0;
  out.minLag = 0;
  out.slope = 0;
  if (n < 4) return out;
  // Least-squares line over x = 0..n-1.
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    sxy += dx * (y[i] - yMean);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  out.slope = slope;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - yMean - slope * (i - xMean);
    y[i] = r;
    variance += r * r;
  }
  if (!(variance > 1e-300)) return out;
  const lags = Math.min(maxLag, n - 2);
  let minRho = Infinity;
  let lag = 1;
  for (; lag + 3 <= lags; lag += 4) {
    lagSums4(y, n, lag, sums);
    for (let k = 0; k < 4; k++) {
      const rho = sums[k] / variance;
      if (lag + k === 1) out.rho1 = rho;
      if (rho < minRho) {
        minRho = rho;
        out.minLag = lag + k;
      }
    }
  }
  for (; lag <= lags; lag++) {
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

/** The four lagged sums of lagSums4 (module scratch: periodicity is synchronous and never re-entered). */
const sums = new Float64Array(4);

/**
 * sum_{i >= lag + k} y[i] * y[i - lag - k] for k = 0..3 in one pass over y (the dearest loop of the oscillation
 * detector): each y[i] is loaded once and the four lagged values slide through locals. Every sum adds the same
 * terms in the same order (increasing i) as a loop per lag, so the results are bit-identical. Needs lag + 2 < n.
 */
function lagSums4(y: Float64Array, n: number, lag: number, out: Float64Array): void {
  // Terms for i = lag .. lag + 2, where the longer lags have fewer (or no) terms yet.
  let s0 = 0;
  s0 += y[lag] * y[0];
  s0 += y[lag + 1] * y[1];
  let s1 = 0;
  s1 += y[lag + 1] * y[0];
  s0 += y[lag + 2] * y[2];
  s1 += y[lag + 2] * y[1];
  let s2 = 0;
  s2 += y[lag + 2] * y[0];
  let s3 = 0;
  // From i = lag + 3 on, all four: a = y[i - lag], b = y[i - lag - 1], c = y[i - lag - 2], d = y[i - lag - 3].
  let a = y[3];
  let b = y[2];
  let c = y[1];
  let d = y[0];
  for (let i = lag + 3; i < n; i++) {
    const v = y[i];
    s0 += v * a;
    s1 += v * b;
    s2 += v * c;
    s3 += v * d;
    d = c;
    c = b;
    b = a;
    a = y[i - lag + 1];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}
