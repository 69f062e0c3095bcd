/**
 * The shape of one labelled run of the diagnosis corpus. Labels come from the generating formula, closed-form
 * theory or the measured outcome (see README.md), never from the detectors.
 */
import type { FindingKind, MetricRole, RunContext } from '../../../src/core/diagnose/types';
import type { RunSpec } from '../../../src/core/train/spec';

/** One metric of a run: points in step order (steps strictly increasing). */
export interface LabelledSeries {
  metric: string;
  /** Declared to the engine with setRole; when absent the engine infers it from the name. */
  role?: MetricRole;
  steps: Float64Array;
  values: Float64Array;
}

/** A kind the run must raise, with the step its condition starts (detection delay is measured from here). */
export interface ExpectedFinding {
  kind: FindingKind;
  onset: number;
}

export type CorpusFamily =
  | 'quadratic' | 'quadratic-adam' | 'rosenbrock' | 'mlp' | 'noisy-quadratic' | 'mlp-minibatch'
  | 'decay' | 'blowup' | 'nan-injection' | 'spike' | 'plateau' | 'lr-to-zero' | 'ringing' | 'zigzag'
  | 'overfitting';

export interface LabelledRun {
  id: string;
  family: CorpusFamily;
  series: LabelledSeries[];
  context: RunContext;
  /** Empty = a healthy run: any finding of any kind is a false alarm. */
  expected: ExpectedFinding[];
  /** Kinds that count neither as hit nor as false alarm (each justified in README.md). */
  tolerated: FindingKind[];
  /** Embedded runs: the spec that produced the series, so a fix can be applied and re-run. */
  spec?: RunSpec;
  /** First step with a non-finite loss-like value, when the run has one. */
  firstNonFiniteStep?: number;
  /** Embedded runs that hit the trainer's blow-up bound: the update at which it did. */
  divergedAtStep?: number;
  /** Quadratic grid runs: the spectrum and initial errors theory labelled them with (a re-run is labelled the same way). */
  theory?: { lambdas: readonly number[]; errors: readonly number[] };
  /** Why the label is what it is, with the numbers (printed for misclassified runs). */
  why: string;
}

/**
 * Runs whose ground truth sits too close to a boundary to be scored (e.g. a mode rate within a few percent
 * of 1). They are generated, counted and reported, but not scored.
 */
export interface AmbiguousRun {
  id: string;
  family: CorpusFamily;
  why: string;
}

export interface Corpus {
  runs: LabelledRun[];
  ambiguous: AmbiguousRun[];
}
