/**
 * OL005: high momentum or a large learning rate with no warm-up anywhere in the file.
 * - momentum >= options.warmupMomentum: the velocity sums about 1/(1-momentum) gradients, so the first
 *   (typically largest) gradients keep pushing for that many updates at up to lr/(1-momentum) each;
 * - SGD effective step above options.warmupEffectiveStep: Goyal et al. 2017 needed a gradual warm-up above
 *   lr 0.1 with momentum 0.9;
 * - adaptive lr above options.warmupAdaptiveLr: the adaptive step's variance is large in the first updates
 *   (Liu et al. 2020, RAdam), which warm-up damps.
 * A warm-up is anything that could be one: a warm-up scheduler (LinearLR, SequentialLR, OneCycleLR, CyclicLR,
 * LambdaLR, get_*_with_warmup, DeepSpeed Warmup*, Keras LearningRateScheduler or CosineDecay with
 * warmup_steps) or a warmup* parameter that is not 0. Unknown counts as present: no cry of wolf.
 */
import type { Setting } from '../types';
import { fmt, isAdaptive, isSgd, learningRate, numberParam, optimizerId } from './facts';
import type { ConfigDiagnostic, ConfigRule, SuggestedFix } from './types';
import { DEFAULT_WARMUP_STEPS, reduceMomentumFix, warmupFix, warmupSteps } from './warmupFix';

const WARMUP_SCHEDULERS = new Set(['LinearLR', 'SequentialLR', 'OneCycleLR', 'CyclicLR', 'LambdaLR', 'MultiplicativeLR', 'ChainedScheduler',
  'keras.callbacks.LearningRateScheduler']);

function isWarmupParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('warmup') || n.includes('_warmup') || n === 'num_warmup_steps';
}

/** Whether the file sets up a warm-up (or might: a value that cannot be read counts as one). */
export function hasWarmup(settings: readonly Setting[]): boolean {
  for (const s of settings) {
    if (s.kind === 'scheduler') {
      const name = s.name.slice(s.name.lastIndexOf('.') + 1);
      if (WARMUP_SCHEDULERS.has(s.name) || WARMUP_SCHEDULERS.has(name) || name.toLowerCase().includes('warmup')) {
        const steps = s.params.num_warmup_steps;
        if (!(steps && steps.value === 0)) return true;
      }
    }
    for (const [name, p] of Object.entries(s.params)) {
      if (!isWarmupParam(name)) continue;
      if (p.value === undefined || (typeof p.value === 'number' && p.value > 0) || typeof p.value === 'string') return true;
    }
  }
  return false;
}

export const missingWarmup: ConfigRule = {
  code: 'OL005',
  id: 'no-warmup',
  summary: 'momentum >= 0.99 or a large learning rate with no warm-up',
  severity: 'info',
  check({ extraction, options }) {
    if (hasWarmup(extraction.settings)) return [];
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.kind !== 'optimizer' && s.kind !== 'training_args') return;
      const lr = learningRate(s);
      const m = numberParam(s.params, 'momentum');
      let message: string | null = null;
      let target = lr;
      // A plain config map with a momentum and no learning rate may be a BatchNorm or EMA momentum (BYOL's 0.996).
      const optimizerMomentum = s.framework !== 'generic' || lr !== null;
      if (m && optimizerMomentum && m.value >= options.warmupMomentum && m.value < 1) {
        target = m;
        message = `momentum = ${fmt(m.value)} with no warm-up: the velocity sums the last ~${fmt(1 / (1 - m.value))} gradients, so the first, usually largest, gradients keep pushing for ~${fmt(1 / (1 - m.value))} updates at up to ${lr ? `${fmt(lr.value / (1 - m.value))} (= lr/(1-momentum))` : `${fmt(1 / (1 - m.value))} x lr`} each. Warm the learning rate up over those updates (LinearLR from 0.01 over ${warmupSteps(m.value)} steps) or use 0.9.`;
      } else if (lr && isSgd(s) && (m?.value ?? 0) < 1 && lr.value / (1 - (m?.value ?? 0)) > options.warmupEffectiveStep * (1 + 1e-9)) {
        const eff = lr.value / (1 - (m?.value ?? 0));
        message = `effective step ${fmt(eff)} (lr ${fmt(lr.value)}${m ? `/(1-${fmt(m.value)})` : ''}) with no warm-up: above 1 (ImageNet's 0.1 with momentum 0.9), Goyal et al. 2017 needed a gradual warm-up (5 epochs, linear from lr/${fmt(Math.max(2, Math.round(eff)))}) to avoid early divergence.`;
      } else if (lr && isAdaptive(s) && lr.value > options.warmupAdaptiveLr) {
        message = `${lr.name} = ${fmt(lr.value)} for ${optimizerId(s)} with no warm-up: in the first updates the second-moment estimate rests on a handful of gradients, so the adaptive step's variance is large (Liu et al. 2020), and at ${fmt(lr.value)} (above the default 1e-3) those steps are big. Warm up over a few hundred steps (warmup_steps, LinearLR, get_linear_schedule_with_warmup).`;
      }
      if (!message || !target) return;
      const diagnostic: ConfigDiagnostic = { code: 'OL005', severity: 'info', setting: i, param: target.name, range: target.param.range, message };
      const highMomentum = target === m;
      const fixes = [warmupFix(s, extraction, highMomentum ? warmupSteps(m.value) : DEFAULT_WARMUP_STEPS), highMomentum ? reduceMomentumFix(s) : null]
        .filter((f): f is SuggestedFix => f !== null);
      if (fixes.length > 0) diagnostic.fix = fixes[0];
      if (fixes.length > 1) diagnostic.alternatives = fixes.slice(1);
      out.push(diagnostic);
    });
    return out;
  },
};
