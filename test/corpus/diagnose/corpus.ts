/**
 * The whole labelled corpus, generated deterministically in memory (nothing on disk). `subset` keeps a fixed
 * share of each family (by a hash of the run id, decided before any training), for the unit test; the
 * benchmark uses the full corpus.
 */
import { rngFor } from './curveBuilder';
import { blowUpCurves, lrToZeroCurves, nanInjectionCurves, plateauCurves, spikeCurves } from './faultCurves';
import { healthyCurves } from './healthyCurves';
import { noisyQuadraticRuns } from './noisyQuadraticRuns';
import { ringingCurves, zigzagCurves } from './oscillationCurves';
import { deterministicOutcomeRuns, mlpRuns } from './outcomeRuns';
import { overfittingCurves } from './overfittingCurves';
import { quadraticRuns } from './quadraticRuns';
import type { AmbiguousRun, Corpus, LabelledRun } from './types';

export interface CorpusOptions {
  /** Keep about this share of every family (1 = all). Deterministic: decided by the run id. */
  share?: number;
  /** Include the MLP runs (the costliest to generate). Default true. */
  mlp?: boolean;
  /** Share of the MLP runs to keep (default: `share`). */
  mlpShare?: number;
}

function keep(id: string, share: number): boolean {
  return share >= 1 || rngFor(`subset:${id}`).next() < share;
}

export function buildCorpus(options: CorpusOptions = {}): Corpus {
  const share = options.share ?? 1;
  const ambiguous: AmbiguousRun[] = [];
  const select = (id: string) => keep(id, share);
  const runs: LabelledRun[] = [
    ...quadraticRuns(ambiguous, select),
    ...deterministicOutcomeRuns(ambiguous, select),
    ...noisyQuadraticRuns(ambiguous, select),
    ...healthyCurves(),
    ...blowUpCurves(),
    ...nanInjectionCurves(),
    ...spikeCurves(),
    ...plateauCurves(),
    ...lrToZeroCurves(),
    ...ringingCurves(),
    ...zigzagCurves(),
    ...overfittingCurves(),
  ];
  if (options.mlp !== false) {
    // Minibatch-loss runs (heavy noise) for every setting; full-loss runs (re-runnable as they are) for seed 1.
    const mlpShare = options.mlpShare ?? share;
    runs.push(...mlpRuns(ambiguous, true, (spec) => keep(`${spec.id}-mb`, mlpShare)));
    runs.push(...mlpRuns(ambiguous, false, (spec) => spec.seed === 1 && keep(spec.id, mlpShare)));
  }
  const ids = new Set<string>();
  for (const run of runs) {
    if (ids.has(run.id)) throw new Error(`corpus generator: duplicate run id ${run.id}`);
    ids.add(run.id);
  }
  return {
    runs: runs.filter((run) => run.family === 'mlp' || run.family === 'mlp-minibatch' || keep(run.id, share)),
    ambiguous,
  };
}
