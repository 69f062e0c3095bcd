/**
 * Proves a fix by re-running: the same problem and seed, the spec with the fix applied, both runs diagnosed
 * the same way. A fix is proven when the re-run no longer shows the kind of finding it was for and shows no
 * error it did not have before; for divergence and NaN, the trainer's own verdict counts too (a re-run that
 * still hits the blow-up bound is not fixed, whatever the detectors say). The loss before and after is
 * reported either way, because "the finding went away" and "the run got better" are different claims.
 */
import { runSpecs, type SpecRunResult } from '../../train/simulate';
import type { RunSpec } from '../../train/spec';
import type { Finding, FindingKind, Fix } from '../types';
import { applyFixWithNote } from './applyFix';
import { runContextOf } from './context';
import { diagnoseTrace } from './diagnoseTrace';
import { defaultDiagnoserFactory, type DiagnoserFactory, type DiagnoserThresholds } from './engine';

/** The finding a fix was offered for (its kind) and the fix. */
export interface FixRef {
  kind: FindingKind;
  fix: Fix;
}

export interface DiagnosedRun extends SpecRunResult {
  findings: Finding[];
}

export interface LossComparison {
  finalBefore: number;
  finalAfter: number;
  bestBefore: number;
  bestAfter: number;
  /** First step within the tolerance of the problem's minimum, null if never. */
  stepsToToleranceBefore: number | null;
  stepsToToleranceAfter: number | null;
}

export interface FixProof {
  kind: FindingKind;
  fix: Fix;
  /** Set when the fix replaced part of the spec (e.g. a schedule without a warm-up form). */
  note?: string;
  before: DiagnosedRun;
  after: DiagnosedRun;
  proven: boolean;
  /** Why proven or not, with the numbers, in one sentence. */
  verdict: string;
  loss: LossComparison;
}

export interface ProveOptions {
  /** Convergence tolerance for steps-to-tolerance (the simulate default, 1e-4, otherwise). */
  tolerance?: number;
  thresholds?: DiagnoserThresholds;
  createDiagnoser?: DiagnoserFactory;
  /** The run before the fix, when already run and diagnosed (saves one run). */
  before?: DiagnosedRun;
}

/** Runs a spec and diagnoses it. */
export function runAndDiagnose(spec: RunSpec, options: ProveOptions = {}): DiagnosedRun {
  const [result] = runSpecs([spec], options.tolerance === undefined ? {} : { tolerance: options.tolerance });
  const findings = diagnoseTrace(result.trace, runContextOf(spec, result.problem), options.thresholds, options.createDiagnoser ?? defaultDiagnoserFactory);
  return { ...result, findings };
}

/** Divergence and NaN are one failure seen two ways: fixing either means neither remains. */
const BLOW_UP: readonly FindingKind[] = ['divergence', 'nan'];

function fixedKinds(kind: FindingKind): readonly FindingKind[] {
  return BLOW_UP.includes(kind) ? BLOW_UP : [kind];
}

function short(x: number | null): string {
  if (x === null) return 'never';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

function lossComparison(before: DiagnosedRun, after: DiagnosedRun): LossComparison {
  const b = before.trace.summary;
  const a = after.trace.summary;
  return {
    finalBefore: b.finalLoss,
    finalAfter: a.finalLoss,
    bestBefore: b.bestLoss,
    bestAfter: a.bestLoss,
    stepsToToleranceBefore: b.stepsToTolerance,
    stepsToToleranceAfter: a.stepsToTolerance,
  };
}

function lossText(loss: LossComparison): string {
  return `final loss ${short(loss.finalBefore)} -> ${short(loss.finalAfter)}, best ${short(loss.bestBefore)} -> ${short(loss.bestAfter)}, `
    + `steps to tolerance ${short(loss.stepsToToleranceBefore)} -> ${short(loss.stepsToToleranceAfter)}`;
}

/** Applies the fix, re-runs the same problem and seed, diagnoses both runs and judges the fix. */
export function proveFix(spec: RunSpec, ref: FixRef, options: ProveOptions = {}): FixProof {
  const { spec: fixedSpec, note } = applyFixWithNote(spec, ref.fix);
  const before = options.before ?? runAndDiagnose(spec, options);
  const after = runAndDiagnose(fixedSpec, options);
  const kinds = fixedKinds(ref.kind);
  const remaining = after.findings.filter((f) => kinds.includes(f.kind));
  const errorsBefore = new Set(before.findings.filter((f) => f.severity === 'error').map((f) => f.kind));
  const newErrors = after.findings.filter((f) => f.severity === 'error' && !errorsBefore.has(f.kind) && !kinds.includes(f.kind));
  const stillDiverged = BLOW_UP.includes(ref.kind) && after.trace.summary.diverged;
  // The trainer's blow-up verdict is ground truth of its own: a re-run that newly hits the bound has a new error
  // even when it blew up too fast for the detectors' windows.
  const newlyDiverged = !BLOW_UP.includes(ref.kind) && after.trace.summary.diverged && !before.trace.summary.diverged;
  const proven = remaining.length === 0 && newErrors.length === 0 && !stillDiverged && !newlyDiverged;
  const loss = lossComparison(before, after);
  let why: string;
  if (stillDiverged) why = `the re-run still diverged at step ${after.trace.summary.divergedAtStep}`;
  else if (remaining.length > 0) why = `the re-run still shows ${remaining[0].kind} on ${remaining[0].metric} (steps ${remaining[0].step_start}-${remaining[0].step_end})`;
  else if (newErrors.length > 0) why = `the re-run has a new error: ${newErrors[0].kind} on ${newErrors[0].metric} from step ${newErrors[0].step_start}`;
  else if (newlyDiverged) why = `the re-run has a new error: it diverged at step ${after.trace.summary.divergedAtStep}`;
  else why = `the re-run shows no ${kinds.join(' or ')}`;
  const verdict = `${proven ? 'Proven' : 'Not proven'}: ${why}; ${lossText(loss)}.`;
  const proof: FixProof = { kind: ref.kind, fix: ref.fix, before, after, proven, verdict, loss };
  if (note !== undefined) proof.note = note;
  return proof;
}
