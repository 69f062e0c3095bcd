/**
 * Synthetic oscillations, labelled from the formula: momentum ringing that decays too slowly (the loss of one
 * ringing mode, A r^2t cos^2(wt), or a trend modulated by a slowly damped cosine), and period-2 zig-zag
 * (the loss alternating +-a around its trend, from step t0 on).
 */
import { decay, range, rngFor, series } from './curveBuilder';
import { describeNoise, noiseFactor, type NoiseModel } from './curveNoise';
import type { LabelledRun } from './types';

const NOISES: NoiseModel[] = [
  { kind: 'gauss', sigma: 0.01 },
  { kind: 'gauss', sigma: 0.03 },
  { kind: 'heavy', sigma: 0.02 },
];

export function ringingCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  // (a) one ringing mode: error r^t cos(2 pi t / period), loss = 0.5 * error^2 + a small floor.
  for (const rate of [0.99, 0.995, 0.999]) {
    for (const period of [10, 20, 40, 80]) {
      for (const noise of NOISES) {
        const id = `ring-mode-r${rate}-p${period}-${noise.kind}${noise.sigma}`;
        const rng = rngFor(id);
        const steps = range(0, 600);
        const loss = steps.map((t) => (2 * (rate ** t * Math.cos((2 * Math.PI * t) / period)) ** 2 + 1e-4) * noiseFactor(rng, noise));
        runs.push({
          id, family: 'ringing', series: [series('loss', undefined, steps, loss)], context: {}, expected: [{ kind: 'oscillation', onset: 0 }], tolerated: [],
          why: `the loss of one mode ringing with period ${period} at rate ${rate} (amplitude x${rate} per step): ringing that decays too slowly; ${describeNoise(noise)}`,
        });
      }
    }
  }
  // (b) a decaying trend times (1 + a r^t cos(2 pi t / period)).
  for (const amplitude of [0.3, 0.6]) {
    for (const rate of [0.998, 1]) {
      for (const period of [8, 16, 32, 64]) {
        for (const noise of NOISES) {
          const id = `ring-trend-a${amplitude}-r${rate}-p${period}-${noise.kind}${noise.sigma}`;
          const rng = rngFor(id);
          const steps = range(0, 800);
          const loss = steps.map((t) => decay('power', t, 2, 0.05, 20, 1) * (1 + amplitude * rate ** t * Math.cos((2 * Math.PI * t) / period)) * noiseFactor(rng, noise));
          runs.push({
            id, family: 'ringing', series: [series('loss', undefined, steps, loss)], context: {}, expected: [{ kind: 'oscillation', onset: 0 }], tolerated: [],
            why: `power-law decay modulated +-${amplitude * 100}% with period ${period}, amplitude x${rate} per step (undamped or slowly damped ringing); ${describeNoise(noise)}`,
          });
        }
      }
    }
  }
  return runs;
}

export function zigzagCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const amplitude of [0.1, 0.2, 0.4]) {
    for (const start of [0, 100, 300]) {
      for (const trend of ['decay', 'flat'] as const) {
        for (const noise of NOISES.slice(0, 2)) {
          for (const seed of [0, 1]) {
            const id = `zigzag-a${amplitude}-t${start}-${trend}-${noise.kind}${noise.sigma}-s${seed}`;
            const rng = rngFor(id);
            const steps = range(0, 700);
            const loss = steps.map((t) => {
              const base = trend === 'decay' ? decay('exp', t, 2, 0.2, 200) : 1.2;
              const zig = t >= start ? 1 + amplitude * (t % 2 === 0 ? 1 : -1) : 1;
              return base * zig * noiseFactor(rng, noise);
            });
            runs.push({
              id, family: 'zigzag', series: [series('loss', undefined, steps, loss)], context: {},
              expected: [{ kind: 'oscillation', onset: start }],
              // A flat zig-zagging loss makes no progress either; whether it is also called a stall is not scored.
              tolerated: trend === 'flat' ? ['stall'] : [],
              why: `${trend === 'decay' ? 'exponential decay' : 'flat loss'} alternating +-${amplitude * 100}% every step from step ${start}; ${describeNoise(noise)}`,
            });
          }
        }
      }
    }
  }
  return runs;
}
