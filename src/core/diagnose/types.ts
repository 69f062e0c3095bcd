/**
 * The vocabulary of the diagnosis engine: what a finding and a fix are, what the engine is told about a run,
 * and the engine's streaming interface. Findings are plain JSON-ready objects (numbers finite or null) so the
 * CLI prints them as they are and the webview receives them without conversion.
 */

/** The names, used verbatim in the CLI's JSON and the UI. */
export const FINDING_KINDS = ['nan', 'divergence', 'oscillation', 'stall', 'spike', 'overfitting'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities for `--fail-on` and sorting: error > warning > info. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}

/**
 * What a fix changes. The names are stable (the CLI prints them, `applyFix` switches on them):
 * - lower_lr / raise_lr: parameter "lr", from -> to;
 * - reduce_momentum: parameter "momentum" (or "beta1" for Adam-like optimizers), from -> to;
 * - add_warmup: parameter "warmup_steps", to = steps of linear warm-up;
 * - clip_grad_norm: parameter "max_norm", to = the threshold;
 * - switch_optimizer: parameter "optimizer", from -> to (an optimizer name), the lr in the text and in `lr`;
 * - reduce_lr_on_plateau: parameter "schedule", factor/patience in the text;
 * - early_stop: parameter "step", to = the step to stop at (overfitting);
 * - check_data: no parameter (a NaN or spike from the data or the model, not the optimizer).
 */
export const FIX_ACTIONS = [
  'lower_lr', 'raise_lr', 'reduce_momentum', 'add_warmup', 'clip_grad_norm', 'switch_optimizer',
  'reduce_lr_on_plateau', 'early_stop', 'check_data',
] as const;
export type FixAction = (typeof FIX_ACTIONS)[number];

export interface Fix {
  action: FixAction;
  parameter?: string;
  from?: number | string;
  to?: number | string;
  /** One sentence with the numbers, e.g. "Lower the learning rate 0.1 -> 0.03 (alpha*lambda = 2.6 > 2 + 2*beta = 2)". */
  text: string;
  /** Extra settings of the fix, e.g. {lr: 0.001} for switch_optimizer, {factor: 0.5, patience: 5} for ReduceLROnPlateau. */
  settings?: Record<string, number | string>;
}

/** The numbers behind a finding, by name (documented per kind in each detector). Non-finite numbers are null. */
export type Evidence = Record<string, number | string | boolean | null>;

export interface Finding {
  kind: FindingKind;
  /** The metric (tag) the finding is about, as it was fed to the engine. */
  metric: string;
  severity: Severity;
  /** First step of the evidence (the onset). */
  step_start: number;
  /** Last step of the evidence so far (grows while the condition lasts). */
  step_end: number;
  /** Why, with the numbers, in one or two sentences. */
  message: string;
  evidence: Evidence;
  /** Best first. */
  fixes: Fix[];
}

/** What a metric means to the detectors; inferred from its name unless given. */
export type MetricRole =
  | 'loss' | 'val_loss' | 'grad_norm' | 'lr' | 'update_norm' | 'velocity_norm' | 'param_norm'
  /** Cosine between successive updates (embedded runs compute it from the parameters): -1 = zig-zag. */
  | 'update_cosine'
  | 'other';

/** The optimizer settings a run was trained with, when known (embedded runs: always; logs: what the log says). */
export interface KnownOptimizer {
  /** The framework name, e.g. "sgd", "adam", "rmsprop". */
  name: string;
  lr?: number;
  /** Heavy-ball momentum (SGD, RMSprop) — for Adam-like optimizers `beta1` instead. */
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
}

/** What is known about the run besides its metrics. Every field is optional: a bare log has none of them. */
export interface RunContext {
  optimizer?: KnownOptimizer;
  /** Momentum convention of the framework the run was trained with. */
  framework?: 'pytorch' | 'keras';
  /** Steps of learning-rate warm-up already in use (0 = none). */
  warmupSteps?: number;
  /** Gradient-norm clipping threshold already in use. */
  clipNorm?: number;
  /** The Hessian's eigenvalue range when known (quadratics) — fixes then use the exact stability bound. */
  curvature?: { min: number; max: number };
  /**
   * The Hessian's eigenvalue range measured at the run's start point when the loss is not a quadratic but the
   * problem is known (embedded 2-D problems such as Rosenbrock; finite differences of the gradient,
   * embedded/localCurvature.ts). Local: it holds where the run has not moved far (a stall) or for the first
   * steps (an early blow-up). Fixes size a learning rate by the stability bound alpha*lambda < 2 + 2*beta with it.
   */
  localCurvature?: { min: number; max: number };
  /** The infimum of the loss when known (embedded problems); lets "stall" tell converged from stuck. */
  minimumLoss?: number;
  /** Loss of a uniform guess, ln(classes), when known: a loss stuck there is "stuck at chance level". */
  chanceLoss?: number;
  /** Steps the run is planned to take, when known. */
  totalSteps?: number;
}

/**
 * The streaming engine. Feed points in step order per metric (metrics may interleave); findings come out as
 * soon as the evidence is there. Work per point is O(1) amortized; nothing is allocated per point.
 */
export interface Diagnoser {
  /** Declares a metric's role (otherwise inferred from its name on first sight). */
  setRole(metric: string, role: MetricRole): void;
  add(metric: string, step: number, value: number): void;
  /**
   * Findings raised or changed (step_end grown, severity raised, evidence updated) since the last call,
   * in the order they were raised. A finding keeps its identity: the same object may be returned again.
   */
  drain(): Finding[];
  /** Says the run is over (or paused for a report): settles pending windows and returns every finding. */
  end(): Finding[];
  /** Every finding so far, in order of step_start. */
  readonly findings: readonly Finding[];
}
