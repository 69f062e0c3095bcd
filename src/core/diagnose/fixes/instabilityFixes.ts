/**
 * Ranked fixes for a run that blows up (divergence, and a NaN that followed growth). With SGD and a known or
 * estimated curvature the first fix is exact (./stableSettings); otherwise the usual remedies with numbers:
 * a 10x lower learning rate (a geometric blow-up means the step overshoots by a factor; 10x clears any
 * overshoot up to 10x and is the usual decade people step lr by), momentum 0.9, a warm-up, clipping at the
 * 90th percentile of the gradient norms seen, Adam at 1e-3.
 */
import { curvatureFromGrowth, modeDynamics } from '../stability';
import type { Fix } from '../types';
import type { FixEnvironment } from './environment';
import { niceAbove, niceBelow, show } from './nice';
import { settingsFix } from './settingsFix';
import { stableEdge, stableSettings } from './stableSettings';

export interface InstabilityEvidence {
  /** Loss growth per step of the blow-up (NaN when unknown). */
  growthPerStep: number;
  /** Step at which the growth started. */
  onsetStep: number;
}

/** The blanket learning-rate cut when the theory cannot size it: one decade. */
export const DEFAULT_LR_CUT = 10;

export function instabilityFixes(ev: InstabilityEvidence, env: FixEnvironment, oscillationRate: number): Fix[] {
  const fixes: Fix[] = [];
  const beta = Number.isFinite(env.momentum) ? env.momentum : 0;
  let lambdaMax = NaN;
  let source = '';
  if (env.sgdLike) {
    if (env.curvature) {
      lambdaMax = env.curvature.max;
      source = `the largest curvature lambda = ${show(lambdaMax)} is known`;
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
    // An estimate from a blow-up overshoots on a non-quadratic loss (the curvature grows as the parameters fly
    // away, so the last growth is steeper than the one that started it): then the cut is at most one decade.
    if (!env.curvature && s.lr < env.lr / DEFAULT_LR_CUT) {
      s.lr = niceBelow(env.lr / DEFAULT_LR_CUT);
      s.a = s.lr * lambdaMax;
      s.momentum = beta;
      s.rate = modeDynamics(s.lr, beta, lambdaMax, env.nesterov).rate;
    }
    const fix = settingsFix(env.lr, beta, s, why, /adam/.test(env.optimizer) ? 'beta1' : 'momentum');
    if (fix && fix.action !== 'raise_lr') fixes.push(fix);
  }
  if (fixes.length === 0) {
    const growth = ev.growthPerStep > 1 && Number.isFinite(ev.growthPerStep) ? ` (the loss grew x${show(Number(ev.growthPerStep.toPrecision(3)))} per step)` : '';
    if (env.lr > 0) {
      const to = niceBelow(env.lr / DEFAULT_LR_CUT);
      fixes.push({ action: 'lower_lr', parameter: 'lr', from: env.lr, to, text: `Lower the learning rate ${show(env.lr)} -> ${show(to)}${growth}: a 10x smaller step stops an overshoot of up to 10x.` });
    } else {
      fixes.push({ action: 'lower_lr', parameter: 'lr', text: `Lower the learning rate about 10x${growth}: a 10x smaller step stops an overshoot of up to 10x.`, settings: { factor: 0.1 } });
    }
  }
  if (beta >= 0.95) {
    fixes.push({ action: 'reduce_momentum', parameter: env.optimizer.includes('adam') ? 'beta1' : 'momentum', from: beta, to: 0.9, text: `Reduce momentum ${show(beta)} -> 0.9: momentum multiplies the effective step by 1/(1 - beta) = ${show(Number((1 / (1 - beta)).toPrecision(3)))}; at 0.9 it is 10.` });
  }
  if (!(env.warmupSteps > 0)) {
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
