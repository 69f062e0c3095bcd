import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';
import { checkNumber, shortNumber } from './check';
import { pointOr, surface, type ProblemDefinition } from './definition';
import type { PlotBounds, ProblemSpec } from './types';

export type RosenbrockSpec = Extract<ProblemSpec, { name: 'rosenbrock' }>;

/** The classic start on the far side of the banana valley (Rosenbrock 1960). */
const DEFAULT_START: [number, number] = [-1.2, 1];

/**
 * f(x, y) = (a - x)^2 + b (y - x^2)^2: a curved, flat-bottomed valley whose minimum 0 sits at (a, a^2).
 * The curvature across the valley (~2b(1 + 4a^2) near the minimum) dwarfs the curvature along it, so
 * it tells apart optimizers that adapt their step per direction from those that do not.
 */
export const rosenbrockDefinition: ProblemDefinition<RosenbrockSpec> = {
  name: 'rosenbrock',
  keys: ['a', 'b', 'start'],
  resolve(spec, path) {
    const a = spec.a === undefined ? 1 : checkNumber(spec.a, childPath(path, 'a'));
    const b = spec.b === undefined ? 100 : checkNumber(spec.b, childPath(path, 'b'));
    // b <= 0 loses the unique minimum: b = 0 leaves a whole line of minima, b < 0 is unbounded below.
    if (b <= 0) throw new SpecError(childPath(path, 'b'), `must be positive (the valley's steepness), got ${b}.`);
    return { name: 'rosenbrock', a, b, start: pointOr(spec, 'start', path, DEFAULT_START) };
  },
  title: ({ a, b }) => `Rosenbrock (a=${shortNumber(a ?? 1)}, b=${shortNumber(b ?? 100)})`,
  create(spec, title) {
    const a = spec.a as number;
    const b = spec.b as number;
    const start = spec.start as [number, number];
    return surface({
      id: 'rosenbrock',
      title,
      start,
      minimumLoss: 0,
      minimizer: [a, a * a],
      plotBounds: rosenbrockBounds(a, start),
      f(x, y) {
        const r = y - x * x;
        return (a - x) * (a - x) + b * r * r;
      },
      fg(x, y, g) {
        const r = y - x * x;
        g[0] = -2 * (a - x) - 4 * b * x * r;
        g[1] = 2 * b * r;
        return (a - x) * (a - x) + b * r * r;
      },
    });
  },
};

/**
 * The box spanned by the start and the stretch of the valley floor y = x^2 between the start and the
 * minimiser (mirrored, since paths from x < 0 cross over the floor's bottom at x = 0), widened by a
 * quarter plus 0.25 so paths that overshoot the floor stay in view (a test checks the default paths
 * fit). Levels are logarithmic: the loss spans many decades between the valley floor and its walls.
 */
function rosenbrockBounds(a: number, start: [number, number]): PlotBounds {
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
