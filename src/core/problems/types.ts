/** One named block of the parameter vector (the whole vector for a surface; W1, b1, W2, ... for the MLP). */
export interface ProblemVariable {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

/** An objective with an analytic gradient. Evaluations allocate nothing. */
export interface Problem {
  /** Registry id, e.g. "rosenbrock". */
  readonly id: string;
  /** Human title, e.g. "Rosenbrock (a=1, b=100)". */
  readonly title: string;
  readonly dim: number;
  /** Default starting point (never mutated by the trainer). */
  readonly start: Float64Array;
  /**
   * The infimum of the loss, used for the convergence tolerance and the divergence threshold. Always
   * finite: every built-in problem is bounded below (the saddle has a quartic wall; a singular quadratic
   * whose linear term points along its null space is rejected). For the dataset problems it is 0, the
   * lower bound of the logistic loss, reached only on separable data in the limit.
   */
  readonly minimumLoss: number;
  /** Known minimiser, if any (for plotting). */
  readonly minimizer?: Float64Array;
  /** For 2-D problems: the box the contour plot shows, chosen so the default paths fit. */
  readonly plotBounds?: PlotBounds;
  /** True when lossAndGrad depends on `step` (minibatches or gradient noise). */
  readonly stochastic: boolean;
  /** The parameter blocks, in order, covering 0..dim (Keras clips `clipnorm` per block). */
  readonly variables: readonly ProblemVariable[];
  /** The full, noise-free objective (the whole dataset for the dataset problems): what the trainer records. */
  loss(x: Float64Array): number;
  /**
   * Writes the gradient at `x` into `gradOut` and returns the loss at `x`. `step` is the 1-based update
   * count the gradient is for; stochastic problems draw their minibatch and their gradient noise
   * deterministically from (seed, step), and then return the minibatch loss (noise never touches the
   * returned loss). Deterministic problems ignore `step` and return exactly `loss(x)`.
   */
  lossAndGrad(x: Float64Array, gradOut: Float64Array, step: number): number;
  /**
   * Dataset problems only: the mean loss at `x` over a held-out validation set drawn from the same
   * distribution as the training data, from its own seed stream (so the training data does not move).
   * Problems without data have none, and no validation column.
   */
  validationLoss?(x: Float64Array): number;
}

export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Contour levels are spaced logarithmically when the loss spans decades (Rosenbrock). */
  logLevels: boolean;
}

/** Settings every problem accepts. */
export interface RandomOptions {
  /** Seed (32-bit integer) of everything random in the problem: noise, data, initial weights, rotation. Default 0. */
  seed?: number;
  /** Standard deviation of seeded Gaussian noise added to every gradient coordinate. Default 0 (none). */
  noise?: number;
}

export const DATASET_NAMES = ['moons', 'spirals', 'blobs'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Settings of the problems trained on a synthetic binary-classification dataset. */
export interface DatasetOptions {
  dataset?: DatasetName;
  n_samples?: number;
  /** Noise of the dataset itself (Gaussian jitter of the points), not of the gradient. */
  dataset_noise?: number;
  /** Minibatch size; equal to n_samples (or absent) means full batch. */
  batch_size?: number;
}

export type Activation = 'tanh' | 'relu';

/** The problems, serializable so a webview or worker can rebuild them. */
export type ProblemSpec =
  | ({ name: 'rosenbrock'; a?: number; b?: number; start?: [number, number] } & RandomOptions)
  | ({
    name: 'ill-conditioned-quadratic';
    /** eigenvalues of the Hessian */ eigenvalues?: [number, number];
    /** rotation of the eigenbasis, degrees */ angle?: number;
    start?: [number, number];
  } & RandomOptions)
  | ({
    name: 'quadratic';
    /** f = 0.5 x^T A x - b^T x with A symmetric positive semidefinite (exclusive with `eigenvalues`). */
    A?: number[][];
    b?: number[];
    /** Hessian spectrum (exclusive with `A`); any length n >= 1. */
    eigenvalues?: number[];
    /** n = 2 only: rotation of the eigenbasis, degrees. */
    angle?: number;
    /** n >= 2: turn the eigenbasis by a random rotation drawn from `seed`. */
    rotate?: boolean;
    start?: number[];
  } & RandomOptions)
  | ({ name: 'beale'; start?: [number, number] } & RandomOptions)
  | ({ name: 'himmelblau'; start?: [number, number] } & RandomOptions)
  | ({ name: 'rastrigin'; /** the A of Rastrigin's function */ a?: number; start?: [number, number] } & RandomOptions)
  | ({ name: 'saddle'; start?: [number, number] } & RandomOptions)
  | ({ name: 'logistic_regression'; start?: number[] } & RandomOptions & DatasetOptions)
  | ({ name: 'mlp'; hidden?: number[]; activation?: Activation; start?: number[] } & RandomOptions & DatasetOptions);

export type ProblemName = ProblemSpec['name'];
