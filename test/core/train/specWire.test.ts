import * as assert from 'node:assert/strict';
import { validateHostMessage } from '../../../src/core/protocol';
import { parseRunSpecs } from '../../../src/core/train/spec';
import { runSpecs } from '../../../src/core/train/simulate';
import { encodeSpecRuns } from '../../../src/core/train/specWire';

describe('spec runs on the dashboard', () => {
  const options = { tolerance: 1e-4, finishedAt: 1, specTitle: 'mixed.optlens.json' };

  it('shows runs on one problem as a comparison on that problem, with its contour plot', () => {
    const wire = encodeSpecRuns(runSpecs(parseRunSpecs([
      { steps: 10, problem: { name: 'rosenbrock' }, optimizer: { name: 'adam', lr: 0.1 } },
      { steps: 20, problem: { name: 'rosenbrock' }, optimizer: { name: 'sgd', lr: 0.001 } },
    ])), options);
    assert.match(wire.problemTitle, /Rosenbrock/);
    assert.ok(wire.plotBounds && wire.minimizer);
    assert.equal(wire.steps, 20);
    assert.deepEqual(wire.runs.map((r) => r.id), ['run-1', 'run-2']);
    assert.equal(wire.runs[0].problemTitle, undefined);
  });

  it('titles runs on different problems by the spec, names each run\'s problem and drops the path plot', () => {
    const wire = encodeSpecRuns(runSpecs(parseRunSpecs([
      { steps: 10, problem: { name: 'rosenbrock' }, optimizer: { name: 'adam', lr: 0.1 } },
      { steps: 10, problem: { name: 'quadratic', eigenvalues: [1, 10, 100] }, optimizer: { name: 'adam', lr: 0.1 } },
    ])), options);
    assert.equal(wire.problemTitle, 'mixed.optlens.json');
    assert.equal(wire.plotBounds, null);
    assert.ok(wire.runs.every((r) => typeof r.problemTitle === 'string' && r.problemTitle.length > 0));
    assert.ok(validateHostMessage(JSON.parse(JSON.stringify({ type: 'comparison', comparison: wire }))).ok);
  });
});
