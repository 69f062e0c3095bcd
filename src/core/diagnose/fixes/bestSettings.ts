/**
 * When the whole curvature range [lambdaMin, lambdaMax] is known (embedded quadratics), the theory says exactly
 * what every (lr, momentum) does (../stability worstRate), so the fix can be chosen by search instead of a rule:
 * among nice learning rates and the usual momenta at or below the current one, the settings whose slowest
 * direction converges fastest, provided no direction oscillates slowly (every zig-zagging or ringing direction
 * must shrink faster than `dampedRate`) nor sits near the stability edge (lr*lambdaMax at most the middle of
 * the stable range, so a 2x error in lambda cannot tip it over). Keeping the current momentum wins unless another
 * converges 25% faster (in e-folds per step), so a fix changes as little as it can.
 */
import { modeDynamics, worstRate } from '../stability';
import { niceBelow } from './nice';
import { targetStep, type StableSettings } from './stableSettings';

const MOMENTA = [0.99, 0.95, 0.9, 0.8, 0.5, 0.3, 0];
/** Nice learning rates from the largest allowed down to 1e-4 of it: 1, 2, 3, 5 per decade. */
const DECADES = 4;

/** Changing the momentum must make the slowest direction this much faster (in e-folds per step) to be chosen. */
const KEEP_BONUS = 1.25;

/** Curvatures sampled (log-spaced, ends included) when checking that no direction oscillates slowly. */
const SAMPLES = 16;

/**
 * Whether every direction in [lambdaMin, lambdaMax] that zig-zags or rings shrinks faster than dampedRate. Not
 * only the slowest direction: a ringing that is not the slowest still shows in the loss for 1/(1 - rate) steps,
 * and a detector sees it (heavy ball rings at sqrt(beta) for every lr*lambda between (1 - sqrt(beta))^2 and
 * (1 + sqrt(beta))^2).
 */
function noSlowOscillation(lr: number, m: number, lambdaMin: number, lambdaMax: number, nesterov: boolean, dampedRate: number): boolean {
  for (let i = 0; i < SAMPLES; i++) {
    const lambda = lambdaMin * (lambdaMax / lambdaMin) ** (i / (SAMPLES - 1));
    const d = modeDynamics(lr, m, lambda, nesterov);
    if (d.shape !== 'monotone' && !(d.rate < dampedRate)) return false;
  }
  return true;
}

export function bestSettings(
  momentum: number, nesterov: boolean, lambdaMin: number, lambdaMax: number, dampedRate: number,
): StableSettings | null {
  const beta = momentum >= 0 && momentum < 1 ? momentum : 0;
  const momenta = [beta, ...MOMENTA.filter((m) => m < beta - 1e-12)];
  let best: StableSettings | null = null;
  let bestKeeps = false;
  for (const m of momenta) {
    const top = niceBelow(targetStep(m, nesterov) / lambdaMax);
    let lr = top;
    for (let i = 0; i < DECADES * 4 && lr > top * 10 ** -DECADES; i++) {
      const d = worstRate(lr, m, lambdaMin, lambdaMax, nesterov);
      const healthy = d.rate < 1 && noSlowOscillation(lr, m, lambdaMin, lambdaMax, nesterov, dampedRate);
      if (healthy) {
        const keeps = m === beta;
        // Speed = -ln(rate), the e-folds per step; changing the momentum must buy 25% more of it.
        const speed = -Math.log(d.rate);
        const bestSpeed = best === null ? -Infinity : -Math.log(best.rate);
        const needed = keeps === bestKeeps ? 1 : keeps ? 1 / KEEP_BONUS : KEEP_BONUS;
        if (best === null || speed > bestSpeed * needed) {
          best = { lr, momentum: m, a: lr * lambdaMax, rate: d.rate };
          bestKeeps = keeps;
        }
      }
      lr = niceBelow(lr * (1 - 1e-9));
    }
  }
  return best;
}
