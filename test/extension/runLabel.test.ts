import * as assert from 'node:assert/strict';
import { runLabel } from '../../src/extension/logs/runLabel';

describe('training run labels', () => {
  it('names a run by at least its last two path segments, whatever else was found', () => {
    assert.equal(runLabel('metrics.csv', '/ws/runs/live/metrics.csv'), 'live/metrics.csv');
    assert.equal(runLabel('tb', '/ws/runs/tb'), 'runs/tb');
    assert.equal(runLabel('version_0', '/ws/logs/lightning_logs/version_0'), 'lightning_logs/version_0');
  });

  it('keeps a longer grouping label (an MLflow experiment/run)', () => {
    assert.equal(runLabel('mlruns/0/abc', '/ws/mlruns/0/abc'), 'mlruns/0/abc');
  });

  it('copes with a run at the root of the file system', () => {
    assert.equal(runLabel('train.jsonl', '/train.jsonl'), 'train.jsonl');
  });
});
