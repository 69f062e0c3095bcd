import type { GradientTransform, StepContext } from './types';

export interface ChainState {
  /** One state per transform, in chain order. */
  states: object[];
}

/**
 * Composes transforms left to right (optax's `chain`): each one receives the gradient buffer as the
 * previous one left it. The state is the array of the parts' states, so it stays plain data. The chain's
 * velocity is the first part's velocity that is defined.
 */
export function chain(...transforms: GradientTransform[]): GradientTransform<ChainState> {
  const parts = transforms.slice();
  const n = parts.length;
  return {
    init(params) {
      return { states: parts.map((p) => p.init(params)) };
    },
    update(g: Float64Array, state: ChainState, params: Float64Array, ctx: StepContext) {
      const states = state.states;
      for (let i = 0; i < n; i++) parts[i].update(g, states[i], params, ctx);
    },
    velocity(state) {
      for (let i = 0; i < n; i++) {
        const v = parts[i].velocity?.(state.states[i]);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}
