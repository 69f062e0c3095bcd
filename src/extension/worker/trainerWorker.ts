/**
 * Worker-thread entry (bundled as dist/worker.js). Runs a comparison off the extension host's
 * main thread so a long run never freezes the editor; cancellation terminates the thread.
 */
import { parentPort } from 'node:worker_threads';
import { encodeComparison } from '../../core/protocol';
import { createProblem } from '../../core/problems';
import { runComparison } from '../../core/train/compare';
import type { WorkerReply, WorkerStart } from './workerProtocol';

/** Progress is posted at most this often, so messages never dominate the work. */
const PROGRESS_INTERVAL_MS = 50;

function reply(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (message: WorkerStart) => {
  if (message?.type !== 'start') return;
  try {
    const { request } = message;
    const problem = createProblem(request.problem);
    let lastPost = 0;
    const result = runComparison(request, {
      onProgress: (runIndex, step) => {
        const now = Date.now();
        if (now - lastPost >= PROGRESS_INTERVAL_MS) {
          lastPost = now;
          reply({ type: 'progress', runIndex, step });
        }
      },
    });
    reply({
      type: 'done',
      comparison: encodeComparison(result, {
        plotBounds: problem.plotBounds,
        minimizer: problem.minimizer,
        finishedAt: Date.now(),
      }),
    });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
