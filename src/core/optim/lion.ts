import type { GradientTransform } from './types';

export interface LionState {
  /** The momentum m (tracked with beta_2). */
  m: Float64Array;
}

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2), the same rule as
 * keras.optimizers.Lion; torch.optim has no Lion, so the "pytorch" convention follows the paper:
 *   c = b1*m + (1-b1)*g; step = -lr*sign(c); m <- b2*m + (1-b2)*g.   (sign(0) = 0, as torch.sign / ops.sign.)
 * Weight decay (decoupled, lr*wd*theta) is chained after this transform.
 */
export function scaleByLion(beta1: number, beta2: number): GradientTransform<LionState> {
  return {
    init: (params) => ({ m: new Float64Array(params.length) }),
    update(g, state, _params, ctx) {
      const lr = ctx.lr;
      const m = state.m;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        const c = m[i] * beta1 + d * (1 - beta1);
        g[i] = -(lr * Math.sign(c));
        m[i] = m[i] * beta2 + d * (1 - beta2);
      }
    },
    velocity: (state) => state.m,
  };
}
