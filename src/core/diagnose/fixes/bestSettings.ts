/**
 * When the whole curvature range [lambdaMin, lambdaMax] is known (embedded quadratics), the theory says exactly
 * what every (lr, momentum) does (../stability worstRate), so the fix can be chosen by search instead of a rule:
 * among nice learning rates and the usual momenta at or below the current one, the settings whose slowest
 * direction converges fastest, provided it neither oscillates slowly (a zig-zag or ringing slowest direction
 * must shrink faster than `dampedRate`) nor sits near the stability edge (lr*lambdaMax at most the middle of
 * the stable range, so a 2x error in lambda cannot tip it over). Keeping the current momentum wins ties
 * (within 1% of the rate), so a fix changes as little as it can.
 */
import { worstRate } from '../stability';
import { niceBelow } from './nice';
import { targetStep, type StableSettings } from './stableSettings';

const MOMENTA = [0.99, 0.95, 0.9, 0.8, 0.5, 0.3, 0];
/** Nice learning rates from the largest allowed down to 1e-4 of it: 1, 2, 3, 5 per decade. */
const DECADES = 4;

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
      const healthy = d.rate < 1 && (d.shape === 'monotone' || d.rate < dampedRate);
      if (healthy) {
        const keeps = m === beta;
        const better = best === null
          || d.rate < best.rate * (keeps && !bestKeeps ? 1.01 : !keeps && bestKeeps ? 0.99 : 1);
        if (better) {
          best = { lr, momentum: m, a: lr * lambdaMax, rate: d.rate };
          bestKeeps = keeps;
        }
      }
      lr = niceBelow(lr * (1 - 1e-9));
    }
  }
  return best;
}
