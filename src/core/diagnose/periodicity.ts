/**
 * Is a window of a series oscillating? The series (already in log scale) is detrended by its least-squares line,
 * so a decaying loss does not look periodic and noise does not look anti-correlated (differencing would give
 * -0.5 at lag 1 for pure noise), then the autocorrelation of the residual is taken at lags 1..maxLag.
 * A zig-zag gives about -1 at lag 1; a ringing of period P gives about -1 at lag P/2. Work: n * maxLag per call.
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
  for (let lag = 1; lag <= lags; lag++) {
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
