/**
 * OL003: a learning rate far outside the working range of its optimizer. Negative: PyTorch raises
 * ValueError ("Invalid learning rate") and Keras would climb the loss. Zero: nothing moves. For adaptive
 * optimizers the step of each weight is about lr (Kingma & Ba 2015, section 2.1), so lr is checked against
 * the size of the weights (options.adaptiveLrHigh) and against making any progress (options.adaptiveLrLow).
 * SGD's step scales with the gradient, so it has no absolute range here (OL004 checks its effective step).
 */
import { fmt, isAdaptive, learningRate, optimizerId } from './facts';
import type { ConfigDiagnostic, ConfigRule } from './types';

export const learningRateRange: ConfigRule = {
  code: 'OL003',
  id: 'learning-rate-out-of-range',
  summary: 'learning rate negative, zero, or far outside the working range of an adaptive optimizer',
  severity: 'warning',
  check({ extraction, options }) {
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.kind !== 'optimizer' && s.kind !== 'training_args') return;
      const lr = learningRate(s);
      if (!lr) return;
      const at = { code: 'OL003', setting: i, param: lr.name, range: lr.param.range };
      if (lr.value < 0) {
        out.push({ ...at, severity: 'error', message: `${lr.name} = ${fmt(lr.value)} is negative: PyTorch raises ValueError ("Invalid learning rate"), and an update with a negative rate climbs the loss.` });
      } else if (lr.value === 0) {
        out.push({ ...at, severity: 'warning', message: `${lr.name} = 0: every update is zero, nothing trains (a schedule's max_lr or a warm-up does not start from it: they scale the base rate).` });
      } else if (isAdaptive(s) && lr.value >= options.adaptiveLrHigh) {
        out.push({
          ...at, severity: 'warning',
          message: `${lr.name} = ${fmt(lr.value)} for ${optimizerId(s)}: its normalized step moves every weight by about ${fmt(lr.value)} per update, while initial weights are about 1/sqrt(fan_in) (0.03-0.1 for 100-1000 inputs), so each update moves a weight by ${fmt(lr.value / 0.1)}-${fmt(lr.value / 0.03)} times its size. Rates of 1e-4 to 3e-3 are the usual range (default 1e-3).`,
        });
      } else if (isAdaptive(s) && lr.value < options.adaptiveLrLow) {
        out.push({
          ...at, severity: 'info',
          message: `${lr.name} = ${fmt(lr.value)} for ${optimizerId(s)}: each update moves a weight by about ${fmt(lr.value)}, so a million updates move it by at most ${fmt(lr.value * 1e6)}. Was 1e-4 or 1e-5 meant?`,
        });
      }
    });
    return out;
  },
};
