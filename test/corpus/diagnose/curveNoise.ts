/**
 * Noise for the synthetic curves: multiplicative, as minibatch losses are (their spread scales with the loss).
 * Gaussian: exp(sigma z). Heavy-tailed: exp(sigma t3) with t3 a Student-t deviate of 3 degrees of freedom,
 * truncated to a factor within [1/1.4, 1.4]: heavy tails, but no single point 50% above the curve, which is
 * the relative jump a spike must have (README.md, "Noise").
 */
import type { Rng } from '../../../src/core/random';

export type NoiseKind = 'gauss' | 'heavy';

export interface NoiseModel {
  kind: NoiseKind;
  sigma: number;
}

/** Cap of a heavy-tailed factor (and 1/cap below): keeps heavy-tailed noise under the spike's 50% jump. */
export const HEAVY_TAIL_CAP = 1.4;

function studentT3(rng: Rng): number {
  const z = rng.normal();
  let chi = 0;
  for (let i = 0; i < 3; i++) {
    const g = rng.normal();
    chi += g * g;
  }
  return z / Math.sqrt(chi / 3);
}

export function noiseFactor(rng: Rng, noise: NoiseModel): number {
  if (noise.sigma === 0) return 1;
  if (noise.kind === 'gauss') return Math.exp(noise.sigma * rng.normal());
  const f = Math.exp(noise.sigma * studentT3(rng));
  return Math.min(HEAVY_TAIL_CAP, Math.max(1 / HEAVY_TAIL_CAP, f));
}

export function describeNoise(noise: NoiseModel): string {
  return noise.sigma === 0 ? 'no noise' : `${noise.kind === 'gauss' ? 'Gaussian' : 'heavy-tailed (t3, capped at +-40%)'} multiplicative noise sigma ${noise.sigma}`;
}
