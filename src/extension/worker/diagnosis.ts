/**
 * The worker's one door to the diagnosis of embedded runs (src/core/diagnose/embedded): diagnose a run the
 * trainer finished, and prove a fix by re-running the same problem and seed with it. Kept in one place so the
 * rest of the worker depends only on these two shapes.
 */
import { diagnoseTrace, proveFix, runContextOf } from '../../core/diagnose/embedded';
import type { Finding, FindingKind, Fix } from '../../core/diagnose/types';
import type { SpecRunResult } from '../../core/train/simulate';
import type { RunSpec } from '../../core/train/spec';

/** Every finding of a finished run, in order of step_start. */
export function diagnoseSpecRun(result: SpecRunResult): Finding[] {
  return diagnoseTrace(result.trace, runContextOf(result.spec, result.problem));
}

export interface ProvenFix {
  /** The re-run with the fix applied, and its findings. */
  after: SpecRunResult & { findings: Finding[] };
  proven: boolean;
  verdict: string;
  /** Set when the fix had to replace part of the spec (e.g. a schedule). */
  note?: string;
}

/** Re-runs `spec` with `fix` (offered for a finding of `kind`) and judges it. Throws when the fix cannot apply. */
export function proveSpecFix(spec: RunSpec, kind: FindingKind, fix: Fix, tolerance: number): ProvenFix {
  const proof = proveFix(spec, { kind, fix }, { tolerance });
  return { after: proof.after, proven: proof.proven, verdict: proof.verdict, ...(proof.note !== undefined ? { note: proof.note } : {}) };
}
