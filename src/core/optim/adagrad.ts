import type { GradientTransform } from './types';

export interface AdagradState {
  step: number;
  /** Sum of squared gradients (PyTorch `sum`, Keras `accumulator`), starting at initial_accumulator_value. */
  sum: Float64Array;
}

/**
 * torch.optim.Adagrad (2.x, single-tensor path), on the gradient after maximize and L2 decay:
 *   clr = lr/(1 + (t-1)*lr_decay); s <- s + g^2; step = (-clr*g)/(sqrt(s) + eps).
 */
export function scaleByAdagradTorch(lrDecay: number, initialAccumulatorValue: number, eps: number): GradientTransform<AdagradState> {
  return {
    init: (params) => ({ step: 0, sum: new Float64Array(params.length).fill(initialAccumulatorValue) }),
    update(g, state, _params, ctx) {
      const t = ++state.step;
      const clr = ctx.lr / (1 + (t - 1) * lrDecay);
      const s = state.sum;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        s[i] = s[i] + d * d; // state_sum.addcmul_(grad, grad, value=1)
        g[i] = (-clr * d) / (Math.sqrt(s[i]) + eps); // param.addcdiv_(grad, std, value=-clr)
      }
    },
  };
}

/** keras.optimizers.Adagrad (Keras 3): acc <- acc + g^2; step = -(lr*g)/sqrt(acc + epsilon)  (epsilon inside the root). */
export function scaleByAdagradKeras(initialAccumulatorValue: number, epsilon: number): GradientTransform<AdagradState> {
  return {
    init: (params) => ({ step: 0, sum: new Float64Array(params.length).fill(initialAccumulatorValue) }),
    update(g, state, _params, ctx) {
      state.step++;
      const lr = ctx.lr;
      const s = state.sum;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        s[i] = s[i] + d * d;
        g[i] = -((lr * d) / Math.sqrt(s[i] + epsilon));
      }
    },
  };
}
