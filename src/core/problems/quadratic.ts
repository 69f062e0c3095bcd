import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';
import { checkNumber, checkVector, shortNumber } from './check';
import { pointOr, surface, type ProblemDefinition } from './definition';
import type { PlotBounds, ProblemSpec } from './types';

export type IllConditionedQuadraticSpec = Extract<ProblemSpec, { name: 'ill-conditioned-quadratic' }>;

/**
 * Defaults: condition number 100, eigenbasis turned 30 degrees so the valley is not aligned with the
 * axes (per-coordinate methods such as Adam get no free help), and a start 2 units across the steep
 * direction and 3.5 along the shallow one, so gradient descent's zig-zag and its slow crawl both show.
 */
const DEFAULT_EIGENVALUES: [number, number] = [1, 100];
const DEFAULT_ANGLE_DEGREES = 30;
const DEFAULT_START: [number, number] = [-4, 0];

/**
 * f(x) = 0.5 x^T A x with A = R diag(l1, l2) R^T, R the rotation by `angle`: minimum 0 at the origin.
 * On it every verdict of the heavy-ball theory (stability bound, oscillation, rate) is known exactly,
 * which is what makes it the reference problem for the diagnostics and the tests. (The general
 * `quadratic` problem covers any spectrum, dimension, matrix and linear term.)
 */
export const illConditionedQuadraticDefinition: ProblemDefinition<IllConditionedQuadraticSpec> = {
  name: 'ill-conditioned-quadratic',
  keys: ['eigenvalues', 'angle', 'start'],
  resolve(spec, path) {
    let eigenvalues: [number, number] = [...DEFAULT_EIGENVALUES];
    if (spec.eigenvalues !== undefined) {
      const at = childPath(path, 'eigenvalues');
      const [l1, l2] = checkVector(spec.eigenvalues, at, { length: 2 });
      // A non-positive eigenvalue makes the minimum non-unique (0) or the loss unbounded below (< 0).
      if (!(l1 > 0 && l2 > 0)) throw new SpecError(at, `must both be positive, got [${l1}, ${l2}].`);
      eigenvalues = [l1, l2];
    }
    const angle = spec.angle === undefined ? DEFAULT_ANGLE_DEGREES : checkNumber(spec.angle, childPath(path, 'angle'));
    return { name: 'ill-conditioned-quadratic', eigenvalues, angle, start: pointOr(spec, 'start', path, DEFAULT_START) };
  },
  title(spec) {
    const [l1, l2] = spec.eigenvalues ?? DEFAULT_EIGENVALUES;
    const kappa = Math.max(l1, l2) / Math.min(l1, l2);
    return `Ill-conditioned quadratic (condition number ${shortNumber(kappa)}, rotated ${shortNumber(spec.angle ?? DEFAULT_ANGLE_DEGREES)}°)`;
  },
  create(spec, title) {
    const [l1, l2] = spec.eigenvalues as [number, number];
    const start = spec.start as [number, number];
    const theta = ((spec.angle as number) * Math.PI) / 180;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    // A = l1 u u^T + l2 w w^T with u = (c, s), w = (-s, c).
    const a11 = l1 * c * c + l2 * s * s;
    const a12 = (l1 - l2) * c * s;
    const a22 = l1 * s * s + l2 * c * c;
    return surface({
      id: 'ill-conditioned-quadratic',
      title,
      start,
      minimumLoss: 0,
      minimizer: [0, 0],
      plotBounds: quadraticBounds(c, s, start),
      // Both evaluate 0.5 x.(A x) in the same order, so loss() and lossAndGrad() agree to the last bit.
      f: (x, y) => 0.5 * (x * (a11 * x + a12 * y) + y * (a12 * x + a22 * y)),
      fg(x, y, g) {
        const gx = a11 * x + a12 * y;
        const gy = a12 * x + a22 * y;
        g[0] = gx;
        g[1] = gy;
        return 0.5 * (x * gx + y * gy);
      },
    });
  },
};

/**
 * Gradient descent (lr * lambda_max < 2) never grows a coordinate in the eigenbasis, so its path stays
 * in the rectangle |u.x| <= |u.start|, |w.x| <= |w.start|. We show that rectangle's axis-aligned box,
 * widened by a quarter because momentum overshoots it somewhat (a test checks the default paths fit).
 * Log-spaced levels, because the runs go from f ~ 1e2 down many decades.
 */
function quadraticBounds(c: number, s: number, start: [number, number]): PlotBounds {
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
