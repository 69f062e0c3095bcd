import type { GradientTransform, OptimizerSpec } from './types';
import { lerp } from './lerp';
import { requireBeta, requireNonNegative } from './validate';

export type AdamSpec = Extract<OptimizerSpec, { name: 'adam' }>;
export type ResolvedAdamSpec = Required<AdamSpec>;

export interface AdamState {
  /** Number of updates done so far (PyTorch's `step`), for the bias corrections. */
  step: number;
  /** First moment, PyTorch's `exp_avg`: what the trainer reports as the velocity. */
  expAvg: Float64Array;
  /** Second moment, PyTorch's `exp_avg_sq`. */
  expAvgSq: Float64Array;
  /** Running maximum of the second moment (`max_exp_avg_sq`); empty unless amsgrad. */
  maxExpAvgSq: Float64Array;
}

export function resolveAdam(spec: AdamSpec): ResolvedAdamSpec {
  const betas = spec.betas ?? [0.9, 0.999];
  const resolved: ResolvedAdamSpec = {
    name: 'adam',
    lr: spec.lr,
    betas: [betas[0], betas[1]],
    eps: spec.eps ?? 1e-8,
    weight_decay: spec.weight_decay ?? 0,
    amsgrad: spec.amsgrad ?? false,
  };
  // The same checks, in the same order, as torch.optim.Adam.__init__.
  requireNonNegative('Adam', 'lr', resolved.lr, 'the learning rate');
  requireNonNegative('Adam', 'eps', resolved.eps, 'the term added to the denominator');
  requireBeta('Adam', 0, resolved.betas[0]);
  requireBeta('Adam', 1, resolved.betas[1]);
  requireNonNegative('Adam', 'weight_decay', resolved.weight_decay, 'the L2 penalty');
  return resolved;
}

/**
 * torch.optim.Adam (2.x, single-tensor path), keeping the source's operation order because it
 * decides the last bits of every step:
 *   g <- g + wd*theta; m <- lerp(m, g, 1-b1); v <- v*b2 + (1-b2)*g*g; vhat <- max(vhat, v) if amsgrad;
 *   denom <- sqrt(vhat)/sqrt(1-b2^t) + eps; theta <- theta + (-(lr/(1-b1^t)) * m) / denom.
 * Note eps is added after the bias correction (Keras adds an uncorrected eps to sqrt(v) instead).
 */
export function adam(spec: AdamSpec): GradientTransform<AdamState> {
  const { betas: [beta1, beta2], eps, weight_decay: weightDecay, amsgrad } = resolveAdam(spec);
  return {
    init(params) {
      const n = params.length;
      return {
        step: 0,
        expAvg: new Float64Array(n),
        expAvgSq: new Float64Array(n),
        maxExpAvgSq: new Float64Array(amsgrad ? n : 0),
      };
    },
    update(g, state, params, lr) {
      const t = ++state.step;
      const biasCorrection1 = 1 - beta1 ** t;
      const biasCorrection2 = 1 - beta2 ** t;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      const m = state.expAvg;
      const v = state.expAvgSq;
      const vMax = state.maxExpAvgSq;
      for (let i = 0; i < g.length; i++) {
        const d = weightDecay !== 0 ? g[i] + weightDecay * params[i] : g[i];
        m[i] = lerp(m[i], d, 1 - beta1); // torch: exp_avg.lerp_(grad, 1 - beta1)
        v[i] = v[i] * beta2 + (1 - beta2) * d * d; // torch: exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        let second = v[i];
        if (amsgrad) {
          vMax[i] = Math.max(vMax[i], v[i]);
          second = vMax[i];
        }
        const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
        g[i] = (-stepSize * m[i]) / denom; // torch: param.addcdiv_(exp_avg, denom, value=-step_size)
      }
    },
    velocity(state) {
      return state.expAvg;
    },
  };
}
