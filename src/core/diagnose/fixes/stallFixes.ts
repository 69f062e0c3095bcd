/**
 * Ranked fixes for a stall.
 * - The learning rate decayed to ~0: raise the schedule's floor to a tenth of the peak (cosine/exponential
 *   schedules take it as eta_min / min_lr), so the last part of training still moves.
 * - SGD on a known curvature range: the exact settings with the fastest healthy convergence (./stableSettings,
 *   bounded by the stability edge).
 * - SGD on a known non-quadratic problem whose Hessian was measured at the start: the middle of the stable range
 *   there (measuredCurvatureRaise), however many decades that is: the bound, not a blind cap, limits the raise.
 * - SGD on a network whose full-batch top Hessian eigenvalue was measured at the start: the middle of plain SGD's
 *   stable range for SHARPENING x that curvature (sharpnessRaise): networks sharpen in training.
 * - Adam-like optimizers (step ~ lr per parameter): the lr that covers the distance to the floor, 2(f - f*)/|g|,
 *   in half of the planned run at the speed update_norm shows (distanceRaise).
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
import { niceBelow, show, timesText } from './nice';
import { settingsFix } from './settingsFix';
import { stableEdge, stableSettings, targetStep } from './stableSettings';

/** The largest raise suggested without curvature: one decade (a stall fix must not overshoot into divergence). */
export const MAX_BLIND_RAISE = 10;

/** Heavy-ball momentum a measured-curvature raise uses when the conditioning is poor or momentum is higher. */
export const MEASURED_MOMENTUM = 0.9;

/**
 * Condition number (lambda_max / lambda_min at the start) from which plain SGD's flat directions are too slow to
 * be worth keeping momentum-free: at the stiffest direction's bound the flattest moves at most 2/kappa per step.
 */
export const ILL_CONDITIONED = 10;

/**
 * SGD stalled on a known non-quadratic problem whose Hessian was measured at the start (RunContext.localCurvature;
 * a stalled run has not moved from there): the learning rate goes to the middle of the stable range of the
 * stiffest direction, lr*lambda_max = 1 + beta (./stableSettings targetStep), with heavy ball 0.9 when the
 * measured conditioning is poor (kappa >= ILL_CONDITIONED) or momentum is above 0.9: the flat directions then
 * move 1/(1 - beta) = 10x faster than plain SGD's, and 0.9's ringing e-folds in ~20 steps where 0.99's takes 200.
 * The bound is exact at the point; the halfway margin absorbs a curvature up to 2x larger along the path.
 */
function measuredCurvatureRaise(env: FixEnvironment, beta: number): Fix | null {
  const c = env.localCurvature as { min: number; max: number };
  const kappa = c.min > 0 ? c.max / c.min : Infinity;
  const m = beta > MEASURED_MOMENTUM || kappa >= ILL_CONDITIONED ? MEASURED_MOMENTUM : beta;
  const to = niceBelow(targetStep(m, env.nesterov) / c.max);
  if (!(to > env.lr)) return null;
  const edge = stableEdge(m, env.nesterov);
  const a = Number((to * c.max).toPrecision(2));
  const curvature = `the Hessian measured at the start has curvature ${show(Number(c.min.toPrecision(2)))}..${show(Number(c.max.toPrecision(3)))}${Number.isFinite(kappa) ? ` (kappa ${show(Number(kappa.toPrecision(2)))})` : ''}`;
  const momentum = m !== beta ? ` and use momentum ${show(m)}${beta > 0 ? ` instead of ${show(beta)}` : ''}` : '';
  const fix: Fix = {
    action: 'raise_lr', parameter: 'lr', from: env.lr, to,
    text: `Raise the learning rate ${show(env.lr)} -> ${show(to)}${momentum}: ${curvature}; the stable range is lr*lambda < ${show(Number(edge.toPrecision(3)))}, and lr*lambda_max = ${show(a)} is at or below its middle ${show(Number(targetStep(m, env.nesterov).toPrecision(3)))} (the lr rounded down)${m > 0 ? `; momentum ${show(m)} moves the flat directions ${show(Number((1 / (1 - m)).toPrecision(3)))}x faster than plain SGD` : ''}.`,
  };
  if (m !== beta) fix.settings = { momentum: m };
  return fix;
}

