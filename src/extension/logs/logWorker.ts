/**
 * Worker-thread entry (bundled as dist/logWorker.js): the readers and series stores of every followed run live
 * here, so parsing a 1 GB event file or decimating ten million points never blocks the extension host. The host
 * sends the appended bytes of each file; every request is answered in order.
 */
import { parentPort } from 'node:worker_threads';
import { buildLogRunSnapshot, summarizeLogRun } from '../../core/logs/logRunSnapshot';
import { createReader } from '../../core/logs/readerRegistry';
import { RunDiagnosis } from '../../core/logs/runDiagnosis';
import { LiveDecimations } from '../../core/logs/liveDecimation';
import { SeriesStore } from '../../core/logs/seriesStore';
import { SmoothedTracks } from '../../core/chart/smoothedTrack';
import '../../core/logs/tfevents/index';
import type { IncrementalReader, ReadWarning, ScalarSink } from '../../core/logs/types';
import { logDiagnoserFactory } from './logDiagnoser';
import type { DiagnosisSettings, LogFileSpec, LogWorkerReply, LogWorkerRequest } from './logWorkerProtocol';

/**
 * Point budget per run. Charts ask for ~1000 px per tag, so older data compacted to its extremes costs nothing
 * visible; 4 M points (~80 MB of columns) keeps a 1 GB log, the worker and the host's buffers under 300 MB.
 */
const RUN_MAX_POINTS = 4_000_000;

/** Warnings kept per run (the count goes on beyond). */
const KEPT_WARNINGS = 200;

interface FileState {
  spec: LogFileSpec;
  /** Undefined when no reader reads the format (reported once). */
  reader: IncrementalReader | undefined;
  /** How many of the reader's warnings were already collected. */
  seenWarnings: number;
  ended: boolean;
}

interface RunState {
  store: SeriesStore;
  /** Null when diagnosis is switched off. */
  diagnosis: RunDiagnosis | null;
  /** Where readers deliver: the diagnosis (which tees into the store) or the store alone. */
  sink: ScalarSink;
  files: Map<string, FileState>;
  warnings: string[];
  warningCount: number;
  /** TensorBoard-smoothed lines of the shown tags, kept up to date incrementally (snapshots with smoothing). */
  smoothed: SmoothedTracks;
  /**
   * Whole-run raw lines of the shown tags, kept up to date as points arrive: a live snapshot folds the new
   * points instead of decimating every shown series again (bench/dashboardFrame.ts, 'workerSpread').
   */
  live: LiveDecimations;
}

/** Diagnosis with the engine's defaults, for an 'open' that says nothing about it. */
const DEFAULT_DIAGNOSIS: DiagnosisSettings = { enabled: true };

function diagnose(run: RunState, settings: DiagnosisSettings): void {
  const factory = logDiagnoserFactory(settings);
  run.diagnosis = factory ? new RunDiagnosis(run.store, factory) : null;
  run.sink = run.diagnosis ?? run.store;
}

const runs = new Map<string, RunState>();

function reply(message: LogWorkerReply): void {
  parentPort?.postMessage(message);
}

function addWarning(run: RunState, text: string): void {
  run.warningCount++;
  run.warnings.push(text);
  if (run.warnings.length > KEPT_WARNINGS) run.warnings.splice(0, run.warnings.length - KEPT_WARNINGS);
}

function locate(label: string, w: ReadWarning): string {
  if (w.line !== undefined) return `${label}:${w.line}: ${w.message}`;
  if (w.offset !== undefined) return `${label}@${w.offset}: ${w.message}`;
  return `${label}: ${w.message}`;
}

function openFile(run: RunState, spec: LogFileSpec): void {
  let reader: IncrementalReader | undefined;
  try {
    reader = createReader(spec.format, spec.tag !== undefined ? { tag: spec.tag } : {});
  } catch (error) {
    addWarning(run, `${spec.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  run.files.set(spec.fileId, { spec, reader, seenWarnings: 0, ended: false });
}

function collectWarnings(run: RunState, file: FileState): void {
  const all = file.reader?.warnings ?? [];
  for (let i = file.seenWarnings; i < all.length; i++) addWarning(run, locate(file.spec.label, all[i]));
  file.seenWarnings = all.length;
}

function crcErrors(run: RunState): number {
  let n = 0;
  for (const file of run.files.values()) n += (file.reader as { crcErrors?: number } | undefined)?.crcErrors ?? 0;
  return n;
}

function readState(run: RunState) {
  return { warnings: run.warnings, warningCount: run.warningCount, crcErrors: crcErrors(run) };
}

function summary(id: number, runId: string, run: RunState): LogWorkerReply {
  return { type: 'summary', id, runId, summary: summarizeLogRun(run.store, readState(run), run.diagnosis?.findings) };
}

function handle(message: LogWorkerRequest): LogWorkerReply {
  if (message.type === 'open') {
    const store = new SeriesStore({ maxPoints: RUN_MAX_POINTS });
    const run: RunState = { store, diagnosis: null, sink: store, files: new Map(), warnings: [], warningCount: 0,
      smoothed: new SmoothedTracks(), live: new LiveDecimations(store) };
    diagnose(run, message.diagnosis ?? DEFAULT_DIAGNOSIS);
    for (const note of message.notes ?? []) addWarning(run, note);
    for (const spec of message.files) openFile(run, spec);
    runs.set(message.runId, run);
    return summary(message.id, message.runId, run);
  }
  const run = runs.get(message.runId);
  if (message.type === 'close') {
    runs.delete(message.runId);
    return { type: 'closed', id: message.id, runId: message.runId };
  }
  if (!run) return { type: 'failed', id: message.id, message: `no run ${message.runId} in the log worker` };
  switch (message.type) {
    case 'addFile':
      if (!run.files.has(message.file.fileId)) openFile(run, message.file);
      return summary(message.id, message.runId, run);
    case 'append': {
      const file = run.files.get(message.fileId);
      if (file?.reader && !file.ended) {
        file.reader.push(new Uint8Array(message.bytes, 0, message.length), run.sink);
        run.diagnosis?.settle();
        collectWarnings(run, file);
      }
      return summary(message.id, message.runId, run);
    }
    case 'end': {
      const file = run.files.get(message.fileId);
      if (file?.reader && !file.ended) {
        file.ended = true;
        file.reader.end(run.sink);
        run.diagnosis?.settle();
        collectWarnings(run, file);
      }
      return summary(message.id, message.runId, run);
    }
    case 'configure':
      diagnose(run, message.diagnosis);
      run.diagnosis?.rebuild();
      return summary(message.id, message.runId, run);
    case 'report':
      run.diagnosis?.report();
      return summary(message.id, message.runId, run);
    case 'snapshot':
      return {
        type: 'snapshot',
        id: message.id,
        runId: message.runId,
        snapshot: buildLogRunSnapshot(run.store, message.identity, readState(run), message.options, run.diagnosis?.findings, run.smoothed, run.live),
      };
  }
}

parentPort?.on('message', (message: LogWorkerRequest) => {
  try {
    reply(handle(message));
  } catch (error) {
    // Readers never throw on bad input; this is a bug, reported to the host rather than killing the thread.
    reply({ type: 'failed', id: message?.id ?? -1, message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
});
