/**
 * Scores the diagnosis engine on the labelled corpus, per the semantics doc: each run is fed point by point in
 * step order (metrics interleaved as a live loop logs them), drained after every point to time detection, then
 * ended. Per kind: precision and recall over runs (with counts) and detection delay; false alarms on healthy
 * runs (and which); divergence raised before the first non-finite step / the trainer's blow-up row; the
 * misclassified runs; and, optionally, fix efficacy: the top fix applied to each embedded diverging, oscillating
 * or stalled run, the same problem and seed re-run, and the re-run judged healthy by the corpus's own labels and
 * by the detectors. A failed trial is also checked for fixability (fixableBy): runs that no common optimizer
 * setting heals are counted apart.
 */
import { applyFix } from '../../../src/core/diagnose/embedded';
import { FINDING_KINDS, type Diagnoser, type Finding, type FindingKind, type RunContext } from '../../../src/core/diagnose/types';
import { runSpecs } from '../../../src/core/train/simulate';
import { embeddedContext, embeddedSeries } from './embeddedSeries';
import { labelRerun } from './rerunLabel';
import type { RunSpec } from '../../../src/core/train/spec';
import type { LabelledRun, LabelledSeries } from './types';

export type DiagnoserFactory = (context: RunContext) => Diagnoser;

export interface RunResult {
  run: LabelledRun;
  /** Kind -> step of the point after which a finding of that kind was first drained (end() = the last step). */
  firstSeen: Map<FindingKind, number>;
  findings: Finding[];
  points: number;
}

/** Feeds one run's series interleaved by step (ties in series order) and records when each kind first appears. */
export function diagnoseRun(series: readonly LabelledSeries[], context: RunContext, createDiagnoser: DiagnoserFactory): Omit<RunResult, 'run'> {
  const diagnoser = createDiagnoser(context);
  for (const s of series) if (s.role) diagnoser.setRole(s.metric, s.role);
  const at = new Array<number>(series.length).fill(0);
  const firstSeen = new Map<FindingKind, number>();
  let points = 0;
  let lastStep = 0;
  const note = (found: readonly Finding[], step: number) => {
    for (const f of found) if (!firstSeen.has(f.kind)) firstSeen.set(f.kind, step);
  };
  for (;;) {
    let next = Infinity;
    for (let i = 0; i < series.length; i++) if (at[i] < series[i].steps.length && series[i].steps[at[i]] < next) next = series[i].steps[at[i]];
    if (next === Infinity) break;
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      if (at[i] < s.steps.length && s.steps[at[i]] === next) {
        diagnoser.add(s.metric, next, s.values[at[i]]);
        at[i]++;
        points++;
        const drained = diagnoser.drain();
        if (drained.length > 0) note(drained, next);
      }
    }
    lastStep = next;
  }
  const findings = diagnoser.end();
  note(findings, lastStep);
  return { firstSeen, findings, points };
}

export interface KindScore {
  kind: FindingKind;
  /** Runs expecting the kind. */
  expected: number;
  /** Runs where it was found (not counting runs that tolerate it). */
  found: number;
  hits: number;
  precision: number;
  recall: number;
  delays: number[];
  medianDelay: number;
  p90Delay: number;
}

export interface Misclassified {
  id: string;
  family: string;
  missed: FindingKind[];
  falseKinds: FindingKind[];
  why: string;
}

export interface FixTrial {
  id: string;
  family: string;
  kind: FindingKind;
  /** The fix's text, or why there was none. */
  fix: string;
  healthyByLabels: boolean;
  cleanByDetectors: boolean;
  why: string;
  /** Failed trials only: false when no common optimizer setting heals the run either (see fixableBy). */
  fixable?: boolean;
}

