/**
 * Adam's per-coordinate step in the two frameworks' operation orders. Both read the learning rate from the
 * step context because each source folds it into a scalar step size before dividing; keeping that order keeps
 * our float64 results equal to the framework's float64 CPU path to the last bits, not merely to rounding.
 */
import { lerp } from './lerp';
import type { GradientTransform } from './types';

export interface AdamState {
  /** Updates done so far (PyTorch's `step`, Keras's `iterations`), for the bias corrections. */
  step: number;
  /** First moment (PyTorch `exp_avg`, Keras `momentum`): the velocity the trainer reports. */
  m: Float64Array;
  /** Second moment (PyTorch `exp_avg_sq`, Keras `velocity`). */
  v: Float64Array;
  /** Running maximum of the second moment (amsgrad only; empty otherwise). */
  vMax: Float64Array;
}

function initAdam(n: number, amsgrad: boolean): AdamState {
  return { step: 0, m: new Float64Array(n), v: new Float64Array(n), vMax: new Float64Array(amsgrad ? n : 0) };
}

/**
 * torch.optim.Adam / AdamW (2.x, single-tensor path), on the gradient after maximize and L2 decay:
 *   m <- lerp(m, g, 1-b1); v <- v*b2 + (1-b2)*g*g; vhat <- max(vhat, v) if amsgrad;
 *   denom <- sqrt(vhat)/sqrt(1-b2^t) + eps; step <- (-(lr/(1-b1^t)) * m) / denom.
 * eps is added after the bias correction of sqrt(v).
 */
export function scaleByAdamTorch(beta1: number, beta2: number, eps: number, amsgrad: boolean): GradientTransform<AdamState> {
  return {
    init: (params) => initAdam(params.length, amsgrad),
    update(g, state, _params, ctx) {
      const t = ++state.step;
      const stepSize = ctx.lr / (1 - beta1 ** t);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
      const { m, v, vMax } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        m[i] = lerp(m[i], d, 1 - beta1); // exp_avg.lerp_(grad, 1 - beta1)
        v[i] = v[i] * beta2 + (1 - beta2) * d * d; // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        let second = v[i];
        if (amsgrad) {
          if (v[i] > vMax[i]) vMax[i] = v[i];
          second = vMax[i];
        }
        const denom = Math.sqrt(second) / bc2Sqrt + eps;
        g[i] = (-stepSize * m[i]) / denom; // param.addcdiv_(exp_avg, denom, value=-step_size)
      }
    },
    velocity: (state) => state.m,
  };
}

/**
 * keras.optimizers.Adam / AdamW (Keras 3 update_step):
 *   alpha <- lr*sqrt(1-b2^t)/(1-b1^t); m <- m + (g-m)*(1-b1); v <- v + (g^2-v)*(1-b2); v <- max(vhat, v) if amsgrad;
 *   step <- -(m*alpha)/(sqrt(v) + epsilon).
 * epsilon is "epsilon hat": added to the uncorrected sqrt(v), so it weighs sqrt(1-b2^t) times more than PyTorch's eps.
 */
export function scaleByAdamKeras(beta1: number, beta2: number, epsilon: number, amsgrad: boolean): GradientTransform<AdamState> {
  return {
    init: (params) => initAdam(params.length, amsgrad),
    update(g, state, _params, ctx) {
      const t = ++state.step;
      const alpha = (ctx.lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const { m, v, vMax } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        m[i] = m[i] + (d - m[i]) * (1 - beta1);
        v[i] = v[i] + (d * d - v[i]) * (1 - beta2);
        let second = v[i];
        if (amsgrad) {
          if (v[i] > vMax[i]) vMax[i] = v[i];
          second = vMax[i];
        }
        g[i] = -((m[i] * alpha) / (Math.sqrt(second) + epsilon));
      }
    },
    velocity: (state) => state.m,
  };
}
