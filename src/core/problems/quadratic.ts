import { randomOptionsOf, requireFiniteNumber, requireFinitePoint, shortNumber } from './check';
import { wholeVector } from './noise';
import type { Problem, ProblemSpec } from './types';

export type QuadraticSpec = Extract<ProblemSpec, { name: 'ill-conditioned-quadratic' }>;
export type ResolvedQuadraticSpec = QuadraticSpec & Required<Pick<QuadraticSpec, 'eigenvalues' | 'angle' | 'start'>>;

/**
 * Defaults: condition number 100, eigenbasis turned 30 degrees so the valley is not aligned with the
 * axes (per-coordinate methods such as Adam get no free help), and a start 2 units across the steep
 * direction and 3.5 along the shallow one, so gradient descent's zig-zag and its slow crawl both show.
 */
const DEFAULT_EIGENVALUES: [number, number] = [1, 100];
const DEFAULT_ANGLE_DEGREES = 30;
const DEFAULT_START: [number, number] = [-4, 0];

export function resolveQuadratic(spec: QuadraticSpec): ResolvedQuadraticSpec {
  const resolved: ResolvedQuadraticSpec = {
    name: 'ill-conditioned-quadratic',
    eigenvalues: spec.eigenvalues ? [spec.eigenvalues[0], spec.eigenvalues[1]] : [...DEFAULT_EIGENVALUES],
    angle: spec.angle ?? DEFAULT_ANGLE_DEGREES,
    start: spec.start ? [spec.start[0], spec.start[1]] : [...DEFAULT_START],
    ...randomOptionsOf(spec),
  };
  const name = 'Ill-conditioned quadratic';
  requireFinitePoint(name, 'eigenvalues', resolved.eigenvalues);
  // A non-positive eigenvalue makes the minimum non-unique (0) or the loss unbounded below (< 0).
  if (!(resolved.eigenvalues[0] > 0 && resolved.eigenvalues[1] > 0)) {
    throw new Error(`${name}: eigenvalues must both be positive, got [${resolved.eigenvalues.join(', ')}].`);
  }
  requireFiniteNumber(name, 'angle', resolved.angle);
  requireFinitePoint(name, 'start', resolved.start);
  return resolved;
}

export function quadraticTitle(spec: QuadraticSpec): string {
  const { eigenvalues: [l1, l2], angle } = resolveQuadratic(spec);
  const kappa = Math.max(l1, l2) / Math.min(l1, l2);
  return `Ill-conditioned quadratic (condition number ${shortNumber(kappa)}, rotated ${shortNumber(angle)}°)`;
}

/**
 * f(x) = 0.5 x^T A x with A = R diag(l1, l2) R^T, R the rotation by `angle`: minimum 0 at the origin.
 * On it every verdict of the heavy-ball theory (stability bound, oscillation, rate) is known exactly,
 * which is what makes it the reference problem for the diagnostics and the tests.
 */
export function illConditionedQuadratic(spec: QuadraticSpec): Problem {
  const resolved = resolveQuadratic(spec);
  const { eigenvalues: [l1, l2], angle, start } = resolved;
  const theta = (angle * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  // A = l1 u u^T + l2 w w^T with u = (c, s), w = (-s, c).
  const a11 = l1 * c * c + l2 * s * s;
  const a12 = (l1 - l2) * c * s;
  const a22 = l1 * s * s + l2 * c * c;
  return {
    id: 'ill-conditioned-quadratic',
    title: quadraticTitle(resolved),
    dim: 2,
    start: Float64Array.from(start),
    minimumLoss: 0,
    minimizer: Float64Array.of(0, 0),
    plotBounds: quadraticBounds(c, s, start),
    stochastic: false,
    variables: wholeVector(2),
    // Both evaluate 0.5 x.(A x) in the same order, so loss() and lossAndGrad() agree to the last bit.
    loss(p) {
      const x = p[0];
      const y = p[1];
      return 0.5 * (x * (a11 * x + a12 * y) + y * (a12 * x + a22 * y));
    },
    lossAndGrad(p, g) {
      const x = p[0];
      const y = p[1];
      const gx = a11 * x + a12 * y;
      const gy = a12 * x + a22 * y;
      g[0] = gx;
      g[1] = gy;
      return 0.5 * (x * gx + y * gy);
    },
  };
}

/**
 * Gradient descent (lr * lambda_max < 2) never grows a coordinate in the eigenbasis, so its path stays
 * in the rectangle |u.x| <= |u.start|, |w.x| <= |w.start|. We show that rectangle's axis-aligned box,
 * widened by a quarter because momentum overshoots it somewhat (a test checks the default paths fit).
 * Log-spaced levels, because the runs go from f ~ 1e2 down many decades.
 */
function quadraticBounds(c: number, s: number, start: [number, number]): Problem['plotBounds'] {
  const [x, y] = start;
  // Coordinates of the start along the eigenvectors u = (c, s) and w = (-s, c).
  const alongFirst = Math.abs(c * x + s * y);
  const alongSecond = Math.abs(-s * x + c * y);
  const margin = 1.25;
  let halfX = margin * (alongFirst * Math.abs(c) + alongSecond * Math.abs(s));
  let halfY = margin * (alongFirst * Math.abs(s) + alongSecond * Math.abs(c));
  // A start at the minimum would give an empty box.
  if (!(halfX > 0)) halfX = 1;
  if (!(halfY > 0)) halfY = 1;
  return { xMin: -halfX, xMax: halfX, yMin: -halfY, yMax: halfY, logLevels: true };
}
