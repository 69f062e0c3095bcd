/**
 * Judges the re-run of an embedded run after a fix with the same ground truth as the corpus: quadratic grid runs
 * whose fixed spec is still plain momentum SGD (no schedule, no clipping) by theory on the new (lr, momentum);
 * everything else by the outcome criteria (deterministic problems: outcomeRuns' deterministicOutcome; the MLP:
 * its full-batch loss). "Fixed" = not stalled (kept <= 90% of the start), and labelled healthy or ambiguous
 * only in ways the semantics do not call a problem: slow but steady progress (lowering the learning rate to
 * the stability bound on a kappa = 1000 quadratic cannot make it converge in 300 steps, and the fix was for the
 * divergence), or an oscillating mode with rate below 0.9, not dominant or not visible. Still ambiguous and so
 * not fixed: a visible dominant oscillation at rate >= 0.9 that died out within the run, a bumpy convergence.
 */
import type { Problem } from '../../../src/core/problems/types';
import type { RunSpec } from '../../../src/core/train/spec';
import type { RunTrace } from '../../../src/core/train/types';
import { deterministicOutcome, fullBatchLoss, OUTCOME_RULES } from './outcomeRuns';
import { QUADRATIC_RULES, quadraticTruth } from './quadraticTheory';
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
    // Not stalled, and healthy or ambiguous only in ways the semantics do not call a problem (slow but steady
    // progress; an oscillating mode below 0.9, or not dominant, or not visible).
    const accepted = truth.ambiguity === 'progress' || truth.ambiguity === 'oscillation-damped' || truth.ambiguity === 'oscillation-hidden';
    const healthy = truth.remaining <= QUADRATIC_RULES.stallRemaining && ((truth.expected !== undefined && truth.expected.length === 0) || accepted);
    const verdict = truth.expected === undefined ? `ambiguous (${truth.ambiguity})` : truth.expected.length === 0 ? 'healthy' : truth.expected.map((e) => e.kind).join('+');
    return { healthy, why: `theory: ${verdict} (${truth.why})` };
  }
  if (problem.stochastic) {
    const full = fullBatchLoss(problem, trace);
    // runSpecs records the full-batch loss: no transient blow-up (<= 1.5x the best so far), not stalled.
    let best = Infinity;
    let worstRise = 1;
    for (let k = 0; k <= trace.stepsRun; k++) {
      const f = trace.loss[k];
      if (f / best > worstRise) worstRise = f / best;
      if (f < best) best = f;
    }
    const end = full(trace.stepsRun);
    const ratio = end / full(0);
    const stalled = ratio > OUTCOME_RULES.stallRemaining || end >= OUTCOME_RULES.chanceShare * Math.LN2;
    const healthy = !trace.summary.diverged && worstRise <= OUTCOME_RULES.maxDatasetRise && !stalled;
    return { healthy, why: `outcome: full-batch loss kept ${ratio.toPrecision(3)} of its start, at worst ${worstRise.toPrecision(3)}x its best so far${trace.summary.diverged ? ', diverged' : ''}${stalled ? ', stalled' : ''}` };
  }
  const outcome = deterministicOutcome(trace, problem.minimumLoss);
  const healthy = (outcome.expected !== undefined && outcome.expected.length === 0) || outcome.ambiguity === 'progress';
  return { healthy, why: `outcome: ${outcome.why}` };
}
