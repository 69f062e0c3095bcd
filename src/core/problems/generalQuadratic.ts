/**
 * The general quadratic f(x) = 0.5 x^T A x - b^T x, given either by its matrix A (symmetric positive
 * semidefinite, any size up to 200) or by the spectrum of A (any length up to 1000) with an optional
 * rotation of the eigenbasis: a chosen angle in 2-D, or a seeded random orthogonal basis in n-D.
 * The minimum is found from the eigen-decomposition: x* = sum over lambda_k > 0 of (q_k.b / lambda_k) q_k
 * (the minimum-norm minimiser when A is singular), and a singular A whose b has a component along its
 * null space is rejected, because f then decreases without bound.
 */
import { childPath } from '../jsonLocations';
import { createRng, mixSeed } from '../random';
import { SpecError } from '../specError';
import { checkBoolean, checkNumber, checkVector, seedOf, shortNumber, type SpecRecord } from './check';
import type { ProblemDefinition } from './definition';
import { fromEigen, randomOrthogonal, symmetricEigen } from './linalg';
import { wholeVector } from './noise';
import type { PlotBounds, Problem, ProblemSpec } from './types';

export type GeneralQuadraticSpec = Extract<ProblemSpec, { name: 'quadratic' }>;

export const MAX_MATRIX_SIZE = 200;
export const MAX_SPECTRUM_SIZE = 1000;
const DEFAULT_EIGENVALUES = [1, 10];
/** Separates the rotation's random stream from the other uses of the seed. */
const ROTATION_STREAM = 0x726f74;

interface Structure {
  n: number;
  /** Row-major A. */
  a: Float64Array;
  values: Float64Array;
  /** Columns are the eigenvectors. */
  vectors: Float64Array;
}

function checkMatrix(v: unknown, path: string): number[][] {
  const rows = Array.isArray(v) ? v : undefined;
  if (!rows || rows.length === 0) {
    throw new SpecError(path, `must be a square matrix given as a list of rows, e.g. [[2, 0], [0, 1]], got ${Array.isArray(v) ? '[]' : typeof v}.`);
  }
  const n = rows.length;
  if (n > MAX_MATRIX_SIZE) throw new SpecError(path, `must have at most ${MAX_MATRIX_SIZE} rows, got ${n}.`);
  const m = rows.map((row, i) => checkVector(row, childPath(path, i), { length: n, what: 'numbers (A must be square)' }));
  let scale = 0;
  for (const row of m) for (const x of row) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(m[i][j] - m[j][i]) > 1e-12 * scale) {
        throw new SpecError(childPath(childPath(path, i), j), `A must be symmetric, but A[${i}][${j}] = ${m[i][j]} and A[${j}][${i}] = ${m[j][i]}.`);
      }
    }
  }
  return m;
}

/** Eigenvalues at or below this are treated as zero (null space). */
function zeroTolerance(values: ArrayLike<number>): number {
  let max = 0;
  for (let k = 0; k < values.length; k++) max = Math.max(max, Math.abs(values[k]));
  return 1e-10 * max;
}

function structureOf(spec: GeneralQuadraticSpec): Structure {
  if (spec.A) {
    const n = spec.A.length;
    const a = new Float64Array(n * n);
    // Symmetrised, so a difference within the tolerance of checkMatrix cannot make the gradient non-conservative.
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (spec.A[i][j] + spec.A[j][i]);
    const { values, vectors } = symmetricEigen(a, n);
    return { n, a, values, vectors };
  }
  const values = Float64Array.from(spec.eigenvalues ?? DEFAULT_EIGENVALUES);
  const n = values.length;
  let vectors: Float64Array;
  if (n === 2 && spec.angle) {
    const theta = (spec.angle * Math.PI) / 180;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    vectors = Float64Array.of(c, -s, s, c);
  } else if (spec.rotate) {
    vectors = randomOrthogonal(n, createRng(mixSeed(seedOf(spec), ROTATION_STREAM)));
  } else {
    vectors = new Float64Array(n * n);
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  }
  return { n, a: fromEigen(values, vectors, n), values, vectors };
}

