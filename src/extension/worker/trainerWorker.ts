/**
 * Worker-thread entry (bundled as dist/worker.js). Runs a comparison, a spec file's runs or a fix trial off
 * the extension host's main thread so a long run never freezes the editor; cancellation terminates the
 * thread. Every finished run is diagnosed here too, so the findings arrive with the comparison.
 */
import { parentPort } from 'node:worker_threads';
import { encodeComparison, encodeRun } from '../../core/protocol';
import { createProblem } from '../../core/problems';
import { runComparison } from '../../core/train/compare';
import { runSpecs } from '../../core/train/simulate';
import { encodeSpecRuns } from '../../core/train/specWire';
import { specsOfRequest } from './comparisonSpecs';
import { diagnoseSpecRun, proveSpecFix } from './diagnosis';
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

function work(message: WorkerStart): WorkerReply | null {
  switch (message?.type) {
    case 'startSpecs': {
      const results = runSpecs(message.specs, { tolerance: message.tolerance, onProgress: throttledProgress() });
      const comparison = encodeSpecRuns(results, { tolerance: message.tolerance, specTitle: message.specTitle, finishedAt: Date.now() });
      results.forEach((result, i) => { comparison.runs[i].findings = diagnoseSpecRun(result); });
      return { type: 'done', comparison };
    }
    case 'start': {
      const { request } = message;
      const problem = createProblem(request.problem);
      const result = runComparison(request, { onProgress: throttledProgress() });
      const comparison = encodeComparison(result, {
        plotBounds: problem.plotBounds,
        minimizer: problem.minimizer,
        finishedAt: Date.now(),
        runs: request.entries.map((entry) => ({
          ...(entry.schedule ? { schedule: entry.schedule } : {}),
          ...(entry.clip ? { clip: entry.clip } : {}),
        })),
      });
      const specs = specsOfRequest(request);
      result.runs.forEach((trace, i) => { comparison.runs[i].findings = diagnoseSpecRun({ spec: specs[i], problem, trace }); });
      return { type: 'done', comparison };
    }
    case 'tryFix': {
      const proof = proveSpecFix(message.spec, message.kind, message.fix, message.tolerance);
      const { spec, trace, findings } = proof.after;
      const after = encodeRun({ ...trace, label: message.label }, {
        ...(spec.schedule ? { schedule: spec.schedule } : {}),
        ...(spec.clip ? { clip: spec.clip } : {}),
      });
      after.findings = findings;
      const verdict = proof.note ? `${proof.verdict} (${proof.note})` : proof.verdict;
      return { type: 'fixDone', outcome: { after, proven: proof.proven, verdict } };
    }
    default:
      return null;
  }
}

parentPort?.on('message', (message: WorkerStart) => {
  try {
    const answer = work(message);
    if (answer) reply(answer);
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
