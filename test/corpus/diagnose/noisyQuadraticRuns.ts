/**
 * Healthy embedded runs under gradient noise: momentum SGD on well-conditioned quadratics whose noise-free run
 * theory labels healthy (converged, no slow oscillation), with seeded Gaussian noise on every gradient
 * coordinate. The loss settles at the noise floor (about n*lr*sigma^2/4 for plain SGD); a run is labelled
 * healthy only if its median loss over the last 10% of the steps is below 1e-3 of its start (converged by the
 * README's rule), else ambiguous.
 * Note for detectors: at the noise floor successive updates are anti-correlated (for plain SGD along a direction
 * with lr*lambda = a the correlation is -a/2), so update_cosine hovers below 0 without any oscillation.
 */
import { runSpecs } from '../../../src/core/train/simulate';
import type { RunSpec } from '../../../src/core/train/spec';
import { embeddedContext, embeddedSeries } from './embeddedSeries';
import { quadraticTruth } from './quadraticTheory';
import type { AmbiguousRun, LabelledRun } from './types';

const STEPS = 1000;

export function noisyQuadraticRuns(ambiguous: AmbiguousRun[], select: (id: string) => boolean = () => true): LabelledRun[] {
  const runs: LabelledRun[] = [];
  const spectra: [string, number[]][] = [
    ['q2-k5', [0.2, 1]],
    ['q10-k10', Array.from({ length: 10 }, (_, i) => 0.1 * 10 ** (i / 9))],
  ];
  for (const [name, lambdas] of spectra) {
    const n = lambdas.length;
    for (const a of [0.1, 0.3, 0.6, 1.0]) {
      for (const momentum of [0, 0.5]) {
        for (const noise of [0.001, 0.01, 0.03]) {
          for (const seed of [1, 2]) {
            const lr = a / Math.max(...lambdas);
            const id = `noisyq-${name}-a${a}-m${momentum}-n${noise}-s${seed}`;
            if (!select(id)) continue;
            const truth = quadraticTruth({ lr, momentum, nesterov: false, lambdas, errors: new Array<number>(n).fill(1), steps: STEPS });
            if (!truth.expected || truth.expected.length > 0) {
              ambiguous.push({ id, family: 'noisy-quadratic', why: `the noise-free run is not healthy by theory: ${truth.why}` });
              continue;
            }
            const spec: RunSpec = {
              id, steps: STEPS, seed,
              problem: { name: 'quadratic', eigenvalues: lambdas, start: new Array<number>(n).fill(1), noise, seed },
              optimizer: { name: 'sgd', lr, momentum },
            };
            const [{ trace, problem }] = runSpecs([spec]);
            const tail = Array.from(trace.loss.subarray(Math.floor(0.9 * STEPS))).sort((x, y) => x - y);
            const median = tail[tail.length >> 1];
            const ratio = (median - problem.minimumLoss) / (trace.loss[0] - problem.minimumLoss);
            const why = `lr*lambda_max ${a}, momentum ${momentum}, gradient noise ${noise}: noise-free theory says healthy; median loss over the last 10% is ${ratio.toPrecision(3)} of the start`;
            if (trace.summary.diverged || !(ratio < 1e-3)) {
              ambiguous.push({ id, family: 'noisy-quadratic', why: `${why} (noise floor too high: ambiguous)` });
              continue;
            }
            runs.push({ id, family: 'noisy-quadratic', series: embeddedSeries(trace), context: embeddedContext(spec, problem), expected: [], tolerated: [], spec, why: `${why} (healthy)` });
          }
        }
      }
    }
  }
  return runs;
}
