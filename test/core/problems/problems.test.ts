import * as assert from 'node:assert/strict';
import { createProblem, PROBLEM_NAMES, problemTitle, resolveProblemSpec, SURFACE_NAMES } from '../../../src/core/problems';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { SpecError } from '../../../src/core/specError';
import { runComparison } from '../../../src/core/train/compare';
import { defaultEntries } from '../../../src/core/train/presets';
import { assertClose, type Method, path } from './fixtures';

describe('problems', () => {
  it('lists every problem, the two original ones first', () => {
    assert.deepEqual([...PROBLEM_NAMES], [
      'ill-conditioned-quadratic', 'rosenbrock', 'quadratic', 'beale', 'himmelblau', 'rastrigin', 'saddle', 'logistic_regression', 'mlp',
    ]);
  });

  it('builds every problem from its name alone, with a title and variables covering all parameters', () => {
    for (const name of PROBLEM_NAMES) {
      const p = createProblem({ name } as ProblemSpec);
      assert.equal(p.id, name);
      assert.equal(p.title, problemTitle({ name } as ProblemSpec));
      assert.equal(p.start.length, p.dim);
      let next = 0;
      for (const v of p.variables) {
        assert.equal(v.offset, next);
        next += v.length;
      }
      assert.equal(next, p.dim, `${name}: variables cover 0..dim`);
      assert.ok(Number.isFinite(p.minimumLoss));
      assert.ok(p.loss(p.start) >= p.minimumLoss);
    }
  });

  describe('rosenbrock', () => {
    it('is (a - x)^2 + b (y - x^2)^2 with the classic defaults', () => {
      const p = createProblem({ name: 'rosenbrock' });
      assert.equal(p.title, 'Rosenbrock (a=1, b=100)');
      assert.deepEqual(Array.from(p.start), [-1.2, 1]);
      assert.deepEqual(Array.from(p.minimizer as Float64Array), [1, 1]);
      // f(-1.2, 1) = 2.2^2 + 100 * (1 - 1.44)^2 = 4.84 + 19.36
      assertClose(p.loss(p.start), 24.2);
      assert.equal(p.plotBounds?.logLevels, true);
      assert.equal(p.stochastic, false);
      const q = createProblem({ name: 'rosenbrock', a: 2, b: 10 });
      assert.deepEqual(Array.from(q.minimizer as Float64Array), [2, 4]);
      // f(0, 1) = 2^2 + 10 * 1^2
      assertClose(q.loss(Float64Array.of(0, 1)), 14);
    });
    it('rejects b <= 0 and non-finite settings with the field path', () => {
      assert.throws(() => createProblem({ name: 'rosenbrock', b: 0 }), { name: 'SpecError', path: 'b', message: /b: must be positive/ });
      assert.throws(() => createProblem({ name: 'rosenbrock', a: NaN }), { path: 'a', message: /must be a finite number, got NaN/ });
      assert.throws(() => createProblem({ name: 'rosenbrock', start: [Infinity, 0] }), { path: 'start[0]' });
    });
  });

  describe('ill-conditioned quadratic', () => {
    const p = createProblem({ name: 'ill-conditioned-quadratic' });
    it('keeps its title and defaults: eigenvalues 1 and 100 rotated by 30 degrees', () => {
      assert.equal(p.title, 'Ill-conditioned quadratic (condition number 100, rotated 30°)');
      // Hessian from finite differences of the gradient, then its eigenvalues from trace and determinant.
      const h = 1e-4;
      const g0 = new Float64Array(2);
      const g1 = new Float64Array(2);
      p.lossAndGrad(Float64Array.of(h, 0), g0, 1);
      p.lossAndGrad(Float64Array.of(0, h), g1, 1);
      const [a11, a21, a12, a22] = [g0[0] / h, g0[1] / h, g1[0] / h, g1[1] / h];
      assertClose(a12, a21, 1e-9);
      const tr = a11 + a22;
      const det = a11 * a22 - a12 * a21;
      const disc = Math.sqrt(tr * tr - 4 * det);
      assertClose((tr - disc) / 2, 1, 1e-8);
      assertClose((tr + disc) / 2, 100, 1e-8);
      // The steep eigenvector is (-sin 30, cos 30): moving along it by 1 costs 0.5 * 100.
      assertClose(p.loss(Float64Array.of(-0.5, Math.sqrt(3) / 2)), 50);
      assertClose(p.loss(Float64Array.of(Math.sqrt(3) / 2, 0.5)), 0.5);
    });
    it('starts 2 units across the steep direction and 2 sqrt(3) along the shallow one', () => {
      // start (-4, 0): along u = (cos 30, sin 30) it is -2 sqrt(3), along w = (-sin 30, cos 30) it is 2,
      // so f = 0.5 * (1 * 12 + 100 * 4) = 206.
      assertClose(p.loss(p.start), 206);
      assert.equal(p.minimumLoss, 0);
    });
    it('rejects non-positive eigenvalues and non-finite settings', () => {
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', eigenvalues: [0, 100] }), { path: 'eigenvalues', message: /must both be positive/ });
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', eigenvalues: [1, -5] }), /must both be positive/);
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', angle: Infinity }), { path: 'angle', message: /finite number/ });
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', start: [0, NaN] }), { path: 'start[1]' });
    });
  });

  it('rejects an unknown problem name arriving from JSON', () => {
    const spec = JSON.parse('{"name": "booth"}') as ProblemSpec;
    assert.throws(() => createProblem(spec), (e: unknown) => e instanceof SpecError && e.path === 'name' && /unknown problem "booth"; expected one of/.test(e.message));
  });

  it('resolves specs with their defaults written out', () => {
    assert.deepEqual(resolveProblemSpec({ name: 'rosenbrock' }), { name: 'rosenbrock', a: 1, b: 100, start: [-1.2, 1] });
    assert.deepEqual(resolveProblemSpec({ name: 'ill-conditioned-quadratic' }), {
      name: 'ill-conditioned-quadratic', eigenvalues: [1, 100], angle: 30, start: [-4, 0],
    });
    assert.deepEqual(resolveProblemSpec({ name: 'quadratic' }), { name: 'quadratic', eigenvalues: [1, 10], angle: 0, b: [0, 0], start: [1, 1] });
    assert.deepEqual(resolveProblemSpec({ name: 'rastrigin', noise: 0.5, seed: 3 }), { name: 'rastrigin', a: 10, start: [-3.2, 2.3], seed: 3, noise: 0.5 });
    assert.deepEqual(resolveProblemSpec({ name: 'mlp' }), {
      name: 'mlp', hidden: [16, 16], activation: 'tanh', dataset: 'moons', n_samples: 200, dataset_noise: 0.1, batch_size: 32,
    });
    assert.deepEqual(resolveProblemSpec({ name: 'logistic_regression' }), {
      name: 'logistic_regression', dataset: 'blobs', n_samples: 200, dataset_noise: 0.7, batch_size: 32,
    });
  });

  it('titles every problem', () => {
    assert.equal(problemTitle({ name: 'beale' }), 'Beale');
    assert.equal(problemTitle({ name: 'rastrigin' }), 'Rastrigin (A=10)');
    assert.equal(problemTitle({ name: 'saddle' }), 'Saddle x² + (y² − 1)²');
    assert.equal(problemTitle({ name: 'quadratic', eigenvalues: [1, 100], angle: 45 }), 'Quadratic (eigenvalues 1 and 100, rotated 45°)');
    assert.equal(problemTitle({ name: 'quadratic', eigenvalues: [1, 2, 100], rotate: true }), 'Quadratic (n=3, eigenvalues 1 to 100, condition number 100, random rotation)');
    assert.equal(problemTitle({ name: 'quadratic', A: [[2, 0], [0, 0]] }), 'Quadratic (n=2, eigenvalues 0 to 2, singular)');
    assert.equal(problemTitle({ name: 'mlp', hidden: [8], activation: 'relu', dataset: 'spirals', n_samples: 100, batch_size: 100 }),
      'MLP 2-8-1 relu on spirals (100 points, full batch)');
    assert.equal(problemTitle({ name: 'logistic_regression' }), 'Logistic regression on blobs (200 points, batch 32)');
    assert.equal(problemTitle({ name: 'himmelblau', noise: 0.25 }), 'Himmelblau + gradient noise (std 0.25)');
  });

  // The comparison's presets exist for these two; the others are checked with reference loops below.
  for (const name of ['ill-conditioned-quadratic', 'rosenbrock'] as const) {
    it(`plot bounds of ${name} contain the start, the minimiser and every default comparison path`, () => {
      const problem = createProblem({ name });
      const b = problem.plotBounds;
      assert.ok(b);
      const inside = (x: number, y: number): boolean => x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax;
      assert.ok(inside(problem.start[0], problem.start[1]));
      assert.ok(inside((problem.minimizer as Float64Array)[0], (problem.minimizer as Float64Array)[1]));
      const result = runComparison({ problem: { name }, entries: defaultEntries(name), steps: 500, tolerance: 1e-4 });
      for (const run of result.runs) {
        for (let k = 0; k <= run.stepsRun; k++) {
          const [x, y] = [run.params[2 * k], run.params[2 * k + 1]];
          assert.ok(inside(x, y), `${run.label} leaves the plot at step ${k}: (${x}, ${y})`);
        }
      }
    });
  }

  /** Learning rates [gradient descent, heavy ball 0.9, Adam] at which each surface's paths are typical. */
  const RATES: Record<string, [number, number, number][]> = {
    beale: [[0.001, 0.0005, 0.05], [0.01, 0.001, 0.1]],
    himmelblau: [[0.01, 0.002, 0.1], [0.005, 0.001, 0.05]],
    rastrigin: [[0.002, 0.0005, 0.05], [0.004, 0.002, 0.3]],
    saddle: [[0.05, 0.01, 0.05], [0.1, 0.02, 0.1]],
    quadratic: [[0.15, 0.1, 0.1]],
  };
  for (const name of [...SURFACE_NAMES.filter((n) => n in RATES), 'quadratic'] as const) {
    it(`plot bounds of ${name} contain the start, the minimiser and gradient descent, heavy-ball and Adam paths`, () => {
      const problem = createProblem({ name } as ProblemSpec);
      const b = problem.plotBounds;
      assert.ok(b);
      const inside = (x: number, y: number): boolean => x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax;
      assert.ok(inside(problem.start[0], problem.start[1]));
      assert.ok(inside((problem.minimizer as Float64Array)[0], (problem.minimizer as Float64Array)[1]));
      for (const rates of RATES[name]) {
        (['gd', 'heavy-ball', 'adam'] as Method[]).forEach((method, m) => {
          const xs = path(problem, method, rates[m], 500);
          for (let k = 0; k < xs.length; k += 2) assert.ok(inside(xs[k], xs[k + 1]), `${method} lr=${rates[m]} leaves the plot at step ${k / 2}`);
        });
      }
    });
  }
});
