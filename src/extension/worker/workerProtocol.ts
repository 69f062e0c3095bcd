/** Messages between the extension host and the trainer worker thread (both sides are ours, same bundle build). */
import type { FindingKind, Fix } from '../../core/diagnose/types';
import type { WireComparison, WireRun } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import type { ComparisonRequest } from '../../core/train/types';

export type WorkerStart =
  | { type: 'start'; request: ComparisonRequest }
  /** The runs of a spec file (already validated by the host). */
  | { type: 'startSpecs'; specs: RunSpec[]; tolerance: number; specTitle: string }
  /** "Try this fix": re-run `spec` with `fix` (offered for a finding of `kind`); the re-run is labelled `label`. */
  | { type: 'tryFix'; spec: RunSpec; kind: FindingKind; fix: Fix; tolerance: number; label: string };

/** The re-run of a fix trial, encoded for the webview with its findings, and the verdict. */
export interface FixTrialOutcome {
  after: WireRun;
  proven: boolean;
  verdict: string;
}

export type WorkerReply =
  | { type: 'progress'; runIndex: number; step: number }
  | { type: 'done'; comparison: WireComparison }
  | { type: 'fixDone'; outcome: FixTrialOutcome }
  | { type: 'failed'; message: string };
