/**
 * Ranked fixes for a run that blows up (divergence, and a NaN that followed growth). With SGD and a known
 * curvature the first fix is exact (./stableSettings). With a curvature only estimated from the blow-up (a
 * non-quadratic loss): the middle of the stable range too, with momentum at most 0.9, and for a steep blow-up
 * heavy ball 0.9 with the cut kept between DEFAULT_LR_CUT and MAX_ESTIMATED_CUT (the estimate errs both ways
 * off a quadratic). Otherwise the usual remedies with numbers:
 * a 10x lower learning rate (a geometric blow-up means the step overshoots by a factor; 10x clears any
 * overshoot up to 10x and is the usual decade people step lr by), momentum 0.9, a warm-up (early blow-ups only), clipping at the
 * 90th percentile of the gradient norms seen, Adam at 1e-3.
 */
import { curvatureFromGrowth, modeDynamics } from '../stability';
import type { Fix } from '../types';
import type { FixEnvironment } from './environment';
import { niceAbove, niceBelow, show, timesText } from './nice';
import { settingsFix } from './settingsFix';
import { ILL_CONDITIONED } from './stallFixes';
import { stableEdge, stableSettings, targetStep, type StableSettings } from './stableSettings';

export interface InstabilityEvidence {
  /** Loss growth per step of the blow-up (NaN when unknown). */
  growthPerStep: number;
  /** Step at which the growth started. */
  onsetStep: number;
}

/** The blanket learning-rate cut when the theory cannot size it: one decade. */
export const DEFAULT_LR_CUT = 10;

/**
 * Loss growth per step up to which a blow-up counts as a clean geometric growth whose curvature estimate is
 * trusted: on a quadratic, plain SGD at lr*lambda = 2.7 grows the loss x3 per step, a rate the detector measures
 * over several points; steeper blow-ups last a handful of steps.
 */
export const CLEAN_GROWTH = 3;

/** Heavy-ball momentum suggested when only the stiffest curvature is estimated (see instabilityFixes). */
export const ESTIMATED_MOMENTUM = 0.9;

/**
 * The largest cut from an estimated (not known) curvature: 30x. A blow-up measured late, when the parameters have
 * flown into steeper regions, overstates the curvature (Rosenbrock: up to 10x); on the corpus's Rosenbrock runs
 * 10x leaves the 0.03 runs diverging and 100x crawls, 30x fixes most (bench/diagnoseCorpus.ts).
 */
export const MAX_ESTIMATED_CUT = 30;

/**
 * A warm-up helps a blow-up only while the optimizer state is young (Adam's second-moment estimate, the first
 * large gradients): it is offered for a blow-up that starts within the first EARLY_BLOWUP_SHARE of the planned run,
 * or, when the run's length is unknown, within EARLY_BLOWUP_STEPS (warm-ups in use span a few hundred to a few
 * thousand steps). A later blow-up is the step size or the landscape, and a warm-up long over would not touch it.
 */
export const EARLY_BLOWUP_SHARE = 0.1;
export const EARLY_BLOWUP_STEPS = 1000;

export function earlyBlowUp(onsetStep: number, totalSteps: number): boolean {
  if (!(onsetStep >= 0)) return false;
  return totalSteps > 0 ? onsetStep <= EARLY_BLOWUP_SHARE * totalSteps : onsetStep <= EARLY_BLOWUP_STEPS;
}

/** Plain SGD that blew up: lower the lr and add heavy-ball momentum (lower_lr with settings.momentum). */
function addMomentumFix(lr: number, beta: number, s: StableSettings, why: string): Fix {
  return {
    action: 'lower_lr', parameter: 'lr', from: lr, to: s.lr, settings: { momentum: s.momentum },
    text: `Lower the learning rate ${show(lr)} -> ${show(s.lr)} and use momentum ${show(s.momentum)}${beta > 0 ? ` instead of ${show(beta)}` : ''}: ${why}; `
      + `with momentum ${show(s.momentum)} the stable range is lr*lambda < ${show(stableEdge(s.momentum, false))} and the flat directions, whose curvature is unknown, move 1/(1 - beta) = ${show(Number((1 / (1 - s.momentum)).toPrecision(3)))}x faster than plain SGD; then lr*lambda_max = ${show(Number(s.a.toPrecision(2)))}.`,
  };
}

