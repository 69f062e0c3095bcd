/**
 * Embedded runs labelled by their measured outcome (no closed form applies): Rosenbrock and Adam on a quadratic
 * (deterministic), and the MLP (minibatches). The criteria are independent of the detectors and written in
 * README.md ("Outcome-labelled runs"); runs that meet none of them are ambiguous and not scored.
 */
import type { OptimizerSpec } from '../../../src/core/optim/types';
import { createProblem } from '../../../src/core/problems';
import type { Problem, ProblemSpec } from '../../../src/core/problems/types';
import { runSpecs } from '../../../src/core/train/simulate';
import type { RunSpec } from '../../../src/core/train/spec';
import { train } from '../../../src/core/train/trainer';
import type { RunTrace } from '../../../src/core/train/types';
import { embeddedContext, embeddedSeries, updateCosines } from './embeddedSeries';
import type { AmbiguousRun, CorpusFamily, ExpectedFinding, LabelledRun } from './types';

export const OUTCOME_RULES = {
  /** Healthy: the loss above the minimum fell below this fraction of its start ... */
  convergedRemaining: 1e-3,
  /**
   * ... (dataset problems, whose floor is unknown: the full-batch loss fell at least 100x, or at least 20x and
   * still fell >= 5% over the last fifth of the run: steady progress) ...
   */
  datasetConvergedRemaining: 1e-2,
  datasetSteadyRemaining: 0.05,
  datasetLastFifthFall: 0.95,
  /** ... and calmly: the loss rose by > 1% on at most this share of the steps ... */
  maxRiseShare: 0.02,
  /** ... and at most this share of the update cosines is below -0.5 (no zig-zag). */
  maxZigzagShare: 0.05,
  /** Stall: the loss above the minimum kept more than this fraction of its start ... */
  stallRemaining: 0.9,
  /** ... never rose above this multiple of its start, and was calm (the two shares below). */
  stallPeak: 1.05,
  /** Dataset problems, healthy only if the full-batch loss never rose above this multiple of its best so far. */
  maxDatasetRise: 1.5,
  /** Dataset problems: stuck at chance level when the full-batch loss ends above this fraction of ln 2. */
  chanceShare: 0.85,
  /** Steps compared at the end when judging calmness (the visible part: loss above 1e-12 of its start). */
  visibleFloor: 1e-12,
} as const;

function round(x: number, digits = 3): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);
}

/** Share of visible steps where the loss rose by > 1%, and share of update cosines < -0.5 over them. */
function calmness(trace: RunTrace, minimum: number): { riseShare: number; zigzagShare: number } {
  const loss = trace.loss;
  const floor = OUTCOME_RULES.visibleFloor * (loss[0] - minimum);
  let end = 0;
  for (let k = 0; k < loss.length; k++) if (loss[k] - minimum > floor) end = k;
  let rises = 0;
  for (let k = 0; k < end; k++) if (loss[k + 1] - minimum > 1.01 * (loss[k] - minimum)) rises++;
  const cos = updateCosines(trace);
  let negative = 0;
  let counted = 0;
  for (let i = 0; i < cos.steps.length; i++) {
    if (cos.steps[i] > end) break;
    counted++;
    if (cos.values[i] < -0.5) negative++;
  }
  return { riseShare: end > 0 ? rises / end : 0, zigzagShare: counted > 0 ? negative / counted : 0 };
}

interface Outcome {
  expected?: ExpectedFinding[];
  /** Ambiguous runs: progress between stalled and converged, or converged but not calmly. */
  ambiguity?: 'progress' | 'calm';
  why: string;
}

/** Deterministic problems: diverged (trainer), converged calmly, stalled, or ambiguous. */
/** The full-batch loss at the parameters of row `k` of the trace (a stochastic problem's minibatch loss is not it). */
export function fullBatchLoss(problem: Problem, trace: RunTrace): (k: number) => number {
  const x = new Float64Array(problem.dim);
  return (k) => {
    x.set(trace.params.subarray(k * problem.dim, (k + 1) * problem.dim));
    return problem.loss(x);
  };
}

