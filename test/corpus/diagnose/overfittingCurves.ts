/**
 * Overfitting, labelled from the formula: the training loss falls as a power law every step while the validation
 * loss, evaluated every k steps, falls to its best and then rises by `rise` (20-100%) by the end of the run.
 * Onset = the evaluation step where the noise-free validation loss is lowest.
 */
import { decay, range, rngFor, series } from './curveBuilder';
import type { LabelledRun } from './types';

export function overfittingCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const every of [5, 10, 25, 50]) {
    for (const rise of [0.2, 0.5, 1]) {
      for (const sigma of [0.005, 0.02]) {
        for (const turn of [0.3, 0.5]) {
          for (const seed of [0, 1, 2]) {
            const id = `overfit-k${every}-r${rise}-v${sigma}-turn${turn}-s${seed}`;
            const rng = rngFor(id);
            const n = seed === 2 ? 2000 : 1000;
            const t0 = turn * n;
            const steps = range(0, n);
            const train = steps.map((t) => decay('power', t, 2.3, 0.001, 10, 0.8) * Math.exp(0.1 * rng.normal()));
            const evalSteps = range(0, n, every);
            const cleanVal = evalSteps.map((t) => decay('exp', t, 2.3, 0.5, t0 / 4) + (t > t0 ? 0.5 * rise * ((t - t0) / (n - t0)) ** 1.5 : 0));
            let best = 0;
            cleanVal.forEach((v, i) => {
              if (v < cleanVal[best]) best = i;
            });
            const val = cleanVal.map((v) => v * Math.exp(sigma * rng.normal()));
            const evalsAfter = evalSteps.length - 1 - best;
            runs.push({
              id, family: 'overfitting',
              series: [series('loss', 'loss', steps, train), series('val_loss', 'val_loss', evalSteps, val)], context: {},
              expected: [{ kind: 'overfitting', onset: evalSteps[best] }], tolerated: [],
              why: `train loss falls (power law, 10% noise) for ${n} steps; val loss (every ${every} steps, noise ${sigma}) is best at step ${evalSteps[best]} then rises ${rise * 100}% of its floor by the end (${evalsAfter} evaluations after the best)`,
            });
          }
        }
      }
    }
  }
  return runs;
}
