/**
 * The stability map: for a quadratic whose curvatures (Hessian eigenvalues) lie in [lambdaMin, lambdaMax], how
 * fast momentum SGD converges at each (learning rate, momentum) of a grid, and how (diverges / rings / converges
 * fast / converges slowly). The rates are the closed forms of stability.ts (Goh 2017; the facts doc): the error
 * along curvature lambda is multiplied per step by the larger root modulus of s^2 - T s + D, and over a range
 * the two ends decide the worst one (`worstRate`).
 *
 * Everything is in typed arrays a webview draws directly: cell (row, col) is index row * cols + col, rows are
 * momentum values (ascending), columns learning rates (ascending, log-spaced).
 *
 * Classification of a cell (the rate is the worst over the curvature range):
 * - diverges: rate >= 1 (the error does not shrink; past the stable edge lr = (2 + 2 beta) / lambdaMax for heavy
 *   ball, (2 + 2 beta) / ((1 + 2 beta) lambdaMax) for Nesterov);
 * - fast: converges within `fastFactor` (default 3) of the best speed any momentum SGD reaches on this range:
 *   (1 - rate) >= (1 - bestRate) / fastFactor, with bestRate = (sqrt(kappa) - 1) / (sqrt(kappa) + 1) (Polyak's
 *   heavy-ball optimum, also the lower bound of first-order methods on quadratics). 1 - rate is the fraction of
 *   error removed per step, so "3x slower than the best" reads directly as 3x the steps. A fast cell may ring a
 *   little (the optimum itself rings); it dies out too quickly to matter.
 * - rings: converges, not fast, and the slowest direction oscillates (complex roots, or a zig-zag from a
 *   negative root): the loss curve wiggles for many steps, the classic "momentum too high" / "lr too high" look;
 * - slow: converges, not fast, monotone: the classic "lr too small" / "ill-conditioned" look.
 */
import { maxStableLr, modeDynamics, optimalHeavyBall, worstRate, type ModeDynamics } from '../diagnose/stability';

/** Codes of `StabilityMap.kind`. */
export const CELL_DIVERGES = 0;
export const CELL_RINGS = 1;
export const CELL_FAST = 2;
export const CELL_SLOW = 3;
export type CellKind = typeof CELL_DIVERGES | typeof CELL_RINGS | typeof CELL_FAST | typeof CELL_SLOW;
export const CELL_KIND_NAMES = ['diverges', 'rings', 'fast', 'slow'] as const;
export type CellKindName = (typeof CELL_KIND_NAMES)[number];

/** Default for `fastFactor`: within 3x the steps of the best setting counts as fast. */
export const DEFAULT_FAST_FACTOR = 3;

/** 'linear': momentum evenly spaced; 'oneMinusLog': 1 - momentum log-spaced (0.9, 0.99, 0.999 equally apart). */
export type MomentumSpacing = 'linear' | 'oneMinusLog';

export interface AxisRange {
  min: number;
  max: number;
  count: number;
}

export interface StabilityMapOptions {
  /** The curvature range: 0 < lambdaMin <= lambdaMax. */
  lambdaMin: number;
  lambdaMax: number;
  /** Nesterov momentum (PyTorch's nesterov=True) instead of heavy ball. Default false. */
  nesterov?: boolean;
  /** Log-spaced learning rates; default 1e-3 / lambdaMax to 10 / lambdaMax, 128 columns (see defaultLrAxis). */
  lr?: AxisRange;
  /** Momentum values, max < 1; default 0 to 0.999, 96 rows, 'oneMinusLog'. */
  momentum?: AxisRange & { spacing?: MomentumSpacing };
  /** See the classification above; must be >= 1. */
  fastFactor?: number;
}

export interface StabilityMap {
  lambdaMin: number;
  lambdaMax: number;
  nesterov: boolean;
  /** Column values, ascending, log-spaced. */
  lr: Float64Array;
  /** Row values, ascending. */
  momentum: Float64Array;
  momentumSpacing: MomentumSpacing;
  /** Worst rate over the curvature range per cell (row * cols + col). */
  rate: Float64Array;
  /** CELL_* code per cell. */
  kind: Uint8Array;
  /** Steps per oscillation of the slowest direction: 2 for a zig-zag, Infinity when monotone. */
  period: Float64Array;
  /** The stable edge per row: the largest stable lr at that momentum (cells at lr >= it diverge). */
  boundaryLr: Float64Array;
  /** A cell is fast when its rate is <= this. */
  fastRate: number;
  /** Polyak's optimum on the range (heavy ball): the best rate any momentum SGD reaches, and where. */
  best: { lr: number; momentum: number; rate: number };
}