/**
 * How much larger than the full-batch top Hessian eigenvalue at the start the curvature a step meets may get
 * during training: networks sharpen (the curvature rises until the step meets it, lr*lambda ~ 2: the edge of
 * stability), and a minibatch step meets its minibatch's Hessian, sharper than the full batch's. Measured on the
 * embedded MLP (2-16-16-1 tanh, moons, seeds 1-3, batch 8/32, SGD lr 0.05-0.2 plain and 0.02-0.05 momentum 0.9,
 * 800 steps, power iteration every 50 steps, session 12): the full-batch top eigenvalue reached 1.0-3.7x its start
 * value (1.2-1.8), the minibatch's 1.3-6.4x. 8 covers the largest with a little room (sampled every 50 steps, the
 * true peak may sit between samples). Not fitted to a corpus outcome.
 */
export const SHARPENING = 8;

/**
 * SGD stalled on a network whose full-batch top Hessian eigenvalue lambda was measured at the start
 * (FixEnvironment.startSharpness; a stalled run is still there): plain SGD is stable for lr*lambda < 2 and fastest
 * in the middle, lr*lambda = 1; the curvature a step meets grows up to SHARPENING x in training, so the raise
 * targets the middle for that curvature, lr = 1 / (SHARPENING lambda) — a 16th of the bound at the start. With
 * heavy-ball momentum beta the lr is also x (1 - beta): along a steady gradient heavy ball's step
 * is lr / (1 - beta), so the raised run moves as fast as plain SGD at that lr (the quadratic bound (2 + 2 beta) /
 * lambda is then met with an even larger margin; minibatch noise grows with the effective step, not with lr).
 * Rounded down to a nice number. Replaces the blind 10x cap only where the problem is known (embedded runs).
 */
function sharpnessRaise(env: FixEnvironment, beta: number): Fix | null {
  const lambda = env.startSharpness as number;
  const target = (1 - Math.min(beta, 0.99)) / (SHARPENING * lambda);
  const to = niceBelow(target);
  if (!(to > env.lr) || !Number.isFinite(to)) return null;
  const num = (x: number) => show(Number(x.toPrecision(2)));
  const edge = stableEdge(beta, env.nesterov);
  const momentum = beta > 0 ? `, times 1 - momentum = ${show(Number((1 - beta).toPrecision(2)))} (heavy ball's step is lr / (1 - momentum))` : '';
  return {
    action: 'raise_lr', parameter: 'lr', from: env.lr, to,
    text: `Raise the learning rate ${show(env.lr)} -> ${show(to)} (${timesText(env.lr, to)}): the full-batch loss's top Hessian eigenvalue at the start is ${num(lambda)} (power iteration), so the stability bound is lr < ${num(edge / lambda)} (lr*lambda < ${show(Number(edge.toPrecision(3)))}); the curvature a minibatch step meets grows in training (up to ${SHARPENING}x the start's on this net), so the lr is 1 / (${SHARPENING} x ${num(lambda)}) = ${num(1 / (SHARPENING * lambda))}${momentum}, rounded down.`,
  };
}

/** Optimizers whose step per parameter is about lr whatever the gradient's scale (sign-like, normalised). */
const ADAPTIVE_STEP = /adam|rmsprop|adagrad|nadam|lion|adafactor|lamb/;

/** Share of the planned run an adaptive optimizer's raised step should need to cover the distance to the floor. */
export const COVER_SHARE = 0.5;
/** Steps assumed for that when the run's length is unknown. */
export const COVER_STEPS_UNKNOWN = 500;

function lastUpdateNorm(shared: SharedRunState): number {
  if (shared.updateNormCount === 0) return NaN;
  return shared.updateNorms[(shared.updateNormCount - 1) % shared.updateNorms.length];
}

/**
 * An adaptive optimizer (Adam & co.) stalled: its step per parameter is about lr, so curvature does not size it;
 * distance does. Along the gradient the loss's distance to its floor is about d = 2(f - f*)/|g| (exact along a
 * quadratic direction, where f - f* = lambda e^2/2 and |g| = lambda e), and the run moves |update| per step at
 * the current lr (update_norm). The lr that covers d in COVER_SHARE of the planned steps is
 * lr * d / (|update| * steps): a distance bound, not a stability one, so no blind cap; Adam's bounded step keeps
 * an overestimate of d from blowing up (it then ends jittering at ~lr around the floor).
 */
