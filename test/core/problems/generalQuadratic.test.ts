import * as assert from 'node:assert/strict';
import { createProblem } from '../../../src/core/problems';
import { symmetricEigen } from '../../../src/core/problems/linalg';
import { assertClose } from './fixtures';

describe('quadratic (general)', () => {
  it('with A and b: minimum at the solution of A x = b, value -0.5 b.x*', () => {
    // A = [[4, 1], [1, 3]], b = [1, 2]: x* = (1/11) [3 - 2, 8 - 1] = [1/11, 7/11]; f* = -0.5 (1/11 + 14/11).
    const p = createProblem({ name: 'quadratic', A: [[4, 1], [1, 3]], b: [1, 2], start: [2, -1] });
    const x = p.minimizer as Float64Array;
    assertClose(x[0], 1 / 11, 1e-14);
    assertClose(x[1], 7 / 11, 1e-14);
    assertClose(p.minimumLoss, -15 / 22, 1e-14);
    const g = new Float64Array(2);
    assert.equal(p.lossAndGrad(x, g, 1), p.minimumLoss);
    assert.ok(Math.abs(g[0]) < 1e-14 && Math.abs(g[1]) < 1e-14);
    // f(2, -1) = 0.5 (16 - 4 + 3) - (2 - 2) = 7.5
    assertClose(p.loss(p.start), 7.5);
    assert.equal(p.plotBounds?.logLevels, false, 'negative minimum: linear levels');
  });

  it('with a 3 x 3 positive definite A: minimiser solves A x = b', () => {
    const A = [[6, 2, 1], [2, 5, 2], [1, 2, 4]];
    const b = [1, -2, 3];
    const p = createProblem({ name: 'quadratic', A, b });
    const x = p.minimizer as Float64Array;
    for (let i = 0; i < 3; i++) assertClose(A[i][0] * x[0] + A[i][1] * x[1] + A[i][2] * x[2], b[i], 1e-13);
    assert.equal(p.dim, 3);
    assert.equal(p.plotBounds, undefined, 'no contour plot beyond 2-D');
    assert.deepEqual(Array.from(p.start), [1, 1, 1]);
  });

  it('accepts a singular A when b lies in its range, with the minimum-norm minimiser', () => {
    const p = createProblem({ name: 'quadratic', A: [[1, 1], [1, 1]], b: [2, 2] });
    // f = 0.5 (x + y)^2 - 2 (x + y): minimum -2 on the line x + y = 2, minimum-norm point (1, 1).
    assertClose(p.minimumLoss, -2, 1e-14);
    assertClose((p.minimizer as Float64Array)[0], 1, 1e-14);
    assertClose((p.minimizer as Float64Array)[1], 1, 1e-14);
  });

  it('rejects an indefinite, asymmetric, non-square A, and b along the null space', () => {
    assert.throws(() => createProblem({ name: 'quadratic', A: [[1, 0], [0, -2]] }), { path: 'A', message: /positive semidefinite.*eigenvalue -2/ });
    assert.throws(() => createProblem({ name: 'quadratic', A: [[1, 2], [0, 1]] }), { path: 'A[0][1]', message: /symmetric/ });
    assert.throws(() => createProblem({ name: 'quadratic', A: [[1, 0], [0]] }), { path: 'A[1]', message: /2 entries/ });
    assert.throws(() => createProblem({ name: 'quadratic', A: [[1, 0], [0, 0]], b: [0, 1] }), { path: 'b', message: /null space/ });
    assert.throws(() => createProblem({ name: 'quadratic', A: [[1]], eigenvalues: [1] }), { path: 'eigenvalues', message: /either/ });
    assert.throws(() => createProblem({ name: 'quadratic', A: [[2, 0], [0, 1]], b: [1] }), { path: 'b', message: /2 entries/ });
  });

  it('with a chosen 2-D spectrum and angle equals the ill-conditioned quadratic', () => {
    const general = createProblem({ name: 'quadratic', eigenvalues: [1, 100], angle: 30, start: [-4, 0] });
    const reference = createProblem({ name: 'ill-conditioned-quadratic' });
    for (const p of [[-4, 0], [1, 2], [0.3, -0.7]]) {
      assertClose(general.loss(Float64Array.from(p)), reference.loss(Float64Array.from(p)), 1e-13);
    }
    assert.equal(general.minimumLoss, 0);
    assert.equal(general.plotBounds?.logLevels, true);
  });

  it('with an n-D spectrum and a seeded random rotation: Hessian eigenvalues are the chosen ones, reproducibly', () => {
    const eigenvalues = [0.5, 1, 4, 9, 30, 100];
    const spec = { name: 'quadratic', eigenvalues, rotate: true, seed: 12 } as const;
    const p = createProblem(spec);
    const n = eigenvalues.length;
    // Hessian column by column from gradients (exact for a quadratic up to rounding).
    const hessian = new Float64Array(n * n);
    const g = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      p.lossAndGrad(e, g, 1);
      for (let i = 0; i < n; i++) hessian[i * n + j] = g[i];
    }
    const values = Array.from(symmetricEigen(hessian, n).values).sort((a, b) => a - b);
    values.forEach((v, k) => assertClose(v, eigenvalues[k], 1e-12));
    // Rotated: the Hessian is not diagonal.
    assert.ok(Math.abs(hessian[1]) > 1e-3);
    // Same seed, same matrix; another seed, another rotation.
    const again = createProblem(spec);
    const other = createProblem({ ...spec, seed: 13 });
    const x = Float64Array.from({ length: n }, (_, i) => i - 2);
    assert.equal(again.loss(x), p.loss(x));
    assert.notEqual(other.loss(x), p.loss(x));
  });

  it('without rotation the n-D spectrum is diagonal', () => {
    const p = createProblem({ name: 'quadratic', eigenvalues: [1, 2, 3] });
    assert.equal(p.loss(Float64Array.of(1, 1, 1)), 3);
    assert.equal(p.loss(Float64Array.of(0, 0, 2)), 6);
  });

  it('checks the spectrum settings', () => {
    assert.throws(() => createProblem({ name: 'quadratic', eigenvalues: [1, -1] }), { path: 'eigenvalues[1]', message: />= 0/ });
    assert.throws(() => createProblem({ name: 'quadratic', eigenvalues: [1, 2, 3], angle: 10 }), { path: 'angle', message: /"rotate": true/ });
    assert.throws(() => createProblem({ name: 'quadratic', eigenvalues: [1, 2], rotate: true }), { path: 'rotate', message: /"angle"/ });
    assert.throws(() => createProblem({ name: 'quadratic', eigenvalues: [] }), { path: 'eigenvalues', message: /at least 1/ });
    assert.throws(() => createProblem({ name: 'quadratic', eigenvalues: [1, 2, 3], start: [1, 2] }), { path: 'start', message: /3 entries/ });
  });
});

describe('symmetric eigen-decomposition (Jacobi)', () => {
  it('reconstructs the matrix from orthonormal eigenvectors', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = Math.sin(i + 2 * j) + (i === j ? 3 : 0);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k] * values[k] * vectors[j * n + k];
          gram += vectors[k * n + i] * vectors[k * n + j];
        }
        assertClose(rebuilt, a[i * n + j], 1e-13);
        assertClose(gram, i === j ? 1 : 0, 1e-13);
      }
    }
  });
});
