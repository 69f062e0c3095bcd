/**
 * OL004: SGD's effective step lr/(1-momentum), the step on a plateau once the velocity saturates, above
 * options.effectiveStepHigh. On a quadratic, heavy-ball momentum is stable iff lr*curvature < 2 + 2*momentum
 * (Nesterov: (2 + 2m)/(1 + 2m)), so the message gives the largest curvature that still converges.
 */
import { maxStableLr } from '../../diagnose/stability';
import { fmt, isSgd, learningRate, numberParam } from './facts';
import { numberText, replaceValue } from './fixes';
import type { ConfigDiagnostic, ConfigRule } from './types';

export const effectiveStep: ConfigRule = {
  code: 'OL004',
  id: 'effective-step-too-large',
  summary: 'SGD effective step lr/(1-momentum) too large',
  severity: 'warning',
  check({ extraction, options }) {
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (!isSgd(s)) return;
      const lr = learningRate(s);
      const m = numberParam(s.params, 'momentum');
      if (!lr || !m || lr.value <= 0 || m.value <= 0 || m.value >= 1) return; // OL001/OL003 cover the rest
      const eff = lr.value / (1 - m.value);
      if (eff <= options.effectiveStepHigh * (1 + 1e-9)) return; // 0.1/(1-0.9) is 1.0000000000000002
      const nesterov = s.params.nesterov?.value === true;
      const lambdaMax = maxStableLr(m.value, 1, nesterov) / lr.value;
      const lower = 1 - m.value; // an effective step of 1, the ImageNet/CIFAR recipes'
      out.push({
        code: 'OL004', severity: 'warning', setting: i, param: lr.name, range: lr.param.range,
        fix: replaceValue(`Lower ${lr.name} to ${numberText(lower)} (effective step 1)`, lr.param, numberText(lower)),
        message: `effective step ${lr.name}/(1-momentum) = ${fmt(lr.value)}/(1-${fmt(m.value)}) = ${fmt(eff)}: once the velocity builds up, each update is ${fmt(eff)} times the gradient. On a quadratic every direction with curvature above ${fmt(lambdaMax)} diverges (${nesterov ? 'Nesterov: lr*curvature < (2+2m)/(1+2m)' : 'heavy ball: lr*curvature < 2+2*momentum'}). Recipes such as ImageNet's 0.1 with momentum 0.9 have an effective step of 1.`,
      });
    });
    return out;
  },
};
