/**
 * One fix from a (learning rate, momentum) suggestion: reduce_momentum (with the new lr in settings.lr when it
 * changes too) when momentum must come down, else lower_lr / raise_lr. `why` is the sentence's reason.
 */
import type { Fix } from '../types';
import { show } from './nice';
import type { StableSettings } from './stableSettings';

export function settingsFix(lr: number, momentum: number, s: StableSettings, why: string, momentumName = 'momentum'): Fix | null {
  const after = `lr*lambda_max = ${show(Number(s.a.toPrecision(2)))}, slowest direction x${show(Number(s.rate.toPrecision(3)))} per step`;
  if (s.momentum < momentum - 1e-12) {
    const fix: Fix = {
      action: 'reduce_momentum', parameter: momentumName, from: momentum, to: s.momentum,
      text: s.lr !== lr
        ? `Reduce ${momentumName} ${show(momentum)} -> ${show(s.momentum)} and set the learning rate ${show(lr)} -> ${show(s.lr)}: ${why}; then ${after}.`
        : `Reduce ${momentumName} ${show(momentum)} -> ${show(s.momentum)}: ${why}; then ${after}.`,
    };
    if (s.lr !== lr) fix.settings = { lr: s.lr };
    return fix;
  }
  if (s.lr < lr) return { action: 'lower_lr', parameter: 'lr', from: lr, to: s.lr, text: `Lower the learning rate ${show(lr)} -> ${show(s.lr)}: ${why}; then ${after}.` };
  if (s.lr > lr) return { action: 'raise_lr', parameter: 'lr', from: lr, to: s.lr, text: `Raise the learning rate ${show(lr)} -> ${show(s.lr)}: ${why}; then ${after}.` };
  return null;
}
