/**
 * The shared shapes of the optimizer engine (contract of issue 3): optimizer, schedule and clipping specs as a
 * user writes them, and the gradient transforms that optimizers are built from.
 *
 * A transform is optax-style: `init` builds a plain state object (numbers, booleans and Float64Arrays only, so
 * it can be structured-cloned to a worker or a webview and replayed); `update` turns the gradient, in place,
 * into what the next transform (or, at the end of a chain, the parameters) receives. Working in place keeps the
 * trainer's inner loop free of allocation.
 */

export type Convention = 'pytorch' | 'keras';
export const CONVENTIONS: readonly Convention[] = ['pytorch', 'keras'];

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adamw', 'nadam', 'rmsprop', 'adagrad', 'adadelta', 'lion'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * As a user writes it (JSON spec, QuickPick, config): the framework's own spellings; `lr` accepted for both
 * conventions, `learning_rate` too; Keras names (beta_1, beta_2, epsilon, rho, ...) with convention "keras",
 * PyTorch names (betas, eps, alpha, ...) with "pytorch" (default).
 */
export interface OptimizerSpec {
  name: OptimizerName;
  convention?: Convention;
  [hyperparameter: string]: unknown;
}

/** Context of one update: t is the 1-based update count, lr the learning rate in force (after the schedule). */
export interface StepContext {
  t: number;
  lr: number;
}

export interface GradientTransform<S extends object = object> {
  init(params: Float64Array): S;
  /**
   * Transforms `g` in place. For a whole optimizer, `g` arrives as the gradient at `params` and leaves as the
   * step the caller adds: `params[i] += g[i]`. Must not allocate.
   */
  update(g: Float64Array, state: S, params: Float64Array, ctx: StepContext): void;
  /**
   * The momentum-like buffer the framework keeps (PyTorch's `momentum_buffer`, Keras's SGD `momentum`
   * variable, Adam's first moment), or undefined when there is none. The trainer records its L2 norm.
   */
  velocity?(state: S): Float64Array | undefined;
}

export type ScheduleSpec =
  | { name: 'constant' }
  | { name: 'linear_warmup'; warmup_steps: number } // lr*min(1, t/warmup_steps)
  | { name: 'step'; step_size: number; gamma?: number } // lr*gamma^floor((t-1)/step_size), gamma default 0.1
  | { name: 'cosine'; t_max: number; eta_min?: number } // CosineAnnealingLR closed form at t-1
  | { name: 'exponential'; gamma: number } // lr*gamma^(t-1)
  | {
      name: 'one_cycle';
      total_steps: number;
      max_lr?: number;
      pct_start?: number;
      anneal_strategy?: 'cos' | 'linear';
      div_factor?: number;
      final_div_factor?: number;
      three_phase?: boolean;
    } // torch OneCycleLR (max_lr defaults to the optimizer lr)
  | { name: 'warmup_cosine'; warmup_steps: number; total_steps: number; eta_min?: number } // linear warm-up then cosine to eta_min
  | {
      name: 'reduce_on_plateau';
      mode?: 'min' | 'max';
      factor?: number;
      patience?: number;
      threshold?: number;
      threshold_mode?: 'rel' | 'abs';
      cooldown?: number;
      min_lr?: number;
      eps?: number;
    }; // torch ReduceLROnPlateau driven by the loss

export type ScheduleName = ScheduleSpec['name'];
export const SCHEDULE_NAMES: readonly ScheduleName[] = [
  'constant', 'linear_warmup', 'step', 'cosine', 'exponential', 'one_cycle', 'warmup_cosine', 'reduce_on_plateau',
];

export interface ClipSpec {
  max_norm?: number;
  norm_type?: number; // torch.nn.utils.clip_grad_norm_ over all parameters (coef = max_norm/(total+1e-6))
  clip_value?: number; // torch clip_grad_value_ / Keras clipvalue
  clipnorm?: number; // Keras per-variable clipnorm (uses Problem.variables)
  global_clipnorm?: number; // Keras global_clipnorm
}
