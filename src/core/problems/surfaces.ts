/**
 * Classic 2-D test surfaces (formulas from Jamil and Yang, "A literature survey of benchmark functions
 * for global optimisation problems", 2013). Each starts where the interesting part of its landscape is,
 * and shows a box chosen so the default paths fit (a test runs gradient descent, heavy ball and Adam
 * from the default start and checks every iterate is inside).
 */
import { childPath } from '../jsonLocations';
import { checkNumber, shortNumber } from './check';
import { boundsAround, pointOr, surface, type ProblemDefinition } from './definition';
import type { ProblemSpec } from './types';

type SpecOf<N extends ProblemSpec['name']> = Extract<ProblemSpec, { name: N }>;

const BEALE_START: [number, number] = [1, 1.5];

/**
 * Beale: f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2, minimum 0 at (3, 0.5).
 * Sharp ridges and flat plateaus (f tends to a constant as x -> 0 or y -> 1 along curves), so the step
 * size a method takes on a plateau matters. Shown on the customary box [-4.5, 4.5]^2, log levels.
 */
export const bealeDefinition: ProblemDefinition<SpecOf<'beale'>> = {
  name: 'beale',
  keys: ['start'],
  resolve: (spec, path) => ({ name: 'beale', start: pointOr(spec, 'start', path, BEALE_START) }),
  title: () => 'Beale',
  create(spec, title) {
    const start = spec.start as [number, number];
    return surface({
      id: 'beale',
      title,
      start,
      minimumLoss: 0,
      minimizer: [3, 0.5],
      plotBounds: boundsAround({ xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 }, [start], 0.5, true),
      f(x, y) {
        const y2 = y * y;
        const t1 = 1.5 - x + x * y;
        const t2 = 2.25 - x + x * y2;
        const t3 = 2.625 - x + x * y2 * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
      },
      fg(x, y, g) {
        const y2 = y * y;
        const t1 = 1.5 - x + x * y;
        const t2 = 2.25 - x + x * y2;
        const t3 = 2.625 - x + x * y2 * y;
        g[0] = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y2 * y - 1));
        g[1] = 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3);
        return t1 * t1 + t2 * t2 + t3 * t3;
      },
    });
  },
};

const HIMMELBLAU_START: [number, number] = [0.5, -0.5];

/**
 * Himmelblau: f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2, four minima of value 0: (3, 2),
 * (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126), and a local maximum at
 * (-0.270845, -0.923039). The default start (0.5, -0.5) lies between the basins of (3, 2) and
 * (3.584428, -1.848126): plain gradient descent at small rates slides into the second, momentum and Adam
 * carry on to the first. `minimizer` is (3, 2); the minimum value is 0 for all four. Box [-5, 5]^2, log
 * levels.
 */
export const himmelblauDefinition: ProblemDefinition<SpecOf<'himmelblau'>> = {
  name: 'himmelblau',
  keys: ['start'],
  resolve: (spec, path) => ({ name: 'himmelblau', start: pointOr(spec, 'start', path, HIMMELBLAU_START) }),
  title: () => 'Himmelblau',
  create(spec, title) {
    const start = spec.start as [number, number];
    return surface({
      id: 'himmelblau',
      title,
      start,
      minimumLoss: 0,
      minimizer: [3, 2],
      plotBounds: boundsAround({ xMin: -5, xMax: 5, yMin: -5, yMax: 5 }, [start], 0.5, true),
      f(x, y) {
        const u = x * x + y - 11;
        const v = x + y * y - 7;
        return u * u + v * v;
      },
      fg(x, y, g) {
        const u = x * x + y - 11;
        const v = x + y * y - 7;
        g[0] = 4 * x * u + 2 * v;
        g[1] = 2 * u + 4 * y * v;
        return u * u + v * v;
      },
    });
  },
};

const RASTRIGIN_START: [number, number] = [-3.2, 2.3];
const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin: f = 2A + sum_i (x_i^2 - A cos(2 pi x_i)), A = 10 by default: a bowl covered in a lattice of
 * local minima near the integer points; the global minimum 0 is at the origin. Plain gradient descent
 * stops in the nearest local minimum, so it shows what momentum and noise buy. Box [-5.12, 5.12]^2
 * (the customary domain), linear levels (the loss spans tens, not decades).
 */
export const rastriginDefinition: ProblemDefinition<SpecOf<'rastrigin'>> = {
  name: 'rastrigin',
  keys: ['a', 'start'],
  resolve(spec, path) {
    const a = spec.a === undefined ? 10 : checkNumber(spec.a, childPath(path, 'a'), { min: 0 });
    return { name: 'rastrigin', a, start: pointOr(spec, 'start', path, RASTRIGIN_START) };
  },
  title: ({ a }) => `Rastrigin (A=${shortNumber(a ?? 10)})`,
  create(spec, title) {
    const a = spec.a as number;
    const start = spec.start as [number, number];
    const k = TWO_PI * a;
    return surface({
      id: 'rastrigin',
      title,
      start,
      minimumLoss: 0,
      minimizer: [0, 0],
      plotBounds: boundsAround({ xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 }, [start], 0.5, false),
      f: (x, y) => 2 * a + (x * x - a * Math.cos(TWO_PI * x)) + (y * y - a * Math.cos(TWO_PI * y)),
      fg(x, y, g) {
        g[0] = 2 * x + k * Math.sin(TWO_PI * x);
        g[1] = 2 * y + k * Math.sin(TWO_PI * y);
        return 2 * a + (x * x - a * Math.cos(TWO_PI * x)) + (y * y - a * Math.cos(TWO_PI * y));
      },
    });
  },
};

const SADDLE_START: [number, number] = [-1.5, 0.001];

/**
 * A saddle that is bounded below: f = x^2 + (y^2 - 1)^2. Near the origin it is 1 + x^2 - 2y^2, a saddle
 * point with curvatures +2 and -4; further out the quartic wall turns it into two minima of value 0 at
 * (0, 1) and (0, -1). We chose it over the textbook x^2 - y^2 because that one has no minimum: every
 * run that escapes the saddle would count as diverging, no convergence tolerance would mean anything,
 * and a contour plot could not be framed around where the paths end. The escape itself, the part worth
 * watching, is the same: the start (-1.5, 0.001) lies almost on the ridge y = 0, so gradient descent
 * first slides to the saddle and then leaves it only as fast as the tiny y grows (a factor 1 + 4 lr per
 * step), while momentum or gradient noise leave sooner. `minimizer` is (0, 1), where paths from y > 0
 * end. Linear levels; the box covers both minima and the start.
 */
export const saddleDefinition: ProblemDefinition<SpecOf<'saddle'>> = {
  name: 'saddle',
  keys: ['start'],
  resolve: (spec, path) => ({ name: 'saddle', start: pointOr(spec, 'start', path, SADDLE_START) }),
  title: () => 'Saddle x² + (y² − 1)²',
  create(spec, title) {
    const start = spec.start as [number, number];
    return surface({
      id: 'saddle',
      title,
      start,
      minimumLoss: 0,
      minimizer: [0, 1],
      plotBounds: boundsAround({ xMin: -2, xMax: 2, yMin: -1.6, yMax: 1.6 }, [start], 0.3, false),
      f(x, y) {
        const w = y * y - 1;
        return x * x + w * w;
      },
      fg(x, y, g) {
        const w = y * y - 1;
        g[0] = 2 * x;
        g[1] = 4 * y * w;
        return x * x + w * w;
      },
    });
  },
};
