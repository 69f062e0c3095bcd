import type { GradientTransform } from './types';

export interface AdadeltaState {
  /** Running mean of g^2 (PyTorch `square_avg`, Keras `accumulated_grad`). */
  squareAvg: Float64Array;
  /** Running mean of the squared unit-lr steps (PyTorch `acc_delta`, Keras `accumulated_delta_var`). */
  accDelta: Float64Array;
}

/**
 * Adadelta (Zeiler 2012) as both frameworks implement it (same rule; only defaults and operation order differ):
 *   v <- rho*v + (1-rho)*g^2; delta = sqrt(u + eps)/sqrt(v + eps) * g; u <- rho*u + (1-rho)*delta^2; step = -lr*delta.
 * PyTorch: std = sqrt(v+eps); delta = sqrt(u+eps) / std * g. Keras: delta_var = -(sqrt(u+eps)*g)/sqrt(v+eps).
 */
export function scaleByAdadelta(rho: number, eps: number, keras: boolean): GradientTransform<AdadeltaState> {
  return {
    init: (params) => ({ squareAvg: new Float64Array(params.length), accDelta: new Float64Array(params.length) }),
    update(g, state, _params, ctx) {
      const lr = ctx.lr;
      const { squareAvg: v, accDelta: u } = state;
      for (let i = 0; i < g.length; i++) {
        const d = g[i];
        if (keras) {
          v[i] = rho * v[i] + (1 - rho) * (d * d);
          const deltaVar = -((Math.sqrt(u[i] + eps) * d) / Math.sqrt(v[i] + eps));
          u[i] = rho * u[i] + (1 - rho) * (deltaVar * deltaVar);
          g[i] = lr * deltaVar;
        } else {
          v[i] = v[i] * rho + (1 - rho) * d * d; // square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
          const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps)) * d; // delta.div_(std).mul_(grad)
          u[i] = u[i] * rho + (1 - rho) * delta * delta; // acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
          g[i] = -lr * delta; // param.add_(delta, alpha=-lr)
        }
      }
    },
  };
}
