import type { GradientTransform, OptimizerSpec } from './types';
import { lerp } from './lerp';
import { requireNonNegative } from './validate';

export type RmspropSpec = Extract<OptimizerSpec, { name: 'rmsprop' }>;
export type ResolvedRmspropSpec = Required<RmspropSpec>;

export interface RmspropState {
  /** PyTorch's `square_avg`. */
  squareAvg: Float64Array;
  /** PyTorch's `grad_avg` (centered only; empty otherwise). */
  gradAvg: Float64Array;
  /** PyTorch's `momentum_buffer` (momentum > 0 only; empty otherwise). Starts at zero, unlike SGD's. */
  momentumBuffer: Float64Array;
}

export function resolveRmsprop(spec: RmspropSpec): ResolvedRmspropSpec {
  const resolved: ResolvedRmspropSpec = {
    name: 'rmsprop',
    lr: spec.lr,
    alpha: spec.alpha ?? 0.99,
    eps: spec.eps ?? 1e-8,
    weight_decay: spec.weight_decay ?? 0,
    momentum: spec.momentum ?? 0,
    centered: spec.centered ?? false,
  };
  // The same checks, in the same order, as torch.optim.RMSprop.__init__. PyTorch does not reject
  // alpha > 1, so neither do we.
  requireNonNegative('RMSprop', 'lr', resolved.lr, 'the learning rate');
  requireNonNegative('RMSprop', 'eps', resolved.eps, 'the term added to the denominator');
  requireNonNegative('RMSprop', 'momentum', resolved.momentum, 'the momentum factor');
  requireNonNegative('RMSprop', 'weight_decay', resolved.weight_decay, 'the L2 penalty');
  requireNonNegative('RMSprop', 'alpha', resolved.alpha, 'the smoothing constant');
  return resolved;
}

/**
 * torch.optim.RMSprop (2.x, single-tensor path):
 *   g <- g + wd*theta; v <- v*alpha + (1-alpha)*g*g;
 *   centered: ga <- lerp(ga, g, 1-alpha); d <- sqrt(v - ga*ga) + eps, else d <- sqrt(v) + eps;
 *   momentum > 0: b <- b*mu + g/d; theta <- theta - lr*b, else theta <- theta + (-lr*g)/d.
 * eps is added after the square root (TensorFlow/Keras add it inside).
 */
export function rmsprop(spec: RmspropSpec): GradientTransform<RmspropState> {
  const { alpha, eps, weight_decay: weightDecay, momentum, centered } = resolveRmsprop(spec);
  return {
    init(params) {
      const n = params.length;
      return {
        squareAvg: new Float64Array(n),
        gradAvg: new Float64Array(centered ? n : 0),
        momentumBuffer: new Float64Array(momentum > 0 ? n : 0),
      };
    },
    update(g, state, params, lr) {
      const v = state.squareAvg;
      const ga = state.gradAvg;
      const buf = state.momentumBuffer;
      for (let i = 0; i < g.length; i++) {
        const d = weightDecay !== 0 ? g[i] + weightDecay * params[i] : g[i];
        v[i] = v[i] * alpha + (1 - alpha) * d * d; // torch: square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        let avg: number;
        if (centered) {
          ga[i] = lerp(ga[i], d, 1 - alpha); // torch: grad_avg.lerp_(grad, 1 - alpha)
          avg = Math.sqrt(v[i] - ga[i] * ga[i]) + eps; // torch: square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(eps)
        } else {
          avg = Math.sqrt(v[i]) + eps;
        }
        if (momentum > 0) {
          buf[i] = buf[i] * momentum + d / avg; // torch: buf.mul_(momentum).addcdiv_(grad, avg)
          g[i] = -lr * buf[i]; // torch: param.add_(buf, alpha=-lr)
        } else {
          g[i] = (-lr * d) / avg; // torch: param.addcdiv_(grad, avg, value=-lr)
        }
      }
    },
    velocity(state) {
      return momentum > 0 ? state.momentumBuffer : undefined;
    },
  };
}
