import * as assert from 'node:assert/strict';
import { createProblem } from '../../../src/core/problems';
import { makeDataset } from '../../../src/core/problems/datasets';
import { MinibatchSampler } from '../../../src/core/problems/minibatch';
import { glorotUniform, parameterCount } from '../../../src/core/problems/mlp';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { assertClose } from './fixtures';

function gradientAt(problem: ReturnType<typeof createProblem>, step: number, x = problem.start): { f: number; g: Float64Array } {
  const g = new Float64Array(problem.dim);
  const f = problem.lossAndGrad(x, g, step);
  return { f, g };
}

describe('datasets', () => {
  for (const name of ['moons', 'spirals', 'blobs'] as const) {
    it(`${name}: n points, 2 features, labels 0 then 1 split floor(n/2) / rest, reproducible from the seed`, () => {
      const d = makeDataset(name, 101, 0.1, 5);
      assert.equal(d.n, 101);
      assert.equal(d.features.length, 202);
      assert.equal(d.labels.filter((y) => y === 0).length, 50);
      assert.equal(d.labels.filter((y) => y === 1).length, 51);
      assert.ok(d.labels.every((y, i) => y === (i < 50 ? 0 : 1)));
      assert.ok(d.features.every(Number.isFinite));
      assert.deepEqual(makeDataset(name, 101, 0.1, 5), d);
      assert.notDeepEqual(makeDataset(name, 101, 0.1, 6).features, d.features);
    });
  }

  it('moons without jitter lie on the two half circles of make_moons', () => {
    const d = makeDataset('moons', 10, 0, 0);
    for (let i = 0; i < 10; i++) {
      const [x, y] = [d.features[2 * i], d.features[2 * i + 1]];
      if (i < 5) assertClose(Math.hypot(x, y), 1, 1e-14);
      else assertClose(Math.hypot(x - 1, y - 0.5), 1, 1e-14);
    }
    // First points of each moon: t = 0.
    assert.deepEqual([d.features[0], d.features[1], d.features[10], d.features[11]], [1, 0, 0, 0.5]);
  });

  it('spirals without jitter: arm k at angle 3 pi s + k pi, radius s', () => {
    const d = makeDataset('spirals', 4, 0, 0);
    // Class 0: s = 0.25, 0.75; class 1 the same radii turned by pi.
    assertClose(d.features[0], 0.25 * Math.cos(0.75 * Math.PI), 1e-15);
    assertClose(d.features[4], -0.25 * Math.cos(0.75 * Math.PI), 1e-15);
  });

  it('blobs are centred on (-1, -1) and (1, 1) with the jitter as their spread', () => {
    const d = makeDataset('blobs', 4000, 0.5, 1);
    let mx0 = 0;
    let mx1 = 0;
    for (let i = 0; i < 2000; i++) mx0 += d.features[2 * i] / 2000;
    for (let i = 2000; i < 4000; i++) mx1 += d.features[2 * i] / 2000;
    assert.ok(Math.abs(mx0 + 1) < 0.05 && Math.abs(mx1 - 1) < 0.05);
  });
});

describe('minibatches', () => {
  it('each epoch visits floor(n / batch) batches of distinct samples, reshuffled per epoch', () => {
    const s = new MinibatchSampler(10, 3, 42);
    assert.equal(s.batchesPerEpoch, 3);
    const epoch = (first: number): number[][] => [0, 1, 2].map((k) => {
      const off = s.select(first + k);
      return Array.from(s.order.slice(off, off + 3));
    });
    const e1 = epoch(1);
    const seen = e1.flat();
    assert.equal(new Set(seen).size, 9);
    assert.ok(seen.every((i) => i >= 0 && i < 10));
    const e2 = epoch(4);
    assert.notDeepEqual(e2, e1);
    // Random access gives the same batches as the sequential pass.
    assert.deepEqual(epoch(1), e1);
    const fresh = new MinibatchSampler(10, 3, 42);
    const off = fresh.select(5);
    assert.deepEqual(Array.from(fresh.order.slice(off, off + 3)), e2[1]);
  });

  it('a full batch is the data in order', () => {
    const s = new MinibatchSampler(5, 5, 1);
    assert.equal(s.select(7), 0);
    assert.deepEqual(Array.from(s.order), [0, 1, 2, 3, 4]);
  });
});

