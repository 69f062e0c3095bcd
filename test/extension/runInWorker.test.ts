import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { ComparisonCancelledError, runComparisonInWorker, runSpecsInWorker } from '../../src/extension/worker/runInWorker';
import { parseRunSpecs } from '../../src/core/train/spec';
import { validateHostMessage } from '../../src/core/protocol';
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

  it('runs the runs of a spec and returns them with ids, schedules and clipping', async () => {
    const specs = parseRunSpecs([
      { id: 'warm', steps: 50, problem: { name: 'rosenbrock' }, optimizer: { name: 'sgd', lr: 0.001, momentum: 0.9 }, schedule: { name: 'linear_warmup', warmup_steps: 10 } },
      { id: 'clipped', steps: 40, problem: { name: 'rosenbrock' }, optimizer: { name: 'adam', convention: 'keras', learning_rate: 0.01 }, clip: { global_clipnorm: 1 } },
    ]);
    const wire = await runSpecsInWorker(specs, { tolerance: 1e-4, specTitle: 'two.optlens.json' }, { distPath });
    assert.deepEqual(wire.runs.map((r) => r.id), ['warm', 'clipped']);
    assert.deepEqual(wire.runs[0].schedule, { name: 'linear_warmup', warmup_steps: 10 });
    assert.deepEqual(wire.runs[1].clip, { global_clipnorm: 1 });
    assert.equal(wire.runs[1].loss.length, 41);
    assert.equal(wire.steps, 50);
    assert.ok(wire.plotBounds, 'runs on one 2-D problem keep its contour plot');
    assert.ok(validateHostMessage(JSON.parse(JSON.stringify({ type: 'comparison', comparison: wire }))).ok);
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
