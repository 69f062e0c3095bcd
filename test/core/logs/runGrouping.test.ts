import * as assert from 'node:assert/strict';
import { groupRuns, type LogFile, type RunDescriptor } from '../../../src/core/logs/runGrouping';

function summary(runs: RunDescriptor[]): { path: string; label: string; files: string[] }[] {
  return runs.map((r) => ({ path: r.path, label: r.label, files: r.files.map((f) => f.path) }));
}

describe('groupRuns', () => {
  it('makes one run of a directory of event files, read in file-name order', () => {
    const files: LogFile[] = [
      { path: 'runs/exp1/events.out.tfevents.1700000500.host.2.0', format: 'tfevents' },
      { path: 'runs/exp1/events.out.tfevents.1700000000.host.1.0', format: 'tfevents' },
      { path: 'runs/exp2/events.out.tfevents.1700000000.host.3.0', format: 'tfevents' },
    ];
    assert.deepEqual(summary(groupRuns(files)), [
      { path: 'runs/exp1', label: 'exp1', files: ['runs/exp1/events.out.tfevents.1700000000.host.1.0', 'runs/exp1/events.out.tfevents.1700000500.host.2.0'] },
      { path: 'runs/exp2', label: 'exp2', files: ['runs/exp2/events.out.tfevents.1700000000.host.3.0'] },
    ]);
    assert.equal(groupRuns(files)[0].id, 'runs/exp1');
  });

  it('names Lightning versions lightning_logs/version_N, merging a version\'s CSV and event files', () => {
    const runs = groupRuns([
      { path: 'proj/lightning_logs/version_0/metrics.csv', format: 'lightning-csv' },
      { path: 'proj/lightning_logs/version_1/metrics.csv', format: 'lightning-csv' },
      { path: 'proj/lightning_logs/version_1/events.out.tfevents.1.h.1.0', format: 'tfevents' },
    ]);
    assert.deepEqual(summary(runs), [
      { path: 'proj/lightning_logs/version_0', label: 'lightning_logs/version_0', files: ['proj/lightning_logs/version_0/metrics.csv'] },
      { path: 'proj/lightning_logs/version_1', label: 'lightning_logs/version_1',
        files: ['proj/lightning_logs/version_1/events.out.tfevents.1.h.1.0', 'proj/lightning_logs/version_1/metrics.csv'] },
    ]);
  });

  it('makes one run of an MLflow run folder, each metric file tagged with its key (which may hold "/")', () => {
    const runs = groupRuns([
      { path: 'mlruns/1/abc123/metrics/loss', format: 'mlflow-metric' },
      { path: 'mlruns/1/abc123/metrics/val/acc', format: 'mlflow-metric' },
      { path: 'mlruns/1/def456/metrics/loss', format: 'mlflow-metric' },
    ]);
    assert.deepEqual(summary(runs).map((r) => [r.path, r.label]), [['mlruns/1/abc123', '1/abc123'], ['mlruns/1/def456', '1/def456']]);
    assert.deepEqual(runs[0].files, [
      { path: 'mlruns/1/abc123/metrics/loss', format: 'mlflow-metric', tag: 'loss' },
      { path: 'mlruns/1/abc123/metrics/val/acc', format: 'mlflow-metric', tag: 'val/acc' },
    ]);
  });

  it('finds an MLflow run under a tracking folder with another name, and metrics/ inside a key', () => {
    const runs = groupRuns([{ path: 'track/7/r1/metrics/metrics/loss', format: 'mlflow-metric' }]);
    assert.equal(runs[0].path, 'track/7/r1');
    assert.equal(runs[0].files[0].tag, 'metrics/loss');
  });

  it('uses a folder\'s own trainer_state.json and ignores the checkpoint copies', () => {
    const runs = groupRuns([
      { path: 'out/checkpoint-500/trainer_state.json', format: 'trainer-state' },
      { path: 'out/trainer_state.json', format: 'trainer-state' },
      { path: 'out/checkpoint-1000/trainer_state.json', format: 'trainer-state' },
    ]);
    assert.deepEqual(summary(runs), [{ path: 'out', label: 'out', files: ['out/trainer_state.json'] }]);
  });

  it('uses only the highest-numbered checkpoint\'s copy when the folder has none', () => {
    const runs = groupRuns([
      { path: 'out/checkpoint-900/trainer_state.json', format: 'trainer-state' },
      { path: 'out/checkpoint-1000/trainer_state.json', format: 'trainer-state' },
      { path: 'out/checkpoint-500/trainer_state.json', format: 'trainer-state' },
    ]);
    assert.deepEqual(summary(runs), [{ path: 'out', label: 'out', files: ['out/checkpoint-1000/trainer_state.json'] }]);
  });

  it('makes any other file a run of its own, labelled by the shortest unambiguous path', () => {
    const runs = groupRuns([
      { path: 'a/logs/train.jsonl', format: 'jsonl' },
      { path: 'b/logs/train.jsonl', format: 'jsonl' },
      { path: 'b/other.csv', format: 'csv' },
      { path: 'b/metrics.csv', format: 'csv' },
    ]);
    assert.deepEqual(summary(runs).map((r) => [r.path, r.label]), [
      ['a/logs/train.jsonl', 'a/logs/train.jsonl'],
      ['b/logs/train.jsonl', 'b/logs/train.jsonl'],
      ['b/metrics.csv', 'metrics.csv'],
      ['b/other.csv', 'other.csv'],
    ]);
  });

  it('handles no files, absolute paths and files at the top level', () => {
    assert.deepEqual(groupRuns([]), []);
    const runs = groupRuns([
      { path: '/home/u/runs/x/events.out.tfevents.1.h.1.0', format: 'tfevents' },
      { path: 'events.out.tfevents.2.h.1.0', format: 'tfevents' },
      { path: 'trainer_state.json', format: 'trainer-state' },
    ]);
    assert.deepEqual(summary(runs).map((r) => [r.path, r.label]), [['.', '.'], ['/home/u/runs/x', 'x'], ['trainer_state.json', 'trainer_state.json']]);
  });
});