export function deterministicOutcome(trace: RunTrace, minimum: number): Outcome {
  const loss = trace.loss;
  const l0 = loss[0] - minimum;
  if (trace.summary.diverged && trace.summary.divergedAtStep !== null) {
    let onset = 0;
    for (let k = 1; k < trace.summary.divergedAtStep; k++) if (loss[k] < loss[onset]) onset = k;
    return { expected: [{ kind: 'divergence', onset }], why: `the trainer stopped at the blow-up bound at step ${trace.summary.divergedAtStep}; best loss at step ${onset}` };
  }
  const remaining = (loss[loss.length - 1] - minimum) / l0;
  const text = `the loss kept ${round(remaining)} of its start after ${trace.stepsRun} steps`;
  if (remaining > OUTCOME_RULES.stallRemaining) {
    // A stall is flat: a loss that ends above its start, bounces or zig-zags is something else (ambiguous).
    let peak = 0;
    for (let k = 0; k < loss.length; k++) peak = Math.max(peak, (loss[k] - minimum) / l0);
    const { riseShare, zigzagShare } = calmness(trace, minimum);
    const why = `${text}, at most ${round(peak)} of it; ${round(100 * riseShare)}% of steps raised the loss > 1%, ${round(100 * zigzagShare)}% of update cosines < -0.5`;
    if (peak <= OUTCOME_RULES.stallPeak && riseShare <= OUTCOME_RULES.maxRiseShare && zigzagShare <= OUTCOME_RULES.maxZigzagShare) {
      return { expected: [{ kind: 'stall', onset: 0 }], why: `${why} (flat: stall)` };
    }
    return { ambiguity: 'calm', why: `${why} (little progress, but not flat: ambiguous)` };
  }
  if (remaining < OUTCOME_RULES.convergedRemaining) {
    const { riseShare, zigzagShare } = calmness(trace, minimum);
    const why = `${text}; ${round(100 * riseShare)}% of steps raised the loss > 1%, ${round(100 * zigzagShare)}% of update cosines < -0.5`;
    if (riseShare <= OUTCOME_RULES.maxRiseShare && zigzagShare <= OUTCOME_RULES.maxZigzagShare) return { expected: [], why: `${why} (converged calmly: healthy)` };
    return { ambiguity: 'calm', why: `${why} (converged but not calmly: ambiguous)` };
  }
  return { ambiguity: 'progress', why: `${text} (between stalled and converged: ambiguous)` };
}

function embeddedRun(family: CorpusFamily, spec: RunSpec, trace: RunTrace, problem: Problem, outcome: Outcome & { expected: ExpectedFinding[] }): LabelledRun {
  const run: LabelledRun = {
    id: spec.id, family, series: embeddedSeries(trace), context: embeddedContext(spec, problem),
    expected: outcome.expected, tolerated: [], spec, why: outcome.why,
  };
  if (trace.summary.divergedAtStep !== null) run.divergedAtStep = trace.summary.divergedAtStep;
  return run;
}

function deterministicRuns(family: CorpusFamily, specs: RunSpec[], runs: LabelledRun[], ambiguous: AmbiguousRun[]): void {
  if (specs.length === 0) return;
  for (const { spec, trace, problem } of runSpecs(specs)) {
    const outcome = deterministicOutcome(trace, problem.minimumLoss);
    if (outcome.expected) runs.push(embeddedRun(family, spec, trace, problem, { ...outcome, expected: outcome.expected }));
    else ambiguous.push({ id: spec.id, family, why: outcome.why });
  }
}

/** Rosenbrock from the classic start and from two points on the valley floor, SGD/heavy ball/Nesterov. */
export function rosenbrockSpecs(): RunSpec[] {
  const specs: RunSpec[] = [];
  const starts: [string, [number, number]][] = [['classic', [-1.5, 2]], ['valley', [-1.5, 2.25]], ['near', [0.5, 0.25]]];
  const lrs = [1e-7, 3e-7, 1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 3e-2];
  for (const [name, start] of starts) {
    for (const [m, nesterov] of [[0, false], [0.9, false], [0.9, true], [0.99, false]] as const) {
      lrs.forEach((lr, i) => {
        const optimizer: OptimizerSpec = { name: 'sgd', lr, momentum: m, nesterov };
        specs.push({ id: `rosen-${name}-${nesterov ? 'nag' : 'hb'}${m}-lr${i}`, steps: 2000, problem: { name: 'rosenbrock', start }, optimizer });
      });
    }
  }
  return specs;
}

/** Adam on 2-D and 10-D rotated quadratics: tiny learning rates stall, moderate ones converge (or limit-cycle). */
export function adamQuadraticSpecs(): RunSpec[] {
  const specs: RunSpec[] = [];
  const problems: [string, ProblemSpec][] = [
    ['q2', { name: 'quadratic', eigenvalues: [1, 100], angle: 30, start: [1, 1] }],
    ['q10', { name: 'quadratic', eigenvalues: [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100], rotate: true, seed: 7, start: new Array<number>(10).fill(1) }],
  ];
  for (const [name, problem] of problems) {
    [1e-6, 1e-5, 3e-5, 1e-4, 0.03, 0.1, 0.3].forEach((lr, i) => {
      specs.push({ id: `adam-${name}-lr${i}`, steps: 400, problem, optimizer: { name: 'adam', lr } });
    });
  }
  return specs;
}

export function deterministicOutcomeRuns(ambiguous: AmbiguousRun[], select: (id: string) => boolean = () => true): LabelledRun[] {
  const runs: LabelledRun[] = [];
  deterministicRuns('rosenbrock', rosenbrockSpecs().filter((s) => select(s.id)), runs, ambiguous);
  deterministicRuns('quadratic-adam', adamQuadraticSpecs().filter((s) => select(s.id)), runs, ambiguous);
  return runs;
}

