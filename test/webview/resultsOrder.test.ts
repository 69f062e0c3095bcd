import * as assert from 'node:assert/strict';
import type { WireRun } from '../../src/core/protocol';
import { bestRunIndex, sortedRunIndices } from '../../src/webview/resultsOrder';

function run(label: string, finalLoss: number | null, stepsToTolerance: number | null, divergedAtStep: number | null = null): WireRun {
  return {
    label, optimizer: { name: 'sgd', lr: 0.1 }, dim: 2, stepsRequested: 10, stepsRun: 0, hasVelocity: false,
    loss: [1], gradNorm: [null], updateNorm: [null], velocityNorm: [null], lr: [null], params: [0, 0],
    summary: { finalLoss, bestLoss: finalLoss, stepsToTolerance, diverged: divergedAtStep !== null, divergedAtStep },
  };
}

describe('webview/resultsOrder', () => {
  const runs = [run('b', 1e-3, null), run('A', null, null, 12), run('c', 1e-8, 40), run('d', 1e-5, 400)];

  it('keeps the comparison order when unsorted', () => {
    assert.deepEqual(sortedRunIndices(runs, null, 'ascending'), [0, 1, 2, 3]);
  });

  it('sorts numbers both ways with missing values last', () => {
    assert.deepEqual(sortedRunIndices(runs, 'finalLoss', 'ascending'), [2, 3, 0, 1]);
    assert.deepEqual(sortedRunIndices(runs, 'finalLoss', 'descending'), [0, 3, 2, 1]);
    assert.deepEqual(sortedRunIndices(runs, 'stepsToTolerance', 'ascending'), [2, 3, 0, 1]);
  });

  it('sorts labels case-insensitively', () => {
    assert.deepEqual(sortedRunIndices(runs, 'label', 'ascending'), [1, 0, 2, 3]);
  });

  it('picks the lowest final loss among runs that did not diverge', () => {
    assert.equal(bestRunIndex(runs), 2);
    assert.equal(bestRunIndex([runs[1]]), null);
  });
});
