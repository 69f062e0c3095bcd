import type { GradientTransform, OptimizerSpec } from './types';
import { InvalidHyperparameterError } from './types';
import { requireFinite, requireNonNegative } from './validate';

export type SgdSpec = Extract<OptimizerSpec, { name: 'sgd' }>;

/** SGD settings with PyTorch's defaults filled in. */
export type ResolvedSgdSpec = Required<SgdSpec>;

export interface SgdState {
  /** PyTorch's `momentum_buffer`; allocated up front (zeros) so `update` never allocates. */
  momentumBuffer: Float64Array;
  /** False until the first update: PyTorch then copies the gradient into the buffer instead of damping it. */
  bufferInitialized: boolean;
}

export function resolveSgd(spec: SgdSpec): ResolvedSgdSpec {
  const resolved: ResolvedSgdSpec = {
    name: 'sgd',
    lr: spec.lr,
    momentum: spec.momentum ?? 0,
    dampening: spec.dampening ?? 0,
    nesterov: spec.nesterov ?? false,
    weight_decay: spec.weight_decay ?? 0,
    maximize: spec.maximize ?? false,
  };
  // The same checks, in the same order, as torch.optim.SGD.__init__.
  requireNonNegative('SGD', 'lr', resolved.lr, 'the learning rate');
  requireNonNegative('SGD', 'momentum', resolved.momentum, 'the momentum factor');
  requireNonNegative('SGD', 'weight_decay', resolved.weight_decay, 'the L2 penalty');
  requireFinite('SGD', 'dampening', resolved.dampening); // PyTorch accepts any dampening value.
  if (resolved.nesterov && (resolved.momentum <= 0 || resolved.dampening !== 0)) {
    throw new InvalidHyperparameterError(
      `SGD: Nesterov momentum needs momentum above 0 and dampening 0 (got momentum ${resolved.momentum}, dampening ${resolved.dampening}). PyTorch rejects this with ValueError.`,
    );
  }
  return resolved;
}

/**
 * torch.optim.SGD (2.x, single-tensor path):
 *   g <- -g if maximize; g <- g + wd*theta; if mu != 0: b <- g (first update) else b <- mu*b + (1-tau)*g;
 *   g <- g + mu*b if nesterov else b; theta <- theta - lr*g.
 */
export function sgd(spec: SgdSpec): GradientTransform<SgdState> {
  const { momentum, dampening, nesterov, weight_decay: weightDecay, maximize } = resolveSgd(spec);
  return {
    init(params) {
      return { momentumBuffer: new Float64Array(params.length), bufferInitialized: false };
    },
    update(g, state, params, lr) {
      const buf = state.momentumBuffer;
      const first = !state.bufferInitialized;
      for (let i = 0; i < g.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (weightDecay !== 0) d = d + weightDecay * params[i];
        if (momentum !== 0) {
          // torch: buf.mul_(momentum).add_(grad, alpha=1 - dampening)
          buf[i] = first ? d : buf[i] * momentum + (1 - dampening) * d;
          d = nesterov ? d + momentum * buf[i] : buf[i];
        }
        // torch: param.add_(grad, alpha=-lr); the trainer adds g to the parameters.
        g[i] = -lr * d;
      }
      if (momentum !== 0) state.bufferInitialized = true;
    },
    velocity(state) {
      return momentum !== 0 ? state.momentumBuffer : undefined;
    },
  };
}