export function instabilityFixes(ev: InstabilityEvidence, env: FixEnvironment, oscillationRate: number): Fix[] {
  const fixes: Fix[] = [];
  const beta = Number.isFinite(env.momentum) ? env.momentum : 0;
  let lambdaMax = NaN;
  let source = '';
  if (env.sgdLike) {
    if (env.curvature) {
      lambdaMax = env.curvature.max;
      source = `the largest curvature lambda = ${show(lambdaMax)} is known`;
    } else if (env.localCurvature) {
      lambdaMax = env.localCurvature.max;
      source = `lambda_max = ${show(Number(lambdaMax.toPrecision(3)))} measured at the start point`;
    } else if (ev.growthPerStep > 1 && Number.isFinite(ev.growthPerStep)) {
      lambdaMax = curvatureFromGrowth(env.lr, beta, ev.growthPerStep, env.nesterov);
      source = `lambda ~ ${show(Number(lambdaMax.toPrecision(2)))} estimated from the x${show(Number(ev.growthPerStep.toPrecision(3)))} per-step growth`;
    }
  }
  if (lambdaMax > 0 && Number.isFinite(lambdaMax)) {
    const lambdaMin = env.curvature?.min ?? NaN;
    const s = stableSettings(beta, env.nesterov, lambdaMax, lambdaMin, oscillationRate);
    const a = env.lr * lambdaMax;
    const edge = stableEdge(beta, env.nesterov);
    const edgeText = env.nesterov ? `(2 + 2*beta)/(1 + 2*beta) = ${show(Number(edge.toPrecision(3)))}` : `2 + 2*beta = ${show(Number(edge.toPrecision(3)))}`;
    const why = `alpha*lambda = ${show(Number(a.toPrecision(2)))} ${a >= edge ? 'exceeds' : 'is near'} ${edgeText} (${source})`;
    if (!env.curvature) {
      // Only the stiffest curvature is estimated; the smallest, and so the conditioning, is unknown. A high
      // momentum rings at sqrt(beta) on every curvature within (1 +- sqrt(beta))^2 / lr (0.995 per step at 0.99,
      // four decades of curvature): it comes down to ESTIMATED_MOMENTUM, whose ringing e-folds in ~20 steps.
      // A steep blow-up (> CLEAN_GROWTH per step) is seen over few points, on a loss whose curvature climbs as
      // the parameters fly away (off a quadratic the estimate errs both ways): then the cut is kept between
      // DEFAULT_LR_CUT and MAX_ESTIMATED_CUT, and plain SGD gets heavy ball 0.9 too, because cut to the stiffest
      // direction's bound plain SGD crawls along the flat ones, while heavy ball is stable up to lr*lambda = 3.8
      // and moves the flat directions 1/(1 - beta) = 10x faster. A slower, clean geometric growth is trusted.
      // A curvature measured at the start point (env.localCurvature) is exact there: no clamp on the cut, and plain
      // SGD gets heavy ball 0.9 when the measured conditioning is poor (the flat directions then move 10x faster).
      const measured = env.localCurvature ?? null;
      const steep = !(ev.growthPerStep <= CLEAN_GROWTH);
      const illConditioned = measured !== null && !(measured.min > 0 && measured.max / measured.min < ILL_CONDITIONED);
      const m = beta > ESTIMATED_MOMENTUM || ((measured ? illConditioned : steep) && beta === 0) ? ESTIMATED_MOMENTUM : beta;
      s.momentum = m;
      s.lr = niceBelow(targetStep(m, env.nesterov) / lambdaMax);
      if (!measured) {
        const maxCut = steep ? MAX_ESTIMATED_CUT : DEFAULT_LR_CUT;
        if (s.lr < env.lr / maxCut) s.lr = niceBelow(env.lr / maxCut);
        if (steep && s.lr > env.lr / DEFAULT_LR_CUT) s.lr = niceBelow(env.lr / DEFAULT_LR_CUT);
      }
      s.a = s.lr * lambdaMax;
      s.rate = modeDynamics(s.lr, m, lambdaMax, env.nesterov).rate;
    }
    const fix = s.momentum > beta && s.lr < env.lr
      ? addMomentumFix(env.lr, beta, s, why)
      : settingsFix(env.lr, beta, s, why, /adam/.test(env.optimizer) ? 'beta1' : 'momentum');
    if (fix && fix.action !== 'raise_lr') fixes.push(fix);
  }
  if (fixes.length === 0) {
    const growth = ev.growthPerStep > 1 && Number.isFinite(ev.growthPerStep) ? ` (the loss grew x${show(Number(ev.growthPerStep.toPrecision(3)))} per step)` : '';
    if (env.lr > 0) {
      const to = niceBelow(env.lr / DEFAULT_LR_CUT);
      const times = timesText(env.lr, to);
      fixes.push({ action: 'lower_lr', parameter: 'lr', from: env.lr, to, text: `Lower the learning rate ${show(env.lr)} -> ${show(to)}${growth}: a ${times} smaller step (one decade, rounded down to a round number) stops an overshoot of up to ${times}.` });
    } else {
      fixes.push({ action: 'lower_lr', parameter: 'lr', text: `Lower the learning rate about 10x${growth}: a 10x smaller step stops an overshoot of up to 10x.`, settings: { factor: 0.1 } });
    }
  }
  if (beta >= 0.95 && !fixes.some((f) => f.action === 'reduce_momentum' || f.settings?.momentum !== undefined)) {
    fixes.push({ action: 'reduce_momentum', parameter: env.optimizer.includes('adam') ? 'beta1' : 'momentum', from: beta, to: 0.9, text: `Reduce momentum ${show(beta)} -> 0.9: momentum multiplies the effective step by 1/(1 - beta) = ${show(Number((1 / (1 - beta)).toPrecision(3)))}; at 0.9 it is 10.` });
  }
  if (!(env.warmupSteps > 0) && earlyBlowUp(ev.onsetStep, env.totalSteps ?? NaN)) {
    const steps = niceAbove(Math.max(100, ev.onsetStep));
    fixes.push({ action: 'add_warmup', parameter: 'warmup_steps', from: 0, to: steps, text: `Add a linear learning-rate warm-up over ${steps} steps: the blow-up started at step ${ev.onsetStep}, while the optimizer state was still young.` });
  }
  if (env.gradNormP90 > 0 && !(env.clipNorm <= env.gradNormP90)) {
    const to = Number(env.gradNormP90.toPrecision(2));
    fixes.push({ action: 'clip_grad_norm', parameter: 'max_norm', to, text: `Clip the gradient norm at ${show(to)} (the 90th percentile of the observed norms), so single steep steps cannot throw the parameters out.` });
  }
  if (!/adam/.test(env.optimizer)) {
    const fix: Fix = { action: 'switch_optimizer', parameter: 'optimizer', to: 'adam', text: 'Switch to Adam at lr 1e-3: its per-parameter step is bounded by about lr, whatever the curvature.', settings: { lr: 1e-3 } };
    if (env.optimizer) fix.from = env.optimizer;
    fixes.push(fix);
  }
  return fixes;
}
