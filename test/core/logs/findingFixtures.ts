import type { Finding, Severity } from '../../../src/core/diagnose/types';

/** A finding with the fields a view reads; the rest plausible. */
export function finding(kind: Finding['kind'], severity: Severity, metric: string, stepStart: number, stepEnd = stepStart): Finding {
  return {
    kind, metric, severity, step_start: stepStart, step_end: stepEnd,
    message: `${metric} did ${kind}.`,
    evidence: {},
    fixes: [{ action: 'lower_lr', parameter: 'lr', from: 0.1, to: 0.03, text: 'Lower the learning rate 0.1 -> 0.03.' }],
  };
}
