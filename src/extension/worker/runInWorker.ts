/** Host side of the trainer worker: start it, relay progress, terminate on cancel. */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { WireComparison } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import type { ComparisonRequest } from '../../core/train/types';
import type { FindingKind, Fix } from '../../core/diagnose/types';
import type { FixTrialOutcome, WorkerReply, WorkerStart } from './workerProtocol';

export class ComparisonCancelledError extends Error {
  constructor() {
    super('The comparison was cancelled.');
    this.name = 'ComparisonCancelledError';
  }
}

export interface WorkerRunOptions {
  /** Folder holding the bundles (the extension's dist/). */
  distPath: string;
  onProgress?: (runIndex: number, step: number) => void;
  /** Registers a callback invoked when the user cancels. */
  onCancel?: (cancel: () => void) => void;
}

export function runComparisonInWorker(request: ComparisonRequest, options: WorkerRunOptions): Promise<WireComparison> {
  return runInWorker({ type: 'start', request }, options, comparisonOf);
}

/** Re-runs `spec` with `fix` (offered for a finding of `kind`) and returns the re-run, diagnosed, with the verdict. */
export function runFixTrialInWorker(
  trial: { spec: RunSpec; kind: FindingKind; fix: Fix; tolerance: number; label: string },
  options: WorkerRunOptions,
): Promise<FixTrialOutcome> {
  return runInWorker({ type: 'tryFix', ...trial }, options, (reply) => (reply.type === 'fixDone' ? reply.outcome : undefined));
}

function comparisonOf(reply: WorkerReply): WireComparison | undefined {
  return reply.type === 'done' ? reply.comparison : undefined;
}

/** Runs the runs of a spec file; progress reports the run index and its step. */
export function runSpecsInWorker(
  specs: RunSpec[],
  settings: { tolerance: number; specTitle: string },
  options: WorkerRunOptions,
): Promise<WireComparison> {
  return runInWorker({ type: 'startSpecs', specs, ...settings }, options, comparisonOf);
}

/** Starts the worker with `start`; resolves with what `answer` takes from the first reply it recognises. */
function runInWorker<T>(start: WorkerStart, options: WorkerRunOptions, answer: (reply: WorkerReply) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(path.join(options.distPath, 'worker.js'));
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
      void worker.terminate();
    };
    options.onCancel?.(() => settle(() => reject(new ComparisonCancelledError())));
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'progress':
          options.onProgress?.(reply.runIndex, reply.step);
          break;
        case 'failed':
          settle(() => reject(new Error(reply.message)));
          break;
        default: {
          const value = answer(reply);
          if (value !== undefined) settle(() => resolve(value));
        }
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The trainer worker stopped unexpectedly (exit code ${code}).`))));
    worker.postMessage(start);
  });
}
