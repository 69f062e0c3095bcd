/**
 * Worker-thread entry (bundled as dist/worker.js). Runs a comparison off the extension host's
 * main thread so a long run never freezes the editor; cancellation terminates the thread.
 */
import { parentPort } from 'node:worker_threads';
import { encodeComparison } from '../../core/protocol';
import { createProblem } from '../../core/problems';
import { runComparison } from '../../core/train/compare';
import { runSpecs } from '../../core/train/simulate';
import { encodeSpecRuns } from '../../core/train/specWire';
import type { WorkerReply, WorkerStart } from './workerProtocol';

/** Progress is posted at most this often, so messages never dominate the work. */
const PROGRESS_INTERVAL_MS = 50;

function reply(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

function throttledProgress(): (runIndex: number, step: number) => void {
  let lastPost = 0;
  return (runIndex, step) => {
    const now = Date.now();
    if (now - lastPost >= PROGRESS_INTERVAL_MS) {
      lastPost = now;
      reply({ type: 'progress', runIndex, step });
    }
  };
}

parentPort?.on('message', (message: WorkerStart) => {
  if (message?.type === 'startSpecs') {
    try {
      const results = runSpecs(message.specs, { tolerance: message.tolerance, onProgress: throttledProgress() });
      reply({ type: 'done', comparison: encodeSpecRuns(results, { tolerance: message.tolerance, specTitle: message.specTitle, finishedAt: Date.now() }) });
    } catch (error) {
      reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (message?.type !== 'start') return;
  try {
    const { request } = message;
    const problem = createProblem(request.problem);
    const result = runComparison(request, { onProgress: throttledProgress() });
    reply({
      type: 'done',
      comparison: encodeComparison(result, {
        plotBounds: problem.plotBounds,
        minimizer: problem.minimizer,
        finishedAt: Date.now(),
        runs: request.entries.map((entry) => ({
          ...(entry.schedule ? { schedule: entry.schedule } : {}),
          ...(entry.clip ? { clip: entry.clip } : {}),
        })),
      }),
    });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