describe('mlp and logistic regression', () => {
  it('mlp has W1, b1, ... in PyTorch layout and a Glorot-uniform start from the seed', () => {
    const p = createProblem({ name: 'mlp', hidden: [8, 4] });
    assert.equal(p.dim, 8 * 2 + 8 + 4 * 8 + 4 + 1 * 4 + 1);
    assert.equal(parameterCount([8, 4]), p.dim);
    assert.deepEqual(p.variables.map((v) => [v.name, v.offset, v.length]), [
      ['W1', 0, 16], ['b1', 16, 8], ['W2', 24, 32], ['b2', 56, 4], ['W3', 60, 4], ['b3', 64, 1],
    ]);
    const limit1 = Math.sqrt(6 / (2 + 8));
    assert.ok(p.start.slice(0, 16).every((w) => Math.abs(w) <= limit1));
    assert.ok(p.start.slice(16, 24).every((b) => b === 0));
    assert.deepEqual(createProblem({ name: 'mlp', hidden: [8, 4] }).start, p.start);
    assert.notDeepEqual(createProblem({ name: 'mlp', hidden: [8, 4], seed: 1 }).start, p.start);
    assert.deepEqual(glorotUniform([3], 9), glorotUniform([3], 9));
  });

  it('logistic regression starts at zero, where the loss is log 2', () => {
    const p = createProblem({ name: 'logistic_regression' });
    assert.deepEqual(Array.from(p.start), [0, 0, 0]);
    assert.deepEqual(p.variables.map((v) => v.name), ['weights', 'bias']);
    assertClose(p.loss(p.start), Math.log(2), 1e-14);
    assert.equal(p.minimumLoss, 0);
    assert.equal(p.minimizer, undefined);
    assert.equal(p.plotBounds, undefined);
  });

  it('logistic regression: the loss at a known point is the mean of softplus(z) - y z', () => {
    const p = createProblem({ name: 'logistic_regression', n_samples: 6, batch_size: 6, dataset_noise: 0 });
    // Blobs without jitter: three points at (-1, -1) with y = 0, three at (1, 1) with y = 1.
    // w = (1, 2), b = 0.5: z = -2.5 for class 0, 3.5 for class 1.
    const expected = (Math.log1p(Math.exp(-2.5)) + Math.log1p(Math.exp(-3.5))) / 2;
    assertClose(p.loss(Float64Array.of(1, 2, 0.5)), expected, 1e-15);
  });

  it('is stochastic with minibatches and deterministic from (seed, step)', () => {
    const spec: ProblemSpec = { name: 'mlp', hidden: [6], n_samples: 100, batch_size: 10, seed: 3 };
    const a = createProblem(spec);
    const b = createProblem(spec);
    assert.equal(a.stochastic, true);
    // Steps queried in different orders give identical results.
    const a7 = gradientAt(a, 7);
    gradientAt(b, 30);
    gradientAt(b, 2);
    const b7 = gradientAt(b, 7);
    assert.equal(a7.f, b7.f);
    assert.deepEqual(a7.g, b7.g);
    assert.deepEqual(gradientAt(a, 7).g, a7.g, 'repeatable on the same instance');
    // Another step, another minibatch.
    const a8 = gradientAt(a, 8);
    assert.notEqual(a8.f, a7.f);
    assert.notDeepEqual(a8.g, a7.g);
    // Another seed: other data, batches and start.
    assert.notDeepEqual(createProblem({ ...spec, seed: 4 }).start, a.start);
    // loss(x) is the full-data objective, independent of any step.
    assert.equal(a.loss(a.start), createProblem({ ...spec, batch_size: 100 }).loss(a.start));
  });

  it('a run is bit-identical across two builds of the same spec', () => {
    const run = (): Float64Array => {
      const p = createProblem({ name: 'mlp', hidden: [8], activation: 'relu', dataset: 'spirals', batch_size: 16, noise: 0.01, seed: 21 });
      const x = Float64Array.from(p.start);
      const g = new Float64Array(p.dim);
      for (let t = 1; t <= 50; t++) {
        p.lossAndGrad(x, g, t);
        for (let i = 0; i < x.length; i++) x[i] -= 0.1 * g[i];
      }
      return x;
    };
    assert.deepEqual(run(), run());
  });

  it('training lowers the full loss (gradient descent on the default mlp)', () => {
    const p = createProblem({ name: 'mlp' });
    const x = Float64Array.from(p.start);
    const g = new Float64Array(p.dim);
    const before = p.loss(x);
    for (let t = 1; t <= 300; t++) {
      p.lossAndGrad(x, g, t);
      for (let i = 0; i < x.length; i++) x[i] -= 0.3 * g[i];
    }
    assert.ok(p.loss(x) < 0.6 * before, `${before} -> ${p.loss(x)}`);
  });
});

describe('gradient noise', () => {
  it('adds seeded N(0, std^2) noise per step to the gradient, never to the loss', () => {
    const clean = createProblem({ name: 'rosenbrock' });
    const noisy = createProblem({ name: 'rosenbrock', noise: 0.5, seed: 1 });
    assert.equal(clean.stochastic, false);
    assert.equal(noisy.stochastic, true);
    assert.deepEqual(noisy.variables, clean.variables);
    const x = Float64Array.of(0.3, -0.2);
    const g0 = gradientAt(clean, 1, x).g;
    const n3 = gradientAt(noisy, 3, x);
    assert.equal(n3.f, clean.loss(x));
    assert.equal(noisy.loss(x), clean.loss(x));
    assert.notDeepEqual(n3.g, g0);
    assert.deepEqual(gradientAt(noisy, 3, x).g, n3.g, 'same step, same noise');
    assert.deepEqual(gradientAt(createProblem({ name: 'rosenbrock', noise: 0.5, seed: 1 }), 3, x).g, n3.g);
    assert.notDeepEqual(gradientAt(noisy, 4, x).g, n3.g);
    assert.notDeepEqual(gradientAt(createProblem({ name: 'rosenbrock', noise: 0.5, seed: 2 }), 3, x).g, n3.g);
    // The noise has the requested spread.
    let sumSq = 0;
    const steps = 4000;
    for (let t = 1; t <= steps; t++) {
      const g = gradientAt(noisy, t, x).g;
      sumSq += (g[0] - g0[0]) ** 2 + (g[1] - g0[1]) ** 2;
    }
    assertClose(Math.sqrt(sumSq / (2 * steps)), 0.5, 0.05);
  });
});