/** The minimum-norm minimiser, or the index of a null direction b has a component along. */
function minimiserOf(s: Structure, b: Float64Array): Float64Array | { unboundedAlong: number; eigenvalue: number } {
  const { n, values, vectors } = s;
  const tol = zeroTolerance(values);
  let bNorm = 0;
  for (let i = 0; i < n; i++) bNorm = Math.max(bNorm, Math.abs(b[i]));
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let qb = 0;
    for (let i = 0; i < n; i++) qb += vectors[i * n + k] * b[i];
    if (values[k] <= tol) {
      if (Math.abs(qb) > 1e-9 * bNorm) return { unboundedAlong: k, eigenvalue: values[k] };
      continue;
    }
    const coef = qb / values[k];
    for (let i = 0; i < n; i++) x[i] += coef * vectors[i * n + k];
  }
  return x;
}

export const generalQuadraticDefinition: ProblemDefinition<GeneralQuadraticSpec> = {
  name: 'quadratic',
  keys: ['A', 'b', 'eigenvalues', 'angle', 'rotate', 'start'],
  resolve(spec: SpecRecord, path: string): GeneralQuadraticSpec {
    const at = (key: string) => childPath(path, key);
    const out: GeneralQuadraticSpec = { name: 'quadratic' };
    let n: number;
    if (spec.A !== undefined) {
      for (const key of ['eigenvalues', 'angle', 'rotate']) {
        if (spec[key] !== undefined) throw new SpecError(at(key), `cannot be combined with "A": give either the matrix A or its eigenvalues.`);
      }
      out.A = checkMatrix(spec.A, at('A'));
      n = out.A.length;
    } else {
      const eigenvalues = spec.eigenvalues === undefined
        ? [...DEFAULT_EIGENVALUES]
        : checkVector(spec.eigenvalues, at('eigenvalues'), { minLength: 1, maxLength: MAX_SPECTRUM_SIZE, what: 'eigenvalues >= 0' }, { min: 0 });
      n = eigenvalues.length;
      out.eigenvalues = eigenvalues;
      if (n === 2) {
        if (spec.rotate !== undefined) throw new SpecError(at('rotate'), 'is for more than 2 eigenvalues; in 2-D give the rotation as "angle" (degrees).');
        out.angle = spec.angle === undefined ? 0 : checkNumber(spec.angle, at('angle'));
      } else {
        if (spec.angle !== undefined) throw new SpecError(at('angle'), `is the rotation of a 2-D quadratic, but there are ${n} eigenvalues; use "rotate": true for a random rotation.`);
        out.rotate = spec.rotate === undefined ? false : checkBoolean(spec.rotate, at('rotate'));
      }
    }
    out.b = spec.b === undefined ? new Array<number>(n).fill(0) : checkVector(spec.b, at('b'), { length: n });
    out.start = spec.start === undefined ? new Array<number>(n).fill(1) : checkVector(spec.start, at('start'), { length: n });
    if (spec.seed !== undefined) out.seed = spec.seed as number;
    const structure = structureOf(out);
    const tol = zeroTolerance(structure.values);
    const smallest = Math.min(...structure.values);
    if (smallest < -tol) {
      throw new SpecError(at('A'), `must be positive semidefinite, but it has the eigenvalue ${shortNumber(smallest)}: f = 0.5 x^T A x - b^T x would have no minimum.`);
    }
    const x = minimiserOf(structure, Float64Array.from(out.b));
    if (!(x instanceof Float64Array)) {
      throw new SpecError(at('b'), 'has a component along the null space of A (an eigenvalue 0), so f decreases without bound in that direction; make b orthogonal to it or the eigenvalue positive.');
    }
    return out;
  },
  title(spec) {
    if (spec.A) {
      const { values } = symmetricEigen(Float64Array.from(spec.A.flat()), spec.A.length);
      return `Quadratic (n=${spec.A.length}, ${spectrumText(values)})`;
    }
    const values = spec.eigenvalues ?? DEFAULT_EIGENVALUES;
    if (values.length === 2) {
      const rotated = spec.angle ? `, rotated ${shortNumber(spec.angle)}°` : '';
      return `Quadratic (eigenvalues ${shortNumber(values[0])} and ${shortNumber(values[1])}${rotated})`;
    }
    return `Quadratic (n=${values.length}, ${spectrumText(values)}${spec.rotate ? ', random rotation' : ''})`;
  },
  create(spec, title) {
    const structure = structureOf(spec);
    const { n, a } = structure;
    const b = Float64Array.from(spec.b as number[]);
    const minimizer = minimiserOrThrow(structure, b);
    // loss() and lossAndGrad() sum row by row in the same order, so they agree to the last bit.
    const loss = (x: Float64Array): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let r = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) r += a[row + j] * x[j];
        f += x[i] * (0.5 * r - b[i]);
      }
      return f;
    };
    const minimumLoss = loss(minimizer);
    return {
      id: 'quadratic',
      title,
      dim: n,
      start: Float64Array.from(spec.start as number[]),
      minimumLoss,
      minimizer,
      plotBounds: n === 2 ? quadraticBounds(structure, minimizer, spec.start as number[], minimumLoss === 0) : undefined,
      stochastic: false,
      variables: wholeVector(n),
      loss,
      lossAndGrad(x, g) {
        let f = 0;
        for (let i = 0; i < n; i++) {
          let r = 0;
          const row = i * n;
          for (let j = 0; j < n; j++) r += a[row + j] * x[j];
          f += x[i] * (0.5 * r - b[i]);
          g[i] = r - b[i];
        }
        return f;
      },
    } satisfies Problem;
  },
};

