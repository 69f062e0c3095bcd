/**
 * Realistic comparisons for the dev page and the webview tests, produced by the real engine and
 * encoded exactly as the host sends them.
 */
import { encodeComparison, type WireComparison } from '../../src/core/protocol';
import { createProblem } from '../../src/core/problems';
import type { ProblemSpec } from '../../src/core/problems/types';
import { runComparison } from '../../src/core/train/compare';
import { defaultEntries } from '../../src/core/train/presets';
import type { ComparisonEntry } from '../../src/core/train/types';
import { parseRunSpecs } from '../../src/core/train/spec';
import { runSpecs } from '../../src/core/train/simulate';
import { encodeSpecRuns } from '../../src/core/train/specWire';

const FINISHED_AT = Date.UTC(2025, 0, 15, 14, 32, 5);

function comparison(problem: ProblemSpec, entries: ComparisonEntry[], steps: number): WireComparison {
  const result = runComparison({ problem, entries, steps, tolerance: 1e-4 });
  const built = createProblem(problem);
  return encodeComparison(result, { plotBounds: built.plotBounds, minimizer: built.minimizer, finishedAt: FINISHED_AT });
}

/** The default five presets on Rosenbrock, plus a momentum run whose learning rate is too large (diverges). */
export function rosenbrockWithDivergence(): WireComparison {
  const entries = [...defaultEntries('rosenbrock'), { label: 'Momentum 0.9 lr=0.004', optimizer: { name: 'sgd', lr: 0.004, momentum: 0.9 } } as ComparisonEntry];
  return comparison({ name: 'rosenbrock' }, entries, 500);
}

export function illConditionedQuadratic(): WireComparison {
  return comparison({ name: 'ill-conditioned-quadratic' }, defaultEntries('ill-conditioned-quadratic'), 500);
}

/** Only optimizers without a momentum buffer: the velocity chart has nothing to show. */
export function noMomentum(): WireComparison {
  const entries = defaultEntries('ill-conditioned-quadratic').filter((e) => e.optimizer.name !== 'adam' && !('momentum' in e.optimizer));
  return comparison({ name: 'ill-conditioned-quadratic' }, entries, 200);
}

export function allFixtures(): Record<string, WireComparison> {
  return { rosenbrock: rosenbrockWithDivergence(), quadratic: illConditionedQuadratic(), 'no-momentum': noMomentum() };
}

/** The sample spec comparing PyTorch and Keras momentum under warm-up: the learning-rate chart shows. */
export function momentumWarmupSpec(): WireComparison {
  const specs = parseRunSpecs([
    { id: 'pytorch', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.012, momentum: 0.9 },
      schedule: { name: 'linear_warmup', warmup_steps: 50 } },
    { id: 'keras', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', convention: 'keras', learning_rate: 0.012, momentum: 0.9 },
      schedule: { name: 'linear_warmup', warmup_steps: 50 } },
    { id: 'constant', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'adam', lr: 0.2 }, clip: { max_norm: 1 } },
  ]);
  return encodeSpecRuns(runSpecs(specs), { tolerance: 1e-4, finishedAt: FINISHED_AT, specTitle: 'momentum-warmup.optlens.json' });
}
