import * as assert from 'node:assert/strict';
import { createProblem, PROBLEM_NAMES, problemTitle, resolveProblemSpec } from '../../../src/core/problems';
import type { Problem, ProblemSpec } from '../../../src/core/problems/types';
import { runComparison } from '../../../src/core/train/compare';
import { defaultEntries } from '../../../src/core/train/presets';
import { assertClose } from '../helpers';

/** Central differences, h scaled to the point: error O(h^2) ~ 1e-10 relative for these smooth functions. */
function numericGradient(problem: Problem, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]));
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[i] += h;
    minus[i] -= h;
    out[i] = (problem.loss(plus) - problem.loss(minus)) / (2 * h);
  }
  return out;
}

const SPECS: ProblemSpec[] = [
  { name: 'rosenbrock' },
  { name: 'rosenbrock', a: 2, b: 10 },
  { name: 'ill-conditioned-quadratic' },
  { name: 'ill-conditioned-quadratic', eigenvalues: [3, 0.5], angle: -70 },
];
const POINTS = [[-1.2, 1], [0, 0], [0.5, -0.3], [1.7, 2.9], [-3, -2]];

describe('problems', () => {
  it('lists both problems', () => {
    assert.deepEqual([...PROBLEM_NAMES].sort(), ['ill-conditioned-quadratic', 'rosenbrock']);
  });

  for (const spec of SPECS) {
    describe(problemTitle(spec), () => {
      const problem = createProblem(spec);
      it('has an analytic gradient that matches central finite differences', () => {
        for (const p of POINTS) {
          const x = Float64Array.from(p);
          const g = new Float64Array(2);
          const f = problem.lossAndGrad(x, g, 1);
          assert.equal(f, problem.loss(x), 'lossAndGrad returns the loss');
          const numeric = numericGradient(problem, x);
          for (let i = 0; i < 2; i++) {
            const scale = Math.max(1, Math.abs(g[i]));
            assert.ok(Math.abs(g[i] - numeric[i]) <= 1e-6 * scale, `d/dx${i} at ${p}: analytic ${g[i]}, numeric ${numeric[i]}`);
          }
        }
      });
      it('reaches its known minimum loss at its minimiser, with zero gradient', () => {
        const g = new Float64Array(2);
        assert.equal(problem.lossAndGrad(problem.minimizer as Float64Array, g, 1), problem.minimumLoss);
        assert.ok(g[0] === 0 && g[1] === 0, `gradient at the minimiser: ${g}`);
        assert.ok(problem.loss(problem.start) > problem.minimumLoss);
      });
    });
  }

  describe('rosenbrock', () => {
    it('is (a - x)^2 + b (y - x^2)^2 with the classic defaults', () => {
      const p = createProblem({ name: 'rosenbrock' });
      assert.equal(p.title, 'Rosenbrock (a=1, b=100)');
      assert.deepEqual(Array.from(p.start), [-1.2, 1]);
      assert.deepEqual(Array.from(p.minimizer as Float64Array), [1, 1]);
      // f(-1.2, 1) = 2.2^2 + 100 * (1 - 1.44)^2 = 4.84 + 19.36
      assertClose(p.loss(p.start), 24.2);
      assert.equal(p.plotBounds?.logLevels, true);
      const q = createProblem({ name: 'rosenbrock', a: 2, b: 10 });
      assert.deepEqual(Array.from(q.minimizer as Float64Array), [2, 4]);
      // f(0, 1) = 2^2 + 10 * 1^2
      assertClose(q.loss(Float64Array.of(0, 1)), 14);
    });
    it('rejects b <= 0 and non-finite settings', () => {
      assert.throws(() => createProblem({ name: 'rosenbrock', b: 0 }), /b must be positive/);
      assert.throws(() => createProblem({ name: 'rosenbrock', a: NaN }), /a must be a finite number/);
      assert.throws(() => createProblem({ name: 'rosenbrock', start: [Infinity, 0] }), /start must be two finite numbers/);
    });
  });

  describe('ill-conditioned quadratic', () => {
    const p = createProblem({ name: 'ill-conditioned-quadratic' });
    it('defaults to eigenvalues 1 and 100 rotated by 30 degrees', () => {
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
      assert.match(p.title, /condition number 100/);
    });
    it('rejects non-positive eigenvalues and non-finite settings', () => {
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', eigenvalues: [0, 100] }), /eigenvalues must both be positive/);
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', eigenvalues: [1, -5] }), /eigenvalues must both be positive/);
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', angle: Infinity }), /angle must be a finite number/);
      assert.throws(() => createProblem({ name: 'ill-conditioned-quadratic', start: [0, NaN] }), /start must be two finite numbers/);
    });
  });

  it('rejects an unknown problem name arriving from JSON', () => {
    const spec = JSON.parse('{"name": "beale"}') as ProblemSpec;
    assert.throws(() => createProblem(spec), /Unknown problem "beale"; expected one of/);
  });

  it('resolves specs with their defaults written out', () => {
    assert.deepEqual(resolveProblemSpec({ name: 'rosenbrock' }), { name: 'rosenbrock', a: 1, b: 100, start: [-1.2, 1] });
    assert.deepEqual(resolveProblemSpec({ name: 'ill-conditioned-quadratic' }), {
      name: 'ill-conditioned-quadratic', eigenvalues: [1, 100], angle: 30, start: [-4, 0],
    });
  });

  for (const name of PROBLEM_NAMES) {
    it(`plot bounds of ${name} contain the start, the minimiser and every default path`, () => {
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
});
