/** An objective with an analytic gradient. Evaluations allocate nothing. */
export interface Problem {
  /** Registry id, e.g. "rosenbrock". */
  readonly id: string;
  /** Human title, e.g. "Rosenbrock (a=1, b=100)". */
  readonly title: string;
  readonly dim: number;
  /** Default starting point (never mutated by the trainer). */
  readonly start: Float64Array;
  /** Known minimum value of the loss (0 for the built-ins), used for the convergence tolerance. */
  readonly minimumLoss: number;
  /** Known minimiser, if any (for plotting). */
  readonly minimizer?: Float64Array;
  /** For 2-D problems: the box the contour plot shows, chosen so the default paths fit. */
  readonly plotBounds?: PlotBounds;
  loss(x: Float64Array): number;
  /** Writes the gradient at `x` into `gradOut` and returns the loss at `x`. */
  lossAndGrad(x: Float64Array, gradOut: Float64Array): number;
}

export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Contour levels are spaced logarithmically when the loss spans decades (Rosenbrock). */
  logLevels: boolean;
}

/** The problems of the first engine slice, serializable so a webview or worker can rebuild them. */
export type ProblemSpec =
  | { name: 'rosenbrock'; a?: number; b?: number; start?: [number, number] }
  | { name: 'ill-conditioned-quadratic'; /** eigenvalues of the Hessian */ eigenvalues?: [number, number]; /** rotation of the eigenbasis, degrees */ angle?: number; start?: [number, number] };

export type ProblemName = ProblemSpec['name'];
