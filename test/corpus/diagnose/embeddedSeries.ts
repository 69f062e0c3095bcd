/**
 * Turns a trainer run (src/core/train runSpecs) into the series an embedded run feeds the engine: loss,
 * grad_norm, lr, update_norm, velocity_norm and update_cosine (the cosine between successive updates, from the
 * parameter rows), each at the trainer's row index as its step, exactly what d-fix's feedTrace feeds.
 */
import type { RunContext } from '../../../src/core/diagnose/types';
import { runContextOf, updateCosine } from '../../../src/core/diagnose/embedded';
import type { Problem } from '../../../src/core/problems/types';
import type { RunSpec } from '../../../src/core/train/spec';
import type { RunTrace } from '../../../src/core/train/types';
import type { LabelledSeries } from './types';

function rowSteps(from: number, to: number): Float64Array {
  const steps = new Float64Array(Math.max(0, to - from + 1));
  for (let k = from; k <= to; k++) steps[k - from] = k;
  return steps;
}

/** cos(update k-1, update k) for k = 2..stepsRun (d-fix's updateCosine); undefined ones (a zero move) are left out, as feedTrace does. */
export function updateCosines(trace: RunTrace): { steps: Float64Array; values: Float64Array } {
  const steps: number[] = [];
  const values: number[] = [];
  for (let k = 2; k <= trace.stepsRun; k++) {
    const c = updateCosine(trace, k);
    if (c === c) {
      steps.push(k);
      values.push(c);
    }
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
}

export function embeddedSeries(trace: RunTrace): LabelledSeries[] {
  const last = trace.stepsRun;
  const series: LabelledSeries[] = [
    { metric: 'loss', role: 'loss', steps: rowSteps(0, last), values: trace.loss.slice(0, last + 1) },
    { metric: 'grad_norm', role: 'grad_norm', steps: rowSteps(0, last), values: trace.gradNorm.slice(0, last + 1) },
    { metric: 'lr', role: 'lr', steps: rowSteps(1, last), values: trace.lr.slice(1, last + 1) },
    { metric: 'update_norm', role: 'update_norm', steps: rowSteps(1, last), values: trace.updateNorm.slice(1, last + 1) },
  ];
  if (trace.hasVelocity) {
    series.push({ metric: 'velocity_norm', role: 'velocity_norm', steps: rowSteps(1, last), values: trace.velocityNorm.slice(1, last + 1) });
  }
  const cos = updateCosines(trace);
  series.push({ metric: 'update_cosine', role: 'update_cosine', ...cos });
  return series;
}

/** What an embedded run knows about itself: d-fix's runContextOf (the same context the CLI and the dashboard use). */
export function embeddedContext(spec: RunSpec, problem: Problem): RunContext {
  return runContextOf(spec, problem);
}
