/**
 * Messages between the extension host and the log worker thread (dist/logWorker.js). The host owns the files
 * (stat, watch, read byte ranges) and transfers the bytes; the worker owns the readers and series stores and
 * answers every request with a summary or a snapshot. Every request carries an id its reply echoes.
 */
import type { LogRunSummary, SnapshotIdentity, SnapshotOptions } from '../../core/logs/logRunSnapshot';
import type { LogFormat } from '../../core/logs/types';
import type { WireLogRun } from '../../core/protocol';

export interface LogFileSpec {
  /** The host's key for the file (its URI). */
  fileId: string;
  /** How warnings name the file (workspace-relative when inside it). */
  label: string;
  format: LogFormat;
  /** The metric key of a single-metric file (MLflow), which holds no tag itself. */
  tag?: string;
}

/** How the worker diagnoses runs (optimizerLens.diagnose.* settings). */
export interface DiagnosisSettings {
  enabled: boolean;
  /** Detector thresholds the user changed, by the engine's names (absent: the engine's defaults). */
  thresholds?: Record<string, number>;
}

export type LogWorkerRequest =
  /**
   * Creates the run's state, or starts it over (fresh readers, store and diagnoser) when it exists; `notes`
   * become its first warnings. Without `diagnosis` the run is diagnosed with the engine's defaults.
   */
  | { type: 'open'; id: number; runId: string; files: LogFileSpec[]; notes?: string[]; diagnosis?: DiagnosisSettings }
  /** New diagnosis settings: the run's diagnosis is rebuilt from its store (or dropped when disabled). */
  | { type: 'configure'; id: number; runId: string; diagnosis: DiagnosisSettings }
  /** Settles the diagnoser's pending windows (a report on what was read so far) and answers with the summary. */
  | { type: 'report'; id: number; runId: string }
  | { type: 'addFile'; id: number; runId: string; file: LogFileSpec }
  /** Bytes appended to a file: the first `length` bytes of `bytes` (transferred). */
  | { type: 'append'; id: number; runId: string; fileId: string; bytes: ArrayBuffer; length: number }
  /** The file's writer is gone (deleted, or the run is no longer followed): partial tails become warnings. */
  | { type: 'end'; id: number; runId: string; fileId: string }
  | { type: 'snapshot'; id: number; runId: string; identity: SnapshotIdentity; options: SnapshotOptions }
  | { type: 'close'; id: number; runId: string };

export type LogWorkerReply =
  | { type: 'summary'; id: number; runId: string; summary: LogRunSummary }
  | { type: 'snapshot'; id: number; runId: string; snapshot: WireLogRun }
  | { type: 'closed'; id: number; runId: string }
  | { type: 'failed'; id: number; message: string };

/** A request without its id (the client numbers them). */
export type LogWorkerCall = LogWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
