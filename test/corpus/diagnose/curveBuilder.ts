/** Small helpers the synthetic curve families share: noise-free decay shapes, series and seeded streams. */
import type { MetricRole } from '../../../src/core/diagnose/types';
import { createRng, mixSeed, type Rng } from '../../../src/core/random';
import type { LabelledSeries } from './types';

/** One seeded stream per run id, so adding a family never changes another family's curves. */
export function rngFor(id: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return createRng(mixSeed(h, 0x636f7270));
}

export type DecayShape = 'exp' | 'power';

/**
 * A noise-free healthy loss: start `a`, falling to `floor` exponentially (time constant tau) or as a power law
 * a (1 + t/tau)^-p (which has no floor of its own: the floor is added).
 */
export function decay(shape: DecayShape, t: number, a: number, floor: number, tau: number, p = 1): number {
  return shape === 'exp' ? floor + (a - floor) * Math.exp(-t / tau) : floor + (a - floor) * (1 + t / tau) ** -p;
}

export function series(metric: string, role: MetricRole | undefined, steps: number[] | Float64Array, values: number[] | Float64Array): LabelledSeries {
  const s: LabelledSeries = { metric, steps: Float64Array.from(steps), values: Float64Array.from(values) };
  if (role) s.role = role;
  return s;
}

export function range(from: number, to: number, every = 1): number[] {
  const out: number[] = [];
  for (let k = from; k <= to; k += every) out.push(k);
  return out;
}

export function round(x: number, digits = 3): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);
}
