/**
 * Small stateless or single-buffer transforms that optimizers are chained from. Each works in place on the
 * gradient buffer and allocates nothing in `update`.
 */
import type { GradientTransform } from './types';

type Empty = Record<string, never>;
const empty = (): Empty => ({});

/** `g <- -g` (PyTorch's `maximize=True`, applied before weight decay as torch.optim does). */
export function negate(): GradientTransform<Empty> {
  return {
    init: empty,
    update(g) {
      for (let i = 0; i < g.length; i++) g[i] = -g[i];
    },
  };
}

/** Coupled L2 weight decay, PyTorch's `weight_decay`: `g <- g + wd*theta` (grad.add(param, alpha=wd)). */
export function addWeightDecay(weightDecay: number): GradientTransform<Empty> {
  return {
    init: empty,
    update(g, _s, params) {
      if (weightDecay === 0) return;
      for (let i = 0; i < g.length; i++) g[i] = g[i] + weightDecay * params[i];
    },
  };
}

/**
 * Decoupled weight decay, placed LAST in a chain whose update does not read the parameters:
 * `update <- update - lr*wd*theta`, i.e. theta <- theta*(1 - lr*wd) + update. This is AdamW's and
 * NAdam(decoupled_weight_decay=True)'s `param.mul_(1 - lr*wd)`, Lion's `lambda*theta` term, and Keras 3's
 * `variable - variable*wd*lr` (base optimizer, applied before every update_step).
 */
export function addDecoupledWeightDecay(weightDecay: number): GradientTransform<Empty> {
  return {
    init: empty,
    update(g, _s, params, ctx) {
      if (weightDecay === 0) return;
      const k = ctx.lr * weightDecay;
      for (let i = 0; i < g.length; i++) g[i] = g[i] - params[i] * k;
    },
  };
}

/** `g <- sign*lr*g`, with the learning rate in force for this update (after the schedule). */
export function scaleByLr(sign: 1 | -1): GradientTransform<Empty> {
  return {
    init: empty,
    update(g, _s, _p, ctx) {
      const k = sign * ctx.lr;
      for (let i = 0; i < g.length; i++) g[i] = k * g[i];
    },
  };
}

export interface MomentumTraceState {
  /** PyTorch's `momentum_buffer` (zeros until the first update copies the gradient in). */
  buffer: Float64Array;
  initialized: boolean;
}

/**
 * PyTorch's SGD momentum, BEFORE the learning rate: b <- g at the first update, else b <- mu*b + (1-tau)*g;
 * g <- g + mu*b if nesterov, else b. The lr multiplies the whole buffer afterwards (scaleByLr), so a change
 * of lr rescales all past momentum at once.
 */
export function momentumTrace(momentum: number, dampening: number, nesterov: boolean): GradientTransform<MomentumTraceState> {
  return {
    init(params) {
      return { buffer: new Float64Array(params.length), initialized: false };
    },
    update(g, state) {
      const b = state.buffer;
      const first = !state.initialized;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        b[i] = first ? d : b[i] * momentum + (1 - dampening) * d; // buf.mul_(momentum).add_(grad, alpha=1 - dampening)
        g[i] = nesterov ? d + momentum * b[i] : b[i];
      }
      state.initialized = true;
    },
    velocity(state) {
      return state.buffer;
    },
  };
}

export interface KerasVelocityState {
  /** Keras's SGD `momentum` variable v (starts at zero). */
  velocity: Float64Array;
}

/**
 * Keras 3 SGD momentum (Sutskever form), AFTER the learning rate: the incoming g is already -lr*grad, so
 * v <- mu*v - lr*grad and the step is v, or mu*v - lr*grad with nesterov. Each step's lr is baked into v,
 * so a change of lr takes effect over about 1/(1-mu) steps.
 */
export function kerasVelocity(momentum: number, nesterov: boolean): GradientTransform<KerasVelocityState> {
  return {
    init(params) {
      return { velocity: new Float64Array(params.length) };
    },
    update(g, state) {
      const v = state.velocity;
      for (let i = 0; i < g.length; i++) {
        const step = g[i];
        v[i] = v[i] * momentum + step; // m*momentum - gradient*learning_rate
        g[i] = nesterov ? v[i] * momentum + step : v[i];
      }
    },
    velocity(state) {
      return state.velocity;
    },
  };
}
