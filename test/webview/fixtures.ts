/**
 * Realistic comparisons for the dev page and the webview tests, produced by the real engine and
 * encoded exactly as the host sends them.
 */
import { encodeComparison, type WireComparison, type WireFixTrial } from '../../src/core/protocol';
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

export function allFixtures(): Record<string, WireComparison | WireFixTrial> {
  const fixTrial = divergenceWithFixTrial();
  return { rosenbrock: rosenbrockWithDivergence(), quadratic: illConditionedQuadratic(), 'no-momentum': noMomentum(),
    findings: fixTrial.comparison, fixTrial: fixTrial.trial };
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

/**
 * A comparison whose second run diverges (SGD at lr 0.025 on curvature 100: alpha*lambda = 2.5 > 2), with the
 * findings and the fix trial the host sends for it. The findings are written here as the engine words them,
 * so the webview can be developed and tested without it; the runs themselves are real.
 */
export function divergenceWithFixTrial(): { comparison: WireComparison; trial: WireFixTrial } {
  const problem: ProblemSpec = { name: 'ill-conditioned-quadratic' };
  const wire = comparison(problem, [
    { label: 'SGD lr=0.012', optimizer: { name: 'sgd', lr: 0.012 } },
    { label: 'SGD lr=0.025', optimizer: { name: 'sgd', lr: 0.025 } },
  ], 200);
  const diverging = wire.runs[1];
  const end = diverging.stepsRun;
  diverging.findings = [{
    kind: 'divergence', metric: 'loss', severity: 'error', step_start: 0, step_end: end,
    message: `The loss grew 1.5x per step from step 0 and left the chart at step ${end}: the learning rate is past the stability bound of the sharpest direction.`,
    evidence: { growth_per_step: 1.5, curvature_estimate: 100, best_loss: diverging.loss[0] },
    fixes: [
      { action: 'lower_lr', parameter: 'lr', from: 0.025, to: 0.015, text: 'Lower the learning rate 0.025 -> 0.015 (alpha*lambda = 2.5 > 2; 0.015 gives 1.5).' },
      { action: 'clip_grad_norm', parameter: 'max_norm', to: 1, text: 'Clip the gradient norm at 1.' },
      { action: 'check_data', text: 'If the data has outliers, check them.' },
    ],
  }];
  wire.runs[0].findings = [];
  const after = comparison(problem, [{ label: 'SGD lr=0.025 with the fix', optimizer: { name: 'sgd', lr: 0.015 } }], 200).runs[0];
  after.findings = [];
  const trial: WireFixTrial = {
    comparisonFinishedAt: wire.finishedAt, runIndex: 1, findingIndex: 0, fixIndex: 0, before: diverging, after, proven: true,
    verdict: `Proven: the re-run shows no divergence or nan; diverged at step ${diverging.summary.divergedAtStep} -> final loss ${after.summary.finalLoss?.toExponential(2)}.`,
  };
  return { comparison: wire, trial };
}
