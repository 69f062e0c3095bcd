import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { ComparisonCancelledError, runComparisonInWorker } from '../../src/extension/worker/runInWorker';
import { defaultEntries } from '../../src/core/train/presets';
import type { ComparisonRequest } from '../../src/core/train/types';

// The worker runs the real bundle (dist/worker.js), exactly as the extension host does.
const distPath = path.resolve(__dirname, '../../../dist');

function request(steps: number): ComparisonRequest {
  return { problem: { name: 'rosenbrock' }, entries: defaultEntries('rosenbrock'), steps, tolerance: 1e-4 };
}

describe('trainer worker thread', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(path.join(distPath, 'worker.js'))) throw new Error(`build first: ${distPath}/worker.js is missing`);
  });

  it('runs a comparison off the main thread and returns every run encoded for the webview', async () => {
    const progress: number[] = [];
    const wire = await runComparisonInWorker(request(300), { distPath, onProgress: (runIndex) => progress.push(runIndex) });
    assert.equal(wire.runs.length, 5);
    for (const run of wire.runs) {
      assert.equal(run.loss.length, run.stepsRun + 1);
      assert.equal(run.params.length, (run.stepsRun + 1) * 2);
    }
    assert.ok(wire.plotBounds, 'a 2-D problem carries its plot bounds');
  });

  it('stops at once when cancelled, rejecting with ComparisonCancelledError', async () => {
    let cancel: (() => void) | undefined;
    const run = runComparisonInWorker(request(5_000_000), {
      distPath,
      onCancel: (c) => (cancel = c),
      onProgress: () => cancel?.(),
    });
    // 5 optimizers x 5 million steps: the promise settles on the first progress report, long before the runs end.
    await assert.rejects(run, ComparisonCancelledError);
  });

  it('reports a settings error from the worker as a rejection with the message', async () => {
    const bad: ComparisonRequest = { ...request(10), entries: [{ label: 'bad', optimizer: { name: 'sgd', lr: 0.1, nesterov: true } }] };
    await assert.rejects(runComparisonInWorker(bad, { distPath }), /nesterov/i);
  });
});