/**
 * MLP minibatch runs. `recordMinibatch` records the minibatch loss (heavy noise, what a training log shows);
 * otherwise the full-batch loss along the minibatch path (what runSpecs records). Either way the label comes from
 * the full-batch loss: fell >= 100x (or >= 20x and still falling >= 5% over the last fifth) and never rose above
 * 1.5x its best so far = healthy; kept > 90% or ended within 15% of
 * chance level (ln 2) = stall; in between = ambiguous (e.g. blobs, whose overlapping classes floor the loss near 0.08).
 * Moons only: the spirals task is beyond this net in any ordinary budget (test/corpus/diagnose/README.md).
 */
export function mlpSpecs(): RunSpec[] {
  const specs: RunSpec[] = [];
  const settings: [number, number][] = [[1e-5, 0], [1e-4, 0], [1e-4, 0.9], [0.1, 0], [0.2, 0], [0.3, 0], [0.02, 0.9], [0.03, 0.9], [0.05, 0.9]];
  // Moons only: spirals measured this net's capacity, not the optimizer —
  // no SGD setting (lr 1e-5..3, momentum 0/0.9; widths 16-16 and 64-64, 800 or 2000 steps) takes the tanh net off its
  // 0.66 plateau; see the corpus README.
  for (const dataset of ['moons'] as const) {
    for (const batch of [8, 32]) {
      for (const seed of [1, 2, 3]) {
        settings.forEach(([lr, m], i) => {
          specs.push({
            id: `mlp-${dataset}-b${batch}-s${seed}-${i}`, steps: 800, seed,
            problem: { name: 'mlp', dataset, batch_size: batch, seed },
            optimizer: { name: 'sgd', lr, momentum: m },
          });
        });
      }
    }
  }
  return specs;
}

export function mlpRuns(ambiguous: AmbiguousRun[], recordMinibatch: boolean, select: (spec: RunSpec) => boolean = () => true): LabelledRun[] {
  const runs: LabelledRun[] = [];
  const family: CorpusFamily = recordMinibatch ? 'mlp-minibatch' : 'mlp';
  for (const base of mlpSpecs()) {
    if (!select(base)) continue;
    const spec = { ...base, id: `${base.id}${recordMinibatch ? '-mb' : ''}` };
    const problem = createProblem(spec.problem);
    const trace = train(problem, { label: spec.id, optimizer: spec.optimizer }, spec.steps, { tolerance: 0, recordFullLoss: !recordMinibatch });
    const full = fullBatchLoss(problem, trace);
    // The full-batch loss along the path (recorded already unless the minibatch loss was; then every other row,
    // which halves the cost and still sees a transient, which lasts several steps), for calmness.
    let best = Infinity;
    let worstRise = 1;
    for (let k = 0; k <= trace.stepsRun; k += recordMinibatch ? 2 : 1) {
      const f = recordMinibatch ? full(k) : trace.loss[k];
      if (f / best > worstRise) worstRise = f / best;
      if (f < best) best = f;
    }
    const start = full(0);
    const end = full(trace.stepsRun);
    const lastFifth = end / full(Math.floor(0.8 * trace.stepsRun));
    const remaining = end / start;
    const text = `full-batch loss ${round(start)} -> ${round(end)} over ${trace.stepsRun} steps (keeps ${round(remaining)}; at worst ${round(worstRise)}x its best so far; the last fifth x${round(lastFifth)})`;
    let expected: ExpectedFinding[] | undefined;
    if (trace.summary.diverged) expected = undefined;
    else if (worstRise <= OUTCOME_RULES.maxDatasetRise && (remaining < OUTCOME_RULES.datasetConvergedRemaining
      || (remaining < OUTCOME_RULES.datasetSteadyRemaining && lastFifth < OUTCOME_RULES.datasetLastFifthFall))) expected = [];
    else if ((remaining > OUTCOME_RULES.stallRemaining || end >= OUTCOME_RULES.chanceShare * Math.LN2) && worstRise <= OUTCOME_RULES.maxDatasetRise) expected = [{ kind: 'stall', onset: 0 }];
    if (!expected) {
      ambiguous.push({ id: spec.id, family, why: `${text} (ambiguous)` });
      continue;
    }
    // runContextOf leaves minimumLoss out for the dataset problems (their infimum 0 is no floor) and gives chance level.
    const context = embeddedContext(spec, problem);
    runs.push({
      id: spec.id, family, series: embeddedSeries(trace), context, expected, tolerated: [], spec,
      why: `${text}: ${expected.length === 0 ? 'converged (healthy)' : 'stalled'}`,
    });
  }
  return runs;
}
