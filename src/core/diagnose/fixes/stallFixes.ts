/**
 * Ranked fixes for a stall.
 * - The learning rate decayed to ~0: raise the schedule's floor to a tenth of the peak (cosine/exponential
 *   schedules take it as eta_min / min_lr), so the last part of training still moves.
 * - SGD on a known curvature range: the exact settings with the fastest healthy convergence (./stableSettings,
 *   bounded by the stability edge).
 * - Otherwise, with the loss f, its floor f* and the gradient norm g known: Polyak's step lr = (f - f*)/g^2, the
 *   step that would reach the floor along the gradient if the loss were linear (on a quadratic direction it is
 *   lr*lambda = 1/2, safely inside the stable range); halved for safety, times (1 - momentum), and at most 10x
 *   the current lr: off a quadratic, Polyak's step knows nothing of the stiffest curvature (on Rosenbrock's
 *   valley floor it says lr ~ 1 where 2e-3 already blows up), and a stall fix must not overshoot into
 *   divergence. Without those numbers: 10x.
 * Then ReduceLROnPlateau(factor=0.5, patience=5) for a plateau that comes from gradient noise, and, at chance
 * level, a look at the data (labels that do not match their inputs keep any optimizer at chance).
 */
import type { SharedRunState } from '../shared';
import type { Fix } from '../types';
import type { FixEnvironment } from './environment';
import { niceBelow, show } from './nice';
import { settingsFix } from './settingsFix';
import { stableSettings } from './stableSettings';

/** The largest raise suggested without curvature: one decade (a stall fix must not overshoot into divergence). */
export const MAX_BLIND_RAISE = 10;

export function stallFixes(reason: 'flat' | 'lr_decayed', atChance: boolean, env: FixEnvironment, shared: SharedRunState): Fix[] {
  const fixes: Fix[] = [];
  if (reason === 'lr_decayed' && shared.lrMax > 0) {
    const floor = niceBelow(0.1 * shared.lrMax);
    fixes.push({
      action: 'raise_lr', parameter: 'lr', from: shared.lrLast, to: floor,
      text: `Raise the schedule's floor to ${show(floor)} (a tenth of the peak ${show(shared.lrMax)}; eta_min / min_lr): at ${show(shared.lrLast)} the updates are too small to move the loss.`,
      settings: { eta_min: floor },
    });
  }
  const beta = Number.isFinite(env.momentum) ? env.momentum : 0;
  if (reason === 'flat' && env.sgdLike && env.curvature && env.curvature.min > 0) {
    const s = stableSettings(beta, env.nesterov, env.curvature.max, env.curvature.min, shared.thresholds.oscillationRate);
    const fix = settingsFix(env.lr, beta, s, `with curvature ${show(env.curvature.min)}..${show(env.curvature.max)} the slowest direction moves at lr*lambda_min = ${show(Number((env.lr * env.curvature.min).toPrecision(2)))} per step`);
    if (fix) fixes.push(fix);
  }
  if (reason === 'flat' && !fixes.some((f) => f.action === 'raise_lr' || f.action === 'reduce_momentum')) {
    const lv = shared.trainLoss;
    const excess = lv ? lv.level : NaN;
    const g = shared.gradNormLast;
    if (env.lr > 0 && excess > 0 && g > 0) {
      const polyak = excess / (g * g);
      const to = niceBelow(Math.min(0.5 * polyak * (1 - Math.min(beta, 0.99)), MAX_BLIND_RAISE * env.lr));
      if (to > env.lr) {
        fixes.push({ action: 'raise_lr', parameter: 'lr', from: env.lr, to, text: `Raise the learning rate ${show(env.lr)} -> ${show(to)}: with the loss ${show(Number(excess.toPrecision(3)))} above its floor and a gradient norm of ${show(Number(g.toPrecision(3)))}, Polyak's step (f - f*)/|g|^2 is ${show(Number(polyak.toPrecision(2)))}; half of it${beta > 0 ? `, times 1 - momentum,` : ''} is ${show(to)}.` });
      }
    }
    if (!fixes.some((f) => f.action === 'raise_lr')) {
      if (env.lr > 0) {
        const to = niceBelow(10 * env.lr);
        fixes.push({ action: 'raise_lr', parameter: 'lr', from: env.lr, to, text: `Raise the learning rate ${show(env.lr)} -> ${show(to)}: the loss is far from converged and barely moves; try one decade up and watch for divergence.` });
      } else {
        fixes.push({ action: 'raise_lr', parameter: 'lr', text: 'Raise the learning rate about 10x: the loss is far from converged and barely moves; try one decade up and watch for divergence.', settings: { factor: 10 } });
      }
    }
  }
  fixes.push({ action: 'reduce_lr_on_plateau', parameter: 'schedule', text: 'Use ReduceLROnPlateau(factor=0.5, patience=5): when a plateau comes from gradient noise, a smaller step lets the loss settle lower.', settings: { factor: 0.5, patience: 5 } });
  if (atChance) {
    fixes.push({ action: 'check_data', text: 'Check the data and labels: a loss stuck at chance level is also what labels that do not match their inputs (or a dead network output) look like.' });
  }
  return fixes;
}