export interface Evaluation {
  runs: number;
  points: number;
  kinds: KindScore[];
  healthy: { runs: number; falseAlarms: { id: string; kinds: FindingKind[] }[]; cleanRate: number };
  divergenceBeforeNan: { runs: number; before: number; rate: number; late: string[] };
  misclassified: Misclassified[];
  fixes?: {
    trials: FixTrial[]; healthyByLabels: number; cleanByDetectors: number; both: number; rate: number;
    /** Trials whose run no common optimizer setting heals (fixableBy), and the rate over the others. */
    unfixable: number; fixableRate: number;
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

export function scoreResults(results: readonly RunResult[]): Omit<Evaluation, 'fixes'> {
  let points = 0;
  const kinds: KindScore[] = FINDING_KINDS.map((kind) => ({ kind, expected: 0, found: 0, hits: 0, precision: NaN, recall: NaN, delays: [], medianDelay: NaN, p90Delay: NaN }));
  const byKind = new Map(kinds.map((k) => [k.kind, k]));
  const falseAlarms: { id: string; kinds: FindingKind[] }[] = [];
  let healthyRuns = 0;
  const misclassified: Misclassified[] = [];
  const nan = { runs: 0, before: 0, rate: NaN, late: [] as string[] };
  for (const { run, firstSeen } of results) {
    points += run.series.reduce((n, s) => n + s.values.length, 0);
    const expected = new Map(run.expected.map((e) => [e.kind, e.onset]));
    const missed: FindingKind[] = [];
    const falseKinds: FindingKind[] = [];
    for (const kind of FINDING_KINDS) {
      const score = byKind.get(kind) as KindScore;
      const seen = firstSeen.get(kind);
      const onset = expected.get(kind);
      if (onset !== undefined) {
        score.expected++;
        if (seen !== undefined) {
          score.found++;
          score.hits++;
          score.delays.push(seen - onset);
        } else missed.push(kind);
      } else if (seen !== undefined && !run.tolerated.includes(kind)) {
        score.found++;
        falseKinds.push(kind);
      }
    }
    if (run.expected.length === 0) {
      healthyRuns++;
      if (firstSeen.size > 0) falseAlarms.push({ id: run.id, kinds: [...firstSeen.keys()] });
    }
    if (missed.length + falseKinds.length > 0) misclassified.push({ id: run.id, family: run.family, missed, falseKinds, why: run.why });
    const blowUp = run.firstNonFiniteStep ?? run.divergedAtStep;
    if (expected.has('divergence') && blowUp !== undefined) {
      nan.runs++;
      const seen = firstSeen.get('divergence');
      if (seen !== undefined && seen < blowUp) nan.before++;
      else nan.late.push(`${run.id} (${seen === undefined ? 'never' : `at ${seen}`}, blow-up at ${blowUp})`);
    }
  }
  for (const k of kinds) {
    k.precision = k.found > 0 ? k.hits / k.found : NaN;
    k.recall = k.expected > 0 ? k.hits / k.expected : NaN;
    const sorted = [...k.delays].sort((a, b) => a - b);
    k.medianDelay = quantile(sorted, 0.5);
    k.p90Delay = quantile(sorted, 0.9);
  }
  nan.rate = nan.runs > 0 ? nan.before / nan.runs : NaN;
  return {
    runs: results.length,
    points,
    kinds,
    healthy: { runs: healthyRuns, falseAlarms, cleanRate: healthyRuns > 0 ? 1 - falseAlarms.length / healthyRuns : NaN },
    divergenceBeforeNan: nan,
    misclassified,
  };
}

const FIXABLE: readonly FindingKind[] = ['divergence', 'oscillation', 'stall'];

/**
 * The top fix of the finding the run was labelled for (the first of divergence, oscillation, stall it
 * expects and the detectors raised), applied to its spec and re-run on the same problem and seed.
 */
export function tryTopFix(result: RunResult, createDiagnoser: DiagnoserFactory): FixTrial | undefined {
  const { run } = result;
  if (!run.spec) return undefined;
  const kind = FIXABLE.find((k) => run.expected.some((e) => e.kind === k));
  if (!kind) return undefined;
  const finding = result.findings.find((f) => f.kind === kind);
  const fix = finding?.fixes[0];
  const failed = (why: string): FixTrial => ({ id: run.id, family: run.family, kind, fix: fix?.text ?? 'none', healthyByLabels: false, cleanByDetectors: false, why });
  if (!finding) return failed(`no ${kind} finding, so no fix`);
  if (!fix) return failed(`the ${kind} finding offers no fix`);
  let fixed;
  try {
    fixed = applyFix(run.spec, fix);
  } catch (error) {
    return failed(`the fix does not apply: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [{ trace, problem }] = runSpecs([fixed]);
  const label = labelRerun(run, fixed, trace, problem);
  const rerun = diagnoseRun(embeddedSeries(trace), embeddedContext(fixed, problem), createDiagnoser);
  const clean = rerun.firstSeen.size === 0;
  return {
    id: run.id, family: run.family, kind, fix: fix.text, healthyByLabels: label.healthy, cleanByDetectors: clean,
    why: `${label.why}; detectors on the re-run: ${clean ? 'nothing' : [...rerun.firstSeen.keys()].join(', ')}`,
  };
}

/** SGD learning rates (plain and heavy ball 0.9) and Adam learning rates the fixability search tries. */
const ORACLE_SGD_LRS = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3];
const ORACLE_MOMENTA = [0, 0.9];
const ORACLE_ADAM_LRS = [1e-3, 3e-3, 1e-2, 3e-2, 0.1];

/**
 * Whether ANY common optimizer setting makes the run healthy by the corpus's labels (ground truth, no detectors):
 * SGD at 12 learning rates from 1e-5 to 3, plain and with momentum 0.9, and Adam at 1e-3..0.1, on the same
 * problem, seed and number of steps. A run no setting heals (e.g. the MLP on spirals, which stayed near chance
 * level for 800 steps whatever the optimizer, and is no longer in the corpus for that reason) has a problem no optimizer fix can solve; the report counts it
 * apart, so the efficacy of the fixes is also given over the runs a fix could heal. Returns the first healthy
 * setting found (a witness), or null. Cached per problem/seed/steps: the search does not depend on the settings
 * the run had.
 */
export function fixableBy(run: LabelledRun, cache: Map<string, string | null>): string | null {
  const spec = run.spec as RunSpec;
  const key = JSON.stringify([spec.problem, spec.seed ?? null, spec.steps]);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const candidates: RunSpec['optimizer'][] = [
    ...ORACLE_MOMENTA.flatMap((momentum) => ORACLE_SGD_LRS.map((lr) => ({ name: 'sgd' as const, lr, momentum }))),
    ...ORACLE_ADAM_LRS.map((lr) => ({ name: 'adam' as const, lr })),
  ];
  let witness: string | null = null;
  for (const optimizer of candidates) {
    // The optimizer alone decides: no schedule or clipping the run had.
    const candidate: RunSpec = { ...spec, optimizer };
    delete candidate.schedule;
    delete candidate.clip;
    const [{ trace, problem }] = runSpecs([candidate]);
    if (labelRerun(run, candidate, trace, problem).healthy) {
      witness = JSON.stringify(optimizer);
      break;
    }
  }
  cache.set(key, witness);
  return witness;
}

export interface EvaluateOptions {
  /** Also apply and re-run the top fix of every embedded diverging/oscillating/stalled run. */
  fixes?: boolean;
  /** Progress callback (runs done, total). */
  onProgress?: (done: number, total: number) => void;
}

export function evaluateCorpus(runs: readonly LabelledRun[], createDiagnoser: DiagnoserFactory, options: EvaluateOptions = {}): Evaluation {
  const results: RunResult[] = runs.map((run, i) => {
    options.onProgress?.(i, runs.length);
    return { run, ...diagnoseRun(run.series, run.context, createDiagnoser) };
  });
  const evaluation: Evaluation = scoreResults(results);
  if (options.fixes) {
    const trials: FixTrial[] = [];
    const oracle = new Map<string, string | null>();
    for (const result of results) {
      const trial = tryTopFix(result, createDiagnoser);
      if (!trial) continue;
      // A fixed trial is its own witness; a failed one asks whether any setting would have healed the run.
      if (!(trial.healthyByLabels && trial.cleanByDetectors)) trial.fixable = fixableBy(result.run, oracle) !== null;
      trials.push(trial);
    }
    const healthyByLabels = trials.filter((t) => t.healthyByLabels).length;
    const cleanByDetectors = trials.filter((t) => t.cleanByDetectors).length;
    const both = trials.filter((t) => t.healthyByLabels && t.cleanByDetectors).length;
    const unfixable = trials.filter((t) => t.fixable === false).length;
    evaluation.fixes = {
      trials, healthyByLabels, cleanByDetectors, both, rate: trials.length > 0 ? both / trials.length : NaN,
      unfixable, fixableRate: trials.length > unfixable ? both / (trials.length - unfixable) : NaN,
    };
  }
  return evaluation;
}
