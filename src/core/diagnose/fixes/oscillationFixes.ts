/**
 * Ranked fixes for an oscillation. With SGD and a known curvature range (or a zig-zag whose per-step rate gives
 * the stiffest curvature through stability.curvatureFromGrowth), the exact settings that leave no slow
 * oscillation (./stableSettings). Otherwise: a ringing is momentum's (its envelope shrinks by sqrt(beta) per
 * step), so momentum comes down to 0.8 (sqrt(0.8) = 0.89 < 0.9); a zig-zag is a step too large for the
 * stiffest direction, so the learning rate comes down 3x (a zig-zag at rate r with plain SGD has
 * lr*lambda = 1 + r <= 2; a third of it is below 1, where no direction zig-zags); then ReduceLROnPlateau.
 */
import { curvatureFromGrowth } from '../stability';
import type { Fix } from '../types';
import type { OscillationPattern } from '../detectors/oscillation';
import type { FixEnvironment } from './environment';
import { niceBelow, show } from './nice';
import { settingsFix } from './settingsFix';
import { stableSettings } from './stableSettings';

export const ZIGZAG_LR_CUT = 3;
export const RINGING_MOMENTUM = 0.8;

export function oscillationFixes(pattern: OscillationPattern, rate: number, env: FixEnvironment, oscillationRate: number): Fix[] {
  const fixes: Fix[] = [];
  const beta = Number.isFinite(env.momentum) ? env.momentum : NaN;
  const momentumName = /adam/.test(env.optimizer) ? 'beta1' : 'momentum';
  if (env.sgdLike) {
    const b = Number.isFinite(beta) ? beta : 0;
    let lambdaMax = NaN;
    let source = '';
    if (env.curvature) {
      lambdaMax = env.curvature.max;
      source = `curvature ${show(env.curvature.min)}..${show(lambdaMax)} known`;
    } else if (pattern !== 'ringing' && rate > 0 && rate < 1) {
      lambdaMax = curvatureFromGrowth(env.lr, b, rate * rate, env.nesterov);
      source = `lambda ~ ${show(Number(lambdaMax.toPrecision(2)))} estimated from the zig-zag shrinking only x${show(Number(rate.toPrecision(3)))} per step`;
    }
    if (lambdaMax > 0 && Number.isFinite(lambdaMax)) {
      const s = stableSettings(b, env.nesterov, lambdaMax, env.curvature?.min ?? NaN, oscillationRate);
      const fix = settingsFix(env.lr, b, s, `with alpha*lambda_max = ${show(Number((env.lr * lambdaMax).toPrecision(2)))} and momentum ${show(b)} the slowest oscillating direction shrinks too slowly (${source})`, momentumName);
      if (fix) fixes.push(fix);
    }
  }
  const ringing = pattern === 'ringing';
  const momentumFix = (): void => {
    if (beta > RINGING_MOMENTUM && !fixes.some((f) => f.action === 'reduce_momentum')) {
      fixes.push({ action: 'reduce_momentum', parameter: momentumName, from: beta, to: RINGING_MOMENTUM, text: `Reduce ${momentumName} ${show(beta)} -> ${RINGING_MOMENTUM}: a momentum ringing shrinks by sqrt(beta) = ${show(Number(Math.sqrt(beta).toPrecision(3)))} per step; at ${RINGING_MOMENTUM} by ${show(Number(Math.sqrt(RINGING_MOMENTUM).toPrecision(3)))}.` });
    }
  };
  const lrFix = (): void => {
    if (fixes.some((f) => f.action === 'lower_lr')) return;
    if (env.lr > 0) {
      const to = niceBelow(env.lr / ZIGZAG_LR_CUT);
      fixes.push({ action: 'lower_lr', parameter: 'lr', from: env.lr, to, text: `Lower the learning rate ${show(env.lr)} -> ${show(to)}: a zig-zag means the step overshoots the stiffest direction (lr*lambda > 1); a third of it no longer does.` });
    } else {
      fixes.push({ action: 'lower_lr', parameter: 'lr', text: 'Lower the learning rate about 3x: a zig-zag means the step overshoots the stiffest direction (lr*lambda > 1); a third of it no longer does.', settings: { factor: 1 / ZIGZAG_LR_CUT } });
    }
  };
  if (ringing) {
    momentumFix();
    lrFix();
  } else {
    lrFix();
    momentumFix();
  }
  fixes.push({ action: 'reduce_lr_on_plateau', parameter: 'schedule', text: 'Use ReduceLROnPlateau(factor=0.5, patience=5): it halves the learning rate whenever the loss stops improving, which damps an oscillation that sets in later in training.', settings: { factor: 0.5, patience: 5 } });
  return fixes;
}
