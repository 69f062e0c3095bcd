import * as assert from 'node:assert/strict';
import { createProblem, problemTitle } from '../../../src/core/problems';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { createRng } from '../../../src/core/random';
import { assertGradientMatches } from './fixtures';

const SURFACES: ProblemSpec[] = [
  { name: 'rosenbrock' },
  { name: 'rosenbrock', a: 2, b: 10 },
  { name: 'ill-conditioned-quadratic' },
  { name: 'ill-conditioned-quadratic', eigenvalues: [3, 0.5], angle: -70 },
  { name: 'beale' },
  { name: 'himmelblau' },
  { name: 'rastrigin' },
  { name: 'rastrigin', a: 3 },
  { name: 'saddle' },
  { name: 'quadratic' },
  { name: 'quadratic', eigenvalues: [1, 50], angle: 45, b: [1, 2] },
  { name: 'quadratic', A: [[4, 1], [1, 3]], b: [1, 2] },
];
const POINTS = [[-1.2, 1], [0, 0], [0.5, -0.3], [1.7, 2.9], [-3, -2], [3, 0.5], [-0.27, -0.92]];

describe('analytic gradients match central finite differences', () => {
  for (const spec of SURFACES) {
    it(problemTitle(spec), () => {
      const problem = createProblem(spec);
      for (const p of POINTS) {
        const x = Float64Array.from(p);
        assertGradientMatches(problem, x);
        const g = new Float64Array(2);
        assert.equal(problem.lossAndGrad(x, g, 1), problem.loss(x), 'lossAndGrad returns exactly loss(x)');
      }
    });
  }

  it('n-D quadratics: chosen spectrum with a random rotation, and an explicit 4 x 4 matrix', () => {
    const rng = createRng(1);
    const specs: ProblemSpec[] = [
      { name: 'quadratic', eigenvalues: [0.5, 1, 3, 7, 20], rotate: true, seed: 9, b: [1, 0, -1, 2, 0.5] },
      { name: 'quadratic', A: [[5, 1, 0, 0.5], [1, 4, 1, 0], [0, 1, 3, 1], [0.5, 0, 1, 2]], b: [1, -1, 0, 2] },
    ];
    for (const spec of specs) {
      const problem = createProblem(spec);
      for (let k = 0; k < 4; k++) {
        const x = new Float64Array(problem.dim);
        for (let i = 0; i < x.length; i++) x[i] = 4 * rng.next() - 2;
        assertGradientMatches(problem, x);
      }
    }
  });

  // The dataset problems: full-batch specs, so lossAndGrad is the gradient of loss(x).
  const NETWORKS: ProblemSpec[] = [
    { name: 'logistic_regression', batch_size: 200 },
    { name: 'logistic_regression', dataset: 'moons', n_samples: 50, batch_size: 50 },
    { name: 'mlp', hidden: [5, 4], activation: 'tanh', n_samples: 40, batch_size: 40 },
    { name: 'mlp', hidden: [6], activation: 'tanh', dataset: 'spirals', n_samples: 30, batch_size: 30, seed: 4 },
    { name: 'mlp', hidden: [5, 4], activation: 'relu', n_samples: 40, batch_size: 40 },
    { name: 'mlp', hidden: [7, 3, 4], activation: 'relu', dataset: 'blobs', n_samples: 25, batch_size: 25, seed: 2 },
    { name: 'mlp', hidden: [], n_samples: 20, batch_size: 20 },
  ];
  for (const spec of NETWORKS) {
    it(problemTitle(spec), () => {
      const problem = createProblem(spec);
      assert.equal(problem.stochastic, false);
      const rng = createRng(17);
      // The start (not for ReLU: with the biases at 0, a unit whose inputs are all 0 sits exactly on its
      // kink), then perturbed points, where with h ~ 1e-6 a kink crossing is vanishingly unlikely, and
      // the seeded points make the check deterministic.
      const relu = spec.name === 'mlp' && spec.activation === 'relu';
      const points = relu ? [] : [Float64Array.from(problem.start)];
      for (let k = 0; k < 3; k++) points.push(problem.start.map((v) => v + 0.5 * rng.normal()));
      for (const x of points) {
        assertGradientMatches(problem, x, 1e-6, 1e-6);
        const g = new Float64Array(problem.dim);
        assert.equal(problem.lossAndGrad(x, g, 5), problem.loss(x), 'full batch: lossAndGrad returns exactly loss(x)');
      }
    });
  }

  it('a minibatch gradient is the gradient of that minibatch\'s loss (checked against the full batch of the same points)', () => {
    // The mean of the minibatch gradients of one epoch
    // equals the full gradient when the batches partition the data (n divisible by the batch size).
    const spec: ProblemSpec = { name: 'mlp', hidden: [4], n_samples: 48, batch_size: 12 };
    const mini = createProblem(spec);
    const full = createProblem({ ...spec, batch_size: 48 });
    const x = Float64Array.from(mini.start);
    const g = new Float64Array(mini.dim);
    const mean = new Float64Array(mini.dim);
    let loss = 0;
    for (let step = 1; step <= 4; step++) {
      loss += mini.lossAndGrad(x, g, step) / 4;
      for (let i = 0; i < g.length; i++) mean[i] += g[i] / 4;
    }
    const gFull = new Float64Array(mini.dim);
    const fFull = full.lossAndGrad(x, gFull, 1);
    assert.ok(Math.abs(loss - fFull) < 1e-12);
    for (let i = 0; i < g.length; i++) assert.ok(Math.abs(mean[i] - gFull[i]) < 1e-12, `coordinate ${i}`);
  });
});
