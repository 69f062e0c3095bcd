import * as assert from 'node:assert/strict';
import { MAP_RUN_PREFIX, specsWithSettings } from '../../../src/extension/dashboard/mapRunSpecs';
import type { RunSpec } from '../../../src/core/train/spec';
import { parseRunSpecs } from '../../../src/core/train/spec';

const problem = { name: 'ill-conditioned-quadratic' } as const;
const specs: RunSpec[] = [
  { id: 'SGD lr=0.012', steps: 300, problem, optimizer: { name: 'sgd', lr: 0.012 } },
  { id: 'Adam', steps: 500, problem, seed: 7, optimizer: { name: 'adam', lr: 0.2 } },
];

describe('stability map re-run specs', () => {
  it('keeps the comparison\u2019s runs and adds momentum SGD at the clicked settings on the same problem, over the longest run', () => {
    const out = specsWithSettings(specs, { comparisonFinishedAt: 1, lr: 0.0123, momentum: 0.95, nesterov: false });
    assert.deepEqual(out.slice(0, 2), specs);
    assert.deepEqual(out[2], { id: `${MAP_RUN_PREFIX}SGD lr=0.0123 momentum=0.95`, steps: 500, problem, optimizer: { name: 'sgd', lr: 0.0123, momentum: 0.95 } });
    // The engine's own spec parser accepts the added run.
    assert.equal(parseRunSpecs(JSON.parse(JSON.stringify(out))).length, 3);
  });

  it('replaces the run of an earlier click instead of piling them up, and says Nesterov', () => {
    const once = specsWithSettings(specs, { comparisonFinishedAt: 1, lr: 0.01, momentum: 0.9, nesterov: false });
    const twice = specsWithSettings(once, { comparisonFinishedAt: 1, lr: 0.02, momentum: 0.5, nesterov: true });
    assert.equal(twice.length, 3);
    assert.equal(twice[2].id, `${MAP_RUN_PREFIX}SGD lr=0.02 momentum=0.5 nesterov`);
    assert.deepEqual(twice[2].optimizer, { name: 'sgd', lr: 0.02, momentum: 0.5, nesterov: true });
  });

  it('refuses a comparison without runs', () => {
    assert.throws(() => specsWithSettings([], { comparisonFinishedAt: 1, lr: 0.01, momentum: 0, nesterov: false }), /no run/);
  });
});