function minimiserOrThrow(structure: Structure, b: Float64Array): Float64Array {
  const x = minimiserOf(structure, b);
  if (!(x instanceof Float64Array)) throw new Error('quadratic: unbounded below (checked in resolve)');
  return x;
}

function spectrumText(values: ArrayLike<number>): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    lo = Math.min(lo, values[k]);
    hi = Math.max(hi, values[k]);
  }
  if (values.length === 1) return `eigenvalue ${shortNumber(hi)}`;
  const tol = 1e-10 * Math.max(Math.abs(lo), Math.abs(hi));
  const kappa = lo <= tol ? 'singular' : `condition number ${shortNumber(hi / lo)}`;
  return `eigenvalues ${shortNumber(Math.max(lo, 0))} to ${shortNumber(hi)}, ${kappa}`;
}

/**
 * As for the ill-conditioned quadratic: gradient descent at a stable rate never grows the start's
 * offset from the minimiser along any eigenvector, so its path stays in that rectangle of the
 * eigenbasis; we show the rectangle's axis-aligned box around the minimiser, widened by a quarter for
 * momentum's overshoot. Log levels only when the minimum is 0 (b = 0): the contour code spaces log
 * levels over positive values.
 */
function quadraticBounds(s: Structure, center: Float64Array, start: readonly number[], logLevels: boolean): PlotBounds {
  const { vectors } = s;
  const d0 = start[0] - center[0];
  const d1 = start[1] - center[1];
  let halfX = 0;
  let halfY = 0;
  for (let k = 0; k < 2; k++) {
    const qx = vectors[k];
    const qy = vectors[2 + k];
    const along = Math.abs(qx * d0 + qy * d1);
    halfX += along * Math.abs(qx);
    halfY += along * Math.abs(qy);
  }
  halfX = halfX > 0 ? 1.25 * halfX : 1;
  halfY = halfY > 0 ? 1.25 * halfY : 1;
  return { xMin: center[0] - halfX, xMax: center[0] + halfX, yMin: center[1] - halfY, yMax: center[1] + halfY, logLevels };
}