function distanceRaise(env: FixEnvironment, shared: SharedRunState): Fix | null {
  const lv = shared.trainLoss;
  const excess = lv ? lv.level : NaN;
  const g = shared.gradNormLast;
  const u = lastUpdateNorm(shared);
  if (!(env.lr > 0 && excess > 0 && g > 0 && u > 0)) return null;
  const d = (2 * excess) / g;
  const total = shared.context.totalSteps;
  const steps = total !== undefined && total > 0 ? COVER_SHARE * total : COVER_STEPS_UNKNOWN;
  const to = niceBelow((env.lr * d) / (u * steps));
  if (!(to > env.lr) || !Number.isFinite(to)) return null;
  const num = (x: number) => show(Number(x.toPrecision(3)));
  return {
    action: 'raise_lr', parameter: 'lr', from: env.lr, to,
    text: `Raise the learning rate ${show(env.lr)} -> ${show(to)} (${timesText(env.lr, to)}): ${env.optimizer || 'the optimizer'}'s step is about lr per parameter, and at ${show(env.lr)} the run moves ${num(u)} per step; the floor is about 2(f - f*)/|g| = ${num(d)} away (the loss ${num(excess)} above it, gradient norm ${num(g)}), which at ${show(to)} takes about ${Math.round(steps)} steps${total !== undefined && total > 0 ? `, ${Math.round(100 * COVER_SHARE)}% of the run` : ''}.`,
  };
}

export function stallFixes(reason: 'flat' | 'lr_decayed', atChance: boolean, env: FixEnvironment, shared: SharedRunState): Fix[] {
  const fixes: Fix[] = [];
  // The lr metric shows a decay to ~0 (even when the stall was first raised as flat, before the decay finished):
  // the floor is the fix, with numbers. Without this, an lr of exactly 0 left env.lr unknown and the fix read
  // "raise the learning rate about 10x", which is 0 again.
  const decayed = shared.lrMax > 0 && shared.lrLast <= shared.thresholds.stallLrFraction * shared.lrMax;
  if ((reason === 'lr_decayed' || decayed) && shared.lrMax > 0) {
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
  if (reason === 'flat' && env.sgdLike && !env.curvature && env.localCurvature) {
    const fix = measuredCurvatureRaise(env, beta);
    if (fix) fixes.push(fix);
  }
  if (reason === 'flat' && env.sgdLike && !env.curvature && !env.localCurvature && Number.isFinite(env.startSharpness)) {
    const fix = sharpnessRaise(env, beta);
    if (fix) fixes.push(fix);
  }
  if (reason === 'flat' && !decayed && ADAPTIVE_STEP.test(env.optimizer)) {
    const fix = distanceRaise(env, shared);
    if (fix) fixes.push(fix);
  }
  if (reason === 'flat' && !decayed && !fixes.some((f) => f.action === 'raise_lr' || f.action === 'reduce_momentum')) {
    const lv = shared.trainLoss;
    const excess = lv ? lv.level : NaN;
    const g = shared.gradNormLast;
    if (env.lr > 0 && excess > 0 && g > 0) {
      const polyak = excess / (g * g);
      const half = 0.5 * polyak * (1 - Math.min(beta, 0.99));
      const capped = half > MAX_BLIND_RAISE * env.lr;
      const to = niceBelow(capped ? MAX_BLIND_RAISE * env.lr : half);
      if (to > env.lr) {
        const halfText = `half of it${beta > 0 ? ', times 1 - momentum,' : ''} is ${show(Number(half.toPrecision(2)))}`;
        const limit = capped ? `, more than ${MAX_BLIND_RAISE}x the current rate, so the raise stops at ${timesText(env.lr, to)} (without the curvature a larger one may diverge)` : `, rounded down to ${show(to)} (${timesText(env.lr, to)})`;
        fixes.push({ action: 'raise_lr', parameter: 'lr', from: env.lr, to, text: `Raise the learning rate ${show(env.lr)} -> ${show(to)}: with the loss ${show(Number(excess.toPrecision(3)))} above its floor and a gradient norm of ${show(Number(g.toPrecision(3)))}, Polyak's step (f - f*)/|g|^2 is ${show(Number(polyak.toPrecision(2)))}; ${halfText}${limit}.` });
      }
    }
    if (!fixes.some((f) => f.action === 'raise_lr')) {
      if (env.lr > 0) {
        const to = niceBelow(10 * env.lr);
        fixes.push({ action: 'raise_lr', parameter: 'lr', from: env.lr, to, text: `Raise the learning rate ${show(env.lr)} -> ${show(to)} (${timesText(env.lr, to)}: one decade, rounded down to a round number): the loss is far from converged and barely moves; watch for divergence.` });
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
