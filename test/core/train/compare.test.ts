import * as assert from 'node:assert/strict';
import { CancelledError, runComparison } from '../../../src/core/train/compare';
import { defaultEntries } from '../../../src/core/train/presets';
import type { ComparisonRequest } from '../../../src/core/train/types';

const request = (): ComparisonRequest => ({
  problem: { name: 'rosenbrock' },
  entries: defaultEntries('rosenbrock'),
  steps: 200,
  tolerance: 1e-4,
});

describe('runComparison', () => {
  it('runs every entry from the same start and describes the problem', () => {
    const result = runComparison(request());
    assert.equal(result.problemTitle, 'Rosenbrock (a=1, b=100)');
    assert.equal(result.minimumLoss, 0);
    assert.equal(result.steps, 200);
    assert.equal(result.tolerance, 1e-4);
    assert.deepEqual(result.runs.map((r) => r.label), defaultEntries('rosenbrock').map((e) => e.label));
    for (const run of result.runs) {
      assert.deepEqual(Array.from(run.params.subarray(0, 2)), [-1.2, 1]);
      assert.equal(run.stepsRun, 200);
    }
  });

  it('reports progress per run', () => {
    const last = new Map<number, number>();
    runComparison({ ...request(), steps: 2500 }, { onProgress: (runIndex, step) => last.set(runIndex, step) });
    assert.deepEqual([...last.entries()], [[0, 2500], [1, 2500], [2, 2500], [3, 2500], [4, 2500]]);
  });

  it('checks every optimizer before running any', () => {
    const req = request();
    req.entries.push({ label: 'bad', optimizer: { name: 'adam', lr: 0.1, betas: [0.9, 1] } });
    let progressed = false;
    assert.throws(() => runComparison(req, { onProgress: () => (progressed = true) }), /betas\[1\]/);
    assert.equal(progressed, false);
  });

  it('throws CancelledError when asked to stop', () => {
    assert.throws(() => runComparison(request(), { shouldStop: () => true }), CancelledError);
    let runsStarted = 0;
    assert.throws(
      () => runComparison(request(), { onProgress: (i, step) => { if (step === 200) runsStarted = i + 1; }, shouldStop: () => runsStarted >= 2 }),
      (e: unknown) => e instanceof CancelledError && e.name === 'CancelledError',
    );
    assert.equal(runsStarted, 2);
  });
});
