/**
 * The little dense linear algebra the quadratics need, on row-major Float64Arrays. Setup-time code:
 * it allocates freely and is never called per step.
 */
import type { Rng } from '../random';

export interface SymmetricEigen {
  /** Eigenvalues, in the order of the columns of `vectors` (not sorted). */
  values: Float64Array;
  /** n x n, row-major; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric n x n matrix by the cyclic Jacobi method (Jacobi 1846; the
 * rotation formulas as in Golub and Van Loan, Matrix Computations, section 8.5): each sweep zeroes every
 * off-diagonal entry once with a plane rotation A <- J^T A J, accumulating V <- V J, until the
 * off-diagonal mass is below 1e-30 of the total. Quadratically convergent; a handful of sweeps for the
 * sizes accepted here (n <= 200).
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let k = 0; k < n * n; k++) total += a[k] * a[k];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * a[p * n + q] * a[p * n + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        // The smaller root of t^2 + 2 theta t - 1 = 0, so the rotation angle is at most 45 degrees.
        const t = Math.abs(theta) > 1e150
          ? 0.5 / theta
          : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/**
 * A random orthogonal n x n matrix, Haar-distributed: modified Gram-Schmidt on the columns of a matrix
 * of standard normals (the QR construction with a positive diagonal of R, Mezzadri 2007).
 */
export function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) q[k] = rng.normal();
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[k * n + i] * q[k * n + j];
      for (let k = 0; k < n; k++) q[k * n + j] -= dot * q[k * n + i];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += q[k * n + j] * q[k * n + j];
    norm = Math.sqrt(norm);
    for (let k = 0; k < n; k++) q[k * n + j] /= norm;
  }
  return q;
}

/** Q diag(values) Q^T for Q n x n row-major (columns the eigenvectors). */
export function fromEigen(values: ArrayLike<number>, q: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += q[i * n + k] * values[k] * q[j * n + k];
      a[i * n + j] = sum;
      a[j * n + i] = sum;
    }
  }
  return a;
}
