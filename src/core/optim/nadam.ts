import { lerp } from './lerp';
import type { GradientTransform } from './types';

export interface NadamState {
  step: number;
  /** Product of the momentum schedule mu_1 * ... * mu_t (PyTorch `mu_product`, Keras `_u_product`). */
  muProduct: number;
  m: Float64Array;
  v: Float64Array;
}

function initNadam(n: number): NadamState {
  return { step: 0, muProduct: 1, m: new Float64Array(n), v: new Float64Array(n) };
}

/**
 * torch.optim.NAdam (2.x, single-tensor path), on the gradient after maximize and L2 decay:
 *   mu_t = b1*(1 - 0.5*0.96^(t*momentum_decay)); mu_{t+1} likewise; P_t = P_{t-1}*mu_t;
 *   m <- lerp(m, g, 1-b1); v <- v*b2 + (1-b2)*g^2; denom = sqrt(v/(1-b2^t)) + eps;
 *   step = (-lr*(1-mu_t)/(1-P_t))*g/denom + (-lr*mu_{t+1}/(1-P_t*mu_{t+1}))*m/denom   (two addcdiv_ calls).
 */
export function scaleByNadamTorch(beta1: number, beta2: number, eps: number, momentumDecay: number): GradientTransform<NadamState> {
  return {
    init: (params) => initNadam(params.length),
    update(g, state, _params, ctx) {
      const t = ++state.step;
      const lr = ctx.lr;
      const bc2 = 1 - beta2 ** t;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
      state.muProduct *= mu;
      const muProductNext = state.muProduct * muNext;
      const cGrad = (-lr * (1 - mu)) / (1 - state.muProduct);
      const cMomentum = (-lr * muNext) / (1 - muProductNext);
      const { m, v } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        m[i] = lerp(m[i], d, 1 - beta1);
        v[i] = v[i] * beta2 + (1 - beta2) * d * d;
        const denom = Math.sqrt(v[i] / bc2) + eps;
        // Two separate additions to the parameter in torch; their sum is the step.
        g[i] = (cGrad * d) / denom + (cMomentum * m[i]) / denom;
      }
    },
    velocity: (state) => state.m,
  };
}

/**
 * keras.optimizers.Nadam (Keras 3): u_t = b1*(1 - 0.5*0.96^t) (Keras 3 uses 0.96^t, with no 0.004 factor);
 * the product is advanced before the per-variable update;
 *   m <- m + (g-m)*(1-b1); v <- v + (g^2-v)*(1-b2);
 *   m_hat = u_{t+1}*m/(1 - P_t*u_{t+1}) + (1-u_t)*g/(1 - P_t); v_hat = v/(1-b2^t);
 *   step = -(m_hat*lr)/(sqrt(v_hat) + epsilon).
 */
export function scaleByNadamKeras(beta1: number, beta2: number, epsilon: number): GradientTransform<NadamState> {
  return {
    init: (params) => initNadam(params.length),
    update(g, state, _params, ctx) {
      const t = ++state.step;
      const lr = ctx.lr;
      state.muProduct = state.muProduct * beta1 * (1 - 0.5 * 0.96 ** t);
      const ut = beta1 * (1 - 0.5 * 0.96 ** t);
      const ut1 = beta1 * (1 - 0.5 * 0.96 ** (t + 1));
      const pt = state.muProduct;
      const pt1 = pt * ut1;
      const bp2 = beta2 ** t;
      const { m, v } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        m[i] = m[i] + (d - m[i]) * (1 - beta1);
        v[i] = v[i] + (d * d - v[i]) * (1 - beta2);
        const mHat = (ut1 * m[i]) / (1 - pt1) + ((1 - ut) * d) / (1 - pt);
        const vHat = v[i] / (1 - bp2);
        g[i] = -((mHat * lr) / (Math.sqrt(vHat) + epsilon));
      }
    },
    velocity: (state) => state.m,
  };
}
