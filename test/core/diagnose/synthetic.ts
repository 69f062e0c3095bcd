/**
 * Synthetic loss curves for the detector tests, deterministic from a seed: decays (power law, exponential),
 * noise (Gaussian, multiplicative, heavy-tailed Student-t-like) and the shapes each detector must catch.
 */
import { diagnoseSeries } from '../../../src/core/diagnose';
import type { Finding, RunContext } from '../../../src/core/diagnose';
import { rng } from '../../seededRandom';

export { rng };

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** Student-t with `dof` degrees of freedom (heavy tails for small dof). */
export function studentT(rand: () => number, dof: number): () => number {
  const g = gaussian(rand);
  return () => {
    let chi = 0;
    for (let i = 0; i < dof; i++) chi += g() ** 2;
    return g() / Math.sqrt(chi / dof);
  };
}

export function curve(n: number, f: (t: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(t);
  return out;
}

export function steps(n: number, first = 0): Float64Array {
  return curve(n, (t) => first + t);
}

/** Diagnoses one loss series (metric "loss"). */
export function diagnoseLoss(values: ArrayLike<number>, context?: RunContext, stepList?: ArrayLike<number>): Finding[] {
  return diagnoseSeries([{ metric: 'loss', steps: stepList ?? steps(values.length), values }], context);
}

export function kinds(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.kind);
}
