import { lerp } from './lerp';
import type { GradientTransform } from './types';

export interface RmspropState {
  /** Running mean of g^2 (PyTorch `square_avg`, Keras `velocity`). */
  squareAvg: Float64Array;
  /** Running mean of g (centered only; empty otherwise). */
  gradAvg: Float64Array;
  /** Momentum buffer (momentum > 0 only; empty otherwise); starts at zero in both frameworks. */
  momentumBuffer: Float64Array;
}

function initRmsprop(n: number, centered: boolean, momentum: number): RmspropState {
  return {
    squareAvg: new Float64Array(n),
    gradAvg: new Float64Array(centered ? n : 0),
    momentumBuffer: new Float64Array(momentum > 0 ? n : 0),
  };
}

/**
 * torch.optim.RMSprop (2.x, single-tensor path), on the gradient after maximize and L2 decay:
 *   v <- v*alpha + (1-alpha)*g^2; centered: ga <- lerp(ga, g, 1-alpha), d = sqrt(v - ga^2) + eps, else d = sqrt(v) + eps;
 *   momentum > 0: b <- b*mu + g/d, step = -lr*b; else step = (-lr*g)/d.   eps is added AFTER the square root.
 */
export function scaleByRmspropTorch(alpha: number, eps: number, momentum: number, centered: boolean): GradientTransform<RmspropState> {
  return {
    init: (params) => initRmsprop(params.length, centered, momentum),
    update(g, state, _params, ctx) {
      const lr = ctx.lr;
      const { squareAvg: v, gradAvg: ga, momentumBuffer: buf } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        v[i] = v[i] * alpha + (1 - alpha) * d * d;
        let avg: number;
        if (centered) {
          ga[i] = lerp(ga[i], d, 1 - alpha);
          avg = Math.sqrt(v[i] - ga[i] * ga[i]) + eps;
        } else {
          avg = Math.sqrt(v[i]) + eps;
        }
        if (momentum > 0) {
          buf[i] = buf[i] * momentum + d / avg;
          g[i] = -lr * buf[i];
        } else {
          g[i] = (-lr * d) / avg;
        }
      }
    },
    velocity: (state) => (momentum > 0 ? state.momentumBuffer : undefined),
  };
}

/**
 * keras.optimizers.RMSprop (Keras 3 update_step):
 *   v <- rho*v + (1-rho)*g^2; centered: ga <- rho*ga + (1-rho)*g, den = v - ga^2 + epsilon, else den = v + epsilon;
 *   inc = lr*g/sqrt(den)   (epsilon INSIDE the square root);
 *   momentum > 0: m <- momentum*m + inc, step = -m; else step = -inc.
 */
export function scaleByRmspropKeras(rho: number, epsilon: number, momentum: number, centered: boolean): GradientTransform<RmspropState> {
  return {
    init: (params) => initRmsprop(params.length, centered, momentum),
    update(g, state, _params, ctx) {
      const lr = ctx.lr;
      const { squareAvg: v, gradAvg: ga, momentumBuffer: buf } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        v[i] = rho * v[i] + (1 - rho) * (d * d);
        let den: number;
        if (centered) {
          ga[i] = rho * ga[i] + (1 - rho) * d;
          den = v[i] - ga[i] * ga[i] + epsilon;
        } else {
          den = v[i] + epsilon;
        }
        const inc = (lr * d) / Math.sqrt(den);
        if (momentum > 0) {
          buf[i] = momentum * buf[i] + inc;
          g[i] = -buf[i];
        } else {
          g[i] = -inc;
        }
      }
    },
    velocity: (state) => (momentum > 0 ? state.momentumBuffer : undefined),
  };
}
