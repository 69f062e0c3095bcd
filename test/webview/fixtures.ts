/**
 * Realistic comparisons for the dev page and the webview tests, produced by the real engine and
 * encoded exactly as the host sends them.
 */
import { encodeComparison, encodeRun, type WireComparison, type WireFixTrial } from '../../src/core/protocol';
import { diagnoseTrace, proveFix, runContextOf } from '../../src/core/diagnose/embedded';
import { specsOfRequest } from '../../src/extension/worker/comparisonSpecs';
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
 * A comparison whose second run diverges (SGD at lr 0.025 on curvature 100: alpha*lambda = 2.5 > 2), diagnosed
 * by the real engine, and the fix trial of its top fix (proven by re-running), encoded as the host sends them.
 */
export function divergenceWithFixTrial(): { comparison: WireComparison; trial: WireFixTrial } {
  const request = { problem: { name: 'ill-conditioned-quadratic' } as ProblemSpec, steps: 200, tolerance: 1e-4, entries: [
    { label: 'SGD lr=0.012', optimizer: { name: 'sgd', lr: 0.012 } },
    { label: 'SGD lr=0.025', optimizer: { name: 'sgd', lr: 0.025 } },
  ] as ComparisonEntry[] };
  const wire = comparison(request.problem, request.entries, request.steps);
  const problem = createProblem(request.problem);
  const specs = specsOfRequest(request);
  const result = runComparison(request);
  wire.runs.forEach((run, i) => { run.findings = diagnoseTrace(result.runs[i], runContextOf(specs[i], problem)); });
  const before = wire.runs[1];
  const finding = before.findings![0];
  const proof = proveFix(specs[1], { kind: finding.kind, fix: finding.fixes[0] }, { tolerance: request.tolerance });
  const after = encodeRun({ ...proof.after.trace, label: `${before.label} with the fix` });
  after.findings = proof.after.findings;
  const trial: WireFixTrial = {
    comparisonFinishedAt: wire.finishedAt, runIndex: 1, findingIndex: 0, fixIndex: 0, before, after, proven: proof.proven, verdict: proof.verdict,
  };
  return { comparison: wire, trial };
}