/** Where one (lr, momentum) sits on a map and what the theory says about it there. */
export interface MapLocation {
  /** Fractional column / row index (grid values sit at integers); outside [-0.5, n - 0.5] is off the map. */
  col: number;
  row: number;
  inside: boolean;
  /** The nearest cell's index (row * cols + col), -1 when off the map. */
  cell: number;
  /** At exactly this (lr, momentum), not the cell's grid value. */
  rate: number;
  kind: CellKind;
  shape: ModeDynamics['shape'];
  period: number;
}

export function defaultLrAxis(lambdaMax: number): AxisRange {
  return { min: 1e-3 / lambdaMax, max: 10 / lambdaMax, count: 128 };
}

export const DEFAULT_MOMENTUM_AXIS: AxisRange & { spacing: MomentumSpacing } = { min: 0, max: 0.999, count: 96, spacing: 'oneMinusLog' };

export function buildStabilityMap(options: StabilityMapOptions): StabilityMap {
  const { lambdaMin, lambdaMax } = options;
  if (!(lambdaMin > 0 && lambdaMax >= lambdaMin && Number.isFinite(lambdaMax))) {
    throw new RangeError(`the curvature range needs 0 < lambdaMin <= lambdaMax < Infinity (got ${lambdaMin}, ${lambdaMax})`);
  }
  const nesterov = options.nesterov ?? false;
  const lrAxis = options.lr ?? defaultLrAxis(lambdaMax);
  const momentumAxis = options.momentum ?? DEFAULT_MOMENTUM_AXIS;
  const spacing = momentumAxis.spacing ?? 'linear';
  const fastFactor = options.fastFactor ?? DEFAULT_FAST_FACTOR;
  if (!(fastFactor >= 1 && Number.isFinite(fastFactor))) throw new RangeError(`fastFactor must be a finite number >= 1 (got ${fastFactor})`);
  const lr = lrValues(lrAxis);
  const momentum = momentumValues(momentumAxis, spacing);
  const best = optimalHeavyBall(lambdaMin, lambdaMax);
  const fastRate = 1 - (1 - best.rate) / fastFactor;
  const cols = lr.length;
  const rows = momentum.length;
  const rate = new Float64Array(rows * cols);
  const kind = new Uint8Array(rows * cols);
  const period = new Float64Array(rows * cols);
  const boundaryLr = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    boundaryLr[r] = maxStableLr(momentum[r], lambdaMax, nesterov);
    for (let c = 0; c < cols; c++) {
      const worst = worstRate(lr[c], momentum[r], lambdaMin, lambdaMax, nesterov);
      const i = r * cols + c;
      rate[i] = worst.rate;
      period[i] = worst.period;
      kind[i] = classify(worst, fastRate);
    }
  }
  return { lambdaMin, lambdaMax, nesterov, lr, momentum, momentumSpacing: spacing, rate, kind, period, boundaryLr, fastRate, best };
}

/** The class of a cell whose slowest direction has these dynamics (see the file comment). */
export function classify(worst: ModeDynamics, fastRate: number): CellKind {
  if (!(worst.rate < 1)) return CELL_DIVERGES;
  if (worst.rate <= fastRate) return CELL_FAST;
  return worst.shape === 'monotone' ? CELL_SLOW : CELL_RINGS;
}

/** The largest stable lr at each of `momenta` for curvatures up to lambdaMax (the edge drawn as a curve). */
export function stableBoundary(momenta: ArrayLike<number>, lambdaMax: number, nesterov = false): Float64Array {
  const out = new Float64Array(momenta.length);
  for (let i = 0; i < momenta.length; i++) out[i] = maxStableLr(momenta[i], lambdaMax, nesterov);
  return out;
}

