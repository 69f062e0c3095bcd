/**
 * An optimizer is a gradient transform in the optax style: `init` builds a plain state object,
 * `update` turns a gradient into the step that is added to the parameters.
 *
 * Unlike optax, `update` works in place (the gradient buffer becomes the update) so the trainer's
 * inner loop allocates nothing per step. State holds only numbers and Float64Arrays, so it can be
 * structured-cloned to a worker or a webview and replayed.
 */
export interface GradientTransform<S extends object = object> {
  init(params: Float64Array): S;
  /**
   * Overwrites `g` (the gradient at `params`) with the update for this step, so that the caller
   * does `params[i] += g[i]`. `lr` is the learning rate in force for this update (after any schedule).
   */
  update(g: Float64Array, state: S, params: Float64Array, lr: number): void;
  /**
   * The momentum buffer (PyTorch's `momentum_buffer`, Adam's `exp_avg`), or undefined when the
   * optimizer keeps none. The trainer records its L2 norm as the "velocity norm".
   */
  velocity(state: S): Float64Array | undefined;
}

/** The optimizers of the first engine slice, with PyTorch's names and defaults for hyperparameters. */
export type OptimizerSpec =
  | { name: 'sgd'; lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weight_decay?: number; maximize?: boolean }
  | { name: 'adam'; lr: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean }
  | { name: 'rmsprop'; lr: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean };

export type OptimizerName = OptimizerSpec['name'];

/** Raised for settings the framework itself rejects (PyTorch raises ValueError for these). */
export class InvalidHyperparameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidHyperparameterError';
  }
}
