/**
 * OL001: momentum or an Adam beta outside [0, 1). Heavy-ball momentum is stable for some learning rate only
 * when 0 <= momentum < 1 (Goh 2017: the iteration's roots have modulus sqrt(momentum) at best); at 1 the
 * velocity keeps every past gradient undamped. An Adam beta of 1 makes the bias correction 1 - beta^t zero,
 * a division by zero. PyTorch raises ValueError for momentum < 0 and betas outside [0, 1); Keras SGD raises
 * for momentum outside [0, 1].
 */
import type { Param, ParamMap } from '../types';
import { fmt } from './facts';
import { numberText, replaceValue } from './fixes';
import type { ConfigDiagnostic, ConfigRule } from './types';

const MOMENTUM_NAMES = ['momentum'];
const BETA_NAMES = ['beta_1', 'beta_2', 'beta1', 'beta2', 'adam_beta1', 'adam_beta2'];

function check(index: number, params: ParamMap, where: string, out: ConfigDiagnostic[]): void {
  const flag = (name: string, p: Param, value: number, isBeta: boolean): void => {
    if (value >= 0 && value < 1) return;
    const message = isBeta
      ? `${name} = ${fmt(value)}${where} is outside [0, 1): ${value >= 1 ? `the bias correction 1 - ${fmt(value)}^t is ${value === 1 ? 'zero (a division by zero)' : 'negative'}` : 'a negative average'}; PyTorch raises ValueError ("Invalid beta parameter"). Typical values are 0.9 and 0.999.`
      : value >= 1
        ? `momentum = ${fmt(value)}${where} >= 1: the velocity keeps every past gradient without decay, so it grows on any slope and the update diverges for every learning rate (heavy-ball momentum converges only for 0 <= momentum < 1). Use 0.9 (0.99 at most, with warm-up).`
        : `momentum = ${fmt(value)}${where} < 0: PyTorch raises ValueError ("Invalid momentum value") and Keras requires [0, 1]. Use 0 to turn momentum off.`;
    const diagnostic: ConfigDiagnostic = { code: 'OL001', severity: 'error', message, range: p.range, setting: index, param: name };
    // A scalar can be replaced exactly; a betas tuple is left to the user (its text holds both values).
    if (!name.startsWith('betas[')) {
      const typical = !isBeta ? 0.9 : name.endsWith('2') ? 0.999 : 0.9;
      diagnostic.fix = replaceValue(`Set ${name} to ${typical}`, p, numberText(typical));
    }
    out.push(diagnostic);
  };
  for (const name of MOMENTUM_NAMES) {
    const p = params[name];
    if (p && typeof p.value === 'number') flag(name, p, p.value, false);
  }
  for (const name of BETA_NAMES) {
    const p = params[name];
    if (p && typeof p.value === 'number') flag(name, p, p.value, true);
  }
  const betas = params.betas;
  if (betas && Array.isArray(betas.value)) {
    betas.value.forEach((b, i) => {
      if (typeof b === 'number') flag(`betas[${i}]`, betas, b, true);
    });
  }
}

export const momentumRange: ConfigRule = {
  code: 'OL001',
  id: 'momentum-out-of-range',
  summary: 'momentum or an Adam beta outside [0, 1): diverges, divides by zero, or the framework raises',
  severity: 'error',
  check({ extraction }) {
    const out: ConfigDiagnostic[] = [];
    extraction.settings.forEach((s, i) => {
      if (s.kind !== 'optimizer' && s.kind !== 'training_args') return;
      check(i, s.params, '', out);
      (s.groups ?? []).forEach((g, k) => check(i, g, ` (parameter group ${k})`, out));
    });
    return out;
  },
};