/** Where (lr, momentum) sits on `map` (e.g. a run's settings, or the settings a fix suggests). */
export function locate(map: StabilityMap, lr: number, momentum: number): MapLocation {
  const cols = map.lr.length;
  const rows = map.momentum.length;
  const col = fractionalIndex(Math.log(lr), Math.log(map.lr[0]), Math.log(map.lr[cols - 1]), cols);
  const row = map.momentumSpacing === 'linear'
    ? fractionalIndex(momentum, map.momentum[0], map.momentum[rows - 1], rows)
    : fractionalIndex(-Math.log(1 - momentum), -Math.log(1 - map.momentum[0]), -Math.log(1 - map.momentum[rows - 1]), rows);
  // Settings no momentum SGD can have (lr <= 0, momentum outside [0, 1)) sit on no map.
  const valid = lr > 0 && momentum >= 0 && momentum < 1;
  const inside = valid && col >= -0.5 && col <= cols - 0.5 && row >= -0.5 && row <= rows - 0.5;
  const cell = inside ? Math.min(rows - 1, Math.max(0, Math.round(row))) * cols + Math.min(cols - 1, Math.max(0, Math.round(col))) : -1;
  const worst = valid ? worstRate(lr, momentum, map.lambdaMin, map.lambdaMax, map.nesterov) : { rate: Infinity, shape: 'monotone' as const, period: Infinity };
  return { col, row, inside, cell, rate: worst.rate, kind: classify(worst, map.fastRate), shape: worst.shape, period: worst.period };
}

/** The (lr, momentum) of a cell: what a click on the map re-runs the comparison with. */
export function cellSettings(map: StabilityMap, cell: number): { lr: number; momentum: number } {
  const cols = map.lr.length;
  if (!(Number.isInteger(cell) && cell >= 0 && cell < map.rate.length)) throw new RangeError(`no cell ${cell} in a ${map.momentum.length} x ${cols} map`);
  return { lr: map.lr[cell % cols], momentum: map.momentum[Math.floor(cell / cols)] };
}

/**
 * Steps for the error to shrink by `factor` (default 10) at this rate: ln(1/factor) / ln(rate), for a tooltip
 * ("about 40 steps per 10x"). Infinity when it does not shrink (rate >= 1), 0 at rate 0.
 */
export function stepsToShrink(rate: number, factor = 10): number {
  if (!(rate < 1)) return Infinity;
  if (rate <= 0) return 0;
  return Math.log(1 / factor) / Math.log(rate);
}

/** The dynamics of one curvature at a cell, for a tooltip that shows both ends of the range. */
export function cellEnds(map: StabilityMap, cell: number): { low: ModeDynamics; high: ModeDynamics } {
  const { lr, momentum } = cellSettings(map, cell);
  return { low: modeDynamics(lr, momentum, map.lambdaMin, map.nesterov), high: modeDynamics(lr, momentum, map.lambdaMax, map.nesterov) };
}

function lrValues(axis: AxisRange): Float64Array {
  checkAxis(axis, 'lr');
  if (!(axis.min > 0)) throw new RangeError(`learning rates must be > 0 (got min ${axis.min})`);
  const out = new Float64Array(axis.count);
  const a = Math.log(axis.min);
  const b = Math.log(axis.max);
  for (let i = 0; i < axis.count; i++) out[i] = Math.exp(a + ((b - a) * i) / (axis.count - 1));
  // Exact ends, so a caller's own bounds round-trip.
  out[0] = axis.min;
  out[axis.count - 1] = axis.max;
  return out;
}

function momentumValues(axis: AxisRange, spacing: MomentumSpacing): Float64Array {
  checkAxis(axis, 'momentum');
  if (!(axis.min >= 0 && axis.max < 1)) throw new RangeError(`momentum must lie in [0, 1) (got ${axis.min} to ${axis.max})`);
  const out = new Float64Array(axis.count);
  const n = axis.count - 1;
  if (spacing === 'linear') {
    for (let i = 0; i <= n; i++) out[i] = axis.min + ((axis.max - axis.min) * i) / n;
  } else {
    const a = Math.log(1 - axis.min);
    const b = Math.log(1 - axis.max);
    for (let i = 0; i <= n; i++) out[i] = 1 - Math.exp(a + ((b - a) * i) / n);
  }
  out[0] = axis.min;
  out[n] = axis.max;
  return out;
}

function checkAxis(axis: AxisRange, name: string): void {
  if (!(Number.isInteger(axis.count) && axis.count >= 2 && axis.count <= 4096)) throw new RangeError(`${name} axis: count must be an integer in [2, 4096] (got ${axis.count})`);
  if (!(axis.max > axis.min && Number.isFinite(axis.max) && Number.isFinite(axis.min))) throw new RangeError(`${name} axis: need min < max, both finite (got ${axis.min}, ${axis.max})`);
}

/** Position of x between the first (a) and last (b) of n evenly spaced samples, in sample indices. */
function fractionalIndex(x: number, a: number, b: number, n: number): number {
  const t = ((x - a) / (b - a)) * (n - 1);
  return Number.isNaN(t) ? -Infinity : t;
}
