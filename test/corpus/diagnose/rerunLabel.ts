/**
 * Labels the re-run of an embedded run after a fix with the same ground truth as the corpus: quadratic grid runs
 * whose fixed spec is still plain momentum SGD (no schedule, no clipping) by theory on the new (lr, momentum);
 * everything else by the outcome criteria (deterministic problems: outcomeRuns' deterministicOutcome; the MLP:
 * the full-batch loss fell >= 100x, as outcomeRuns' MLP rule without the steady-progress branch).
 */
import type { Problem } from '../../../src/core/problems/types';
import type { RunSpec } from '../../../src/core/train/spec';
import type { RunTrace } from '../../../src/core/train/types';
import { deterministicOutcome, OUTCOME_RULES } from './outcomeRuns';
import { quadraticTruth } from './quadraticTheory';
import type { LabelledRun } from './types';

export interface RerunLabel {
  healthy: boolean;
  why: string;
}

function plainSgd(spec: RunSpec): { lr: number; momentum: number; nesterov: boolean } | undefined {
  const o = spec.optimizer as Record<string, unknown>;
  if (o.name !== 'sgd' || spec.schedule || spec.clip || (o.convention !== undefined && o.convention !== 'pytorch')) return undefined;
  const lr = Number(o.lr ?? o.learning_rate);
  const momentum = Number(o.momentum ?? 0);
  if (o.dampening !== undefined && o.dampening !== 0) return undefined;
  if (o.weight_decay !== undefined && o.weight_decay !== 0) return undefined;
  return { lr, momentum, nesterov: o.nesterov === true };
}

export function labelRerun(run: LabelledRun, fixed: RunSpec, trace: RunTrace, problem: Problem): RerunLabel {
  const sgd = plainSgd(fixed);
  if (run.theory && sgd && Number.isFinite(sgd.lr)) {
    const truth = quadraticTruth({ ...sgd, lambdas: run.theory.lambdas, errors: run.theory.errors, steps: fixed.steps });
    const healthy = truth.expected !== undefined && truth.expected.length === 0;
    return { healthy, why: `theory: ${truth.expected === undefined ? 'ambiguous' : healthy ? 'healthy' : truth.expected.map((e) => e.kind).join('+')} (${truth.why})` };
  }
  if (problem.stochastic) {
    const x = new Float64Array(problem.dim);
    const full = (k: number) => {
      x.set(trace.params.subarray(k * problem.dim, (k + 1) * problem.dim));
      return problem.loss(x);
    };
    const ratio = full(trace.stepsRun) / full(0);
    const healthy = !trace.summary.diverged && ratio < OUTCOME_RULES.datasetConvergedRemaining;
    return { healthy, why: `outcome: full-batch loss kept ${ratio.toPrecision(3)} of its start${trace.summary.diverged ? ', diverged' : ''}` };
  }
  const outcome = deterministicOutcome(trace, problem.minimumLoss);
  const healthy = outcome.expected !== undefined && outcome.expected.length === 0;
  return { healthy, why: `outcome: ${outcome.why}` };
}
