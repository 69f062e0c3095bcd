/**
 * The learning rate (and, when needed, momentum) that makes momentum SGD stable and well damped on every
 * direction of a quadratic whose largest curvature is lambdaMax (and smallest lambdaMin, when known), from the
 * closed-form theory in ../stability.ts.
 *
 * The target puts the stiffest direction in the middle of its stable range, lr*lambdaMax = 1 + beta (heavy
 * ball; the range is 0..2 + 2*beta) or (1 + beta)/(1 + 2*beta) (Nesterov): at beta = 0 that is lr = 1/lambda,
 * where the stiffest direction converges in one step, and the halfway margin absorbs an estimate of lambda that
 * is off by up to 2x. When the smallest curvature is known too, the candidate is checked against the slowest
 * direction: if the run's late behaviour would be a zig-zag or a ringing decaying slower than
 * `oscillationRate` per step, momentum comes down through the usual values until it is not.
 */
import { modeDynamics, optimalHeavyBall, worstRate } from '../stability';
import { bestSettings } from './bestSettings';
import { niceBelow, niceMomentumBelow } from './nice';

/**
 * With the whole range known, a suggestion must leave no oscillating direction slower than this per step: below
 * the oscillation threshold (0.9) and the corpus's "quickly damped" 0.8 with a margin, so what remains of a
 * ringing is gone within ~15 steps.
 */
export const DAMPED_RATE = 0.75;

export interface StableSettings {
  lr: number;
  momentum: number;
  /** lr * lambdaMax of the suggestion. */
  a: number;
  /** The per-step rate of the slowest direction (or of the stiffest when lambdaMin is unknown). */
  rate: number;
}

/** Middle of the stable range of lr*lambda for this momentum. */
export function targetStep(momentum: number, nesterov: boolean): number {
  return nesterov ? (1 + momentum) / (1 + 2 * momentum) : 1 + momentum;
}

/** The edge of the stable range of lr*lambda: 2 + 2*beta (heavy ball), (2 + 2*beta)/(1 + 2*beta) (Nesterov). */
export function stableEdge(momentum: number, nesterov: boolean): number {
  return nesterov ? (2 + 2 * momentum) / (1 + 2 * momentum) : 2 + 2 * momentum;
}

function dynamics(lr: number, momentum: number, lambdaMax: number, lambdaMin: number, nesterov: boolean) {
  return lambdaMin > 0 ? worstRate(lr, momentum, lambdaMin, lambdaMax, nesterov) : modeDynamics(lr, momentum, lambdaMax, nesterov);
}

function healthy(lr: number, momentum: number, lambdaMax: number, lambdaMin: number, nesterov: boolean, oscillationRate: number): boolean {
  const d = dynamics(lr, momentum, lambdaMax, lambdaMin, nesterov);
  if (!(d.rate < 1)) return false;
  // Without lambdaMin the stiffest direction is not the slow one; only its stability is judged.
  if (!(lambdaMin > 0)) return true;
  return d.shape === 'monotone' || d.rate < oscillationRate;
}

export function stableSettings(
  momentum: number, nesterov: boolean, lambdaMax: number, lambdaMin: number, oscillationRate: number,
): StableSettings {
  // The whole range known: search the exact theory instead of the rule (./bestSettings).
  if (lambdaMin > 0 && lambdaMin <= lambdaMax) {
    const searched = bestSettings(momentum, nesterov, lambdaMin, lambdaMax, DAMPED_RATE);
    if (searched) return searched;
  }
  const beta = momentum >= 0 && momentum < 1 ? momentum : 0;
  const pick = (m: number): StableSettings => {
    const lr = niceBelow(targetStep(m, nesterov) / lambdaMax);
    return { lr, momentum: m, a: lr * lambdaMax, rate: dynamics(lr, m, lambdaMax, lambdaMin, nesterov).rate };
  };
  let m = beta;
  for (;;) {
    const candidate = pick(m);
    if (healthy(candidate.lr, m, lambdaMax, lambdaMin, nesterov, oscillationRate)) return candidate;
    if (m === 0) break;
    m = niceMomentumBelow(m - 1e-9);
  }
  // Nothing on the usual grid: the best heavy-ball settings for the range, rounded down.
  const best = optimalHeavyBall(lambdaMin > 0 ? lambdaMin : lambdaMax / 100, lambdaMax);
  const lr = niceBelow(best.lr);
  const mom = niceMomentumBelow(best.momentum);
  return { lr, momentum: mom, a: lr * lambdaMax, rate: dynamics(lr, mom, lambdaMax, lambdaMin, nesterov).rate };
}
