import type { Problem } from '../../../src/core/problems/types';

/**
 * f(x) = 0.5 * sum_i lambda_i x_i^2 (diagonal Hessian with the given eigenvalues), minimum 0 at the origin.
 * Built here so the theory tests depend only on the trainer and the optimizers.
 */
export function diagonalQuadratic(eigenvalues: number[], start?: number[]): Problem {
  const n = eigenvalues.length;
  const lambda = Float64Array.from(eigenvalues);
  const loss = (x: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) f += 0.5 * lambda[i] * x[i] * x[i];
    return f;
  };
  return {
    id: 'test-quadratic',
    title: 'test quadratic',
    dim: n,
    start: Float64Array.from(start ?? eigenvalues.map(() => 1)),
    minimumLoss: 0,
    stochastic: false,
    variables: [{ name: 'x', offset: 0, length: n }],
    loss,
    lossAndGrad(x, g) {
      for (let i = 0; i < n; i++) g[i] = lambda[i] * x[i];
      return loss(x);
    },
  };
}

/** Euclidean distance of row k of a params column to the origin. */
export function rowNorm(params: Float64Array, dim: number, k: number): number {
  let s = 0;
  for (let i = 0; i < dim; i++) s += params[k * dim + i] ** 2;
  return Math.sqrt(s);
}
