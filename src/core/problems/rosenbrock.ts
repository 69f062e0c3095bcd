import { randomOptionsOf, requireFiniteNumber, requireFinitePoint, shortNumber } from './check';
import { wholeVector } from './noise';
import type { Problem, ProblemSpec } from './types';

export type RosenbrockSpec = Extract<ProblemSpec, { name: 'rosenbrock' }>;
export type ResolvedRosenbrockSpec = RosenbrockSpec & Required<Pick<RosenbrockSpec, 'a' | 'b' | 'start'>>;

/** The classic start on the far side of the banana valley (Rosenbrock 1960). */
const DEFAULT_START: [number, number] = [-1.2, 1];

export function resolveRosenbrock(spec: RosenbrockSpec): ResolvedRosenbrockSpec {
  const resolved: ResolvedRosenbrockSpec = {
    name: 'rosenbrock',
    a: spec.a ?? 1,
    b: spec.b ?? 100,
    start: spec.start ? [spec.start[0], spec.start[1]] : [...DEFAULT_START],
    ...randomOptionsOf(spec),
  };
  requireFiniteNumber('Rosenbrock', 'a', resolved.a);
  requireFiniteNumber('Rosenbrock', 'b', resolved.b);
  // b <= 0 loses the unique minimum: b = 0 leaves a whole line of minima, b < 0 is unbounded below.
  if (resolved.b <= 0) throw new Error(`Rosenbrock: b must be positive (the valley's steepness), got ${resolved.b}.`);
  requireFinitePoint('Rosenbrock', 'start', resolved.start);
  return resolved;
}

export function rosenbrockTitle(spec: RosenbrockSpec): string {
  const { a, b } = resolveRosenbrock(spec);
  return `Rosenbrock (a=${shortNumber(a)}, b=${shortNumber(b)})`;
}

/**
 * f(x, y) = (a - x)^2 + b (y - x^2)^2: a curved, flat-bottomed valley whose minimum 0 sits at (a, a^2).
 * The curvature across the valley (~2b(1 + 4a^2) near the minimum) dwarfs the curvature along it, so
 * it tells apart optimizers that adapt their step per direction from those that do not.
 */
export function rosenbrock(spec: RosenbrockSpec): Problem {
  const resolved = resolveRosenbrock(spec);
  const { a, b, start } = resolved;
  return {
    id: 'rosenbrock',
    title: rosenbrockTitle(resolved),
    dim: 2,
    start: Float64Array.from(start),
    minimumLoss: 0,
    minimizer: Float64Array.of(a, a * a),
    plotBounds: rosenbrockBounds(a, start),
    stochastic: false,
    variables: wholeVector(2),
    loss(p) {
      const x = p[0];
      const r = p[1] - x * x;
      return (a - x) * (a - x) + b * r * r;
    },
    lossAndGrad(p, g) {
      const x = p[0];
      const r = p[1] - x * x;
      g[0] = -2 * (a - x) - 4 * b * x * r;
      g[1] = 2 * b * r;
      return (a - x) * (a - x) + b * r * r;
    },
  };
}

/**
 * The box spanned by the start and the stretch of the valley floor y = x^2 between the start and the
 * minimiser (mirrored, since paths from x < 0 cross over the floor's bottom at x = 0), widened by a
 * quarter plus 0.25 so paths that overshoot the floor stay in view (a test checks the default paths
 * fit). Levels are logarithmic: the loss spans many decades between the valley floor and its walls.
 */
function rosenbrockBounds(a: number, start: [number, number]): Problem['plotBounds'] {
  const [x0, y0] = start;
  const xLo = Math.min(x0, -Math.abs(a));
  const xHi = Math.max(x0, Math.abs(a));
  const floorHi = Math.max(xLo * xLo, xHi * xHi);
  const yLo = Math.min(y0, 0);
  const yHi = Math.max(y0, floorHi);
  const padX = 0.25 * (xHi - xLo) + 0.25;
  const padY = 0.25 * (yHi - yLo) + 0.25;
  return { xMin: xLo - padX, xMax: xHi + padX, yMin: yLo - padY, yMax: yHi + padY, logLevels: true };
}
