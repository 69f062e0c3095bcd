import * as assert from 'node:assert/strict';
import { runComparison } from '../../../src/core/train/compare';
import { comparisonSummaryJson, formatResultsTable } from '../../../src/core/train/table';
import type { ComparisonResult } from '../../../src/core/train/types';

function mixedResult(): ComparisonResult {
  // One run that converges, one that never reaches the tolerance, one that blows up to Infinity.
  return runComparison({
    problem: { name: 'ill-conditioned-quadratic' },
    entries: [
      { label: 'Momentum 0.9 lr=0.012', optimizer: { name: 'sgd', lr: 0.012, momentum: 0.9 } },
      { label: 'SGD lr=0.0001', optimizer: { name: 'sgd', lr: 0.0001 } },
      { label: 'SGD lr=1e300', optimizer: { name: 'sgd', lr: 1e300 } },
    ],
    steps: 300,
    tolerance: 1e-4,
  });
}

describe('results table', () => {
  const result = mixedResult();
  const lines = formatResultsTable(result).trimEnd().split('\n');

  it('has a header, a rule and one row per run', () => {
    assert.equal(lines.length, 2 + 3);
    assert.match(lines[0], /^Optimizer\s+Final loss\s+Steps to tolerance\s+Diverged$/);
    assert.match(lines[1], /^-+( +-+){3}$/);
  });

  it('lines the columns up', () => {
    // Right-aligned number columns end at the same offset on every line.
    const finalLossEnd = lines[0].indexOf('Final loss') + 'Final loss'.length;
    const stepsEnd = lines[0].indexOf('Steps to tolerance') + 'Steps to tolerance'.length;
    for (const line of lines.slice(2)) {
      assert.equal(line[finalLossEnd], ' ', line);
      assert.notEqual(line[finalLossEnd - 1], ' ', line);
      assert.notEqual(line[stepsEnd - 1], ' ', line);
    }
  });

  it('shows exponential losses, "—" for never converged and the divergence step', () => {
    const [converged, slow, diverged] = lines.slice(2);
    assert.match(converged, /^Momentum 0\.9 lr=0\.012 +\d\.\d{3}e-\d+ +\d+ +no$/);
    assert.match(slow, /^SGD lr=0\.0001 +\d\.\d{3}e\+\d+ +— +no$/);
    assert.match(diverged, /^SGD lr=1e300 +Infinity +— +yes \(step 1\)$/);
  });
});

describe('comparison summary JSON', () => {
  const summary = comparisonSummaryJson(mixedResult());
  const roundTrip = JSON.parse(JSON.stringify(summary)) as typeof summary;

  it('describes the problem with its defaults and title', () => {
    assert.deepEqual(roundTrip.problem, {
      name: 'ill-conditioned-quadratic', eigenvalues: [1, 100], angle: 30, start: [-4, 0],
      title: 'Ill-conditioned quadratic (condition number 100, rotated 30°)',
    });
    assert.equal(roundTrip.steps, 300);
    assert.equal(roundTrip.tolerance, 1e-4);
  });

  it('gives each run in snake_case, with non-finite losses as null', () => {
    assert.equal(roundTrip.runs.length, 3);
    const [converged, , diverged] = roundTrip.runs;
    assert.deepEqual(Object.keys(converged), ['optimizer', 'final_loss', 'best_loss', 'steps_to_tolerance', 'diverged', 'diverged_at_step', 'hyperparameters']);
    assert.equal(converged.optimizer, 'Momentum 0.9 lr=0.012');
    assert.equal(typeof converged.final_loss, 'number');
    assert.equal(typeof converged.steps_to_tolerance, 'number');
    assert.deepEqual(converged.hyperparameters, { name: 'sgd', convention: 'pytorch', lr: 0.012, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false });
    assert.equal(diverged.final_loss, null);
    assert.equal(diverged.diverged, true);
    assert.equal(diverged.diverged_at_step, 1);
    assert.equal(typeof diverged.best_loss, 'number');
  });
});
