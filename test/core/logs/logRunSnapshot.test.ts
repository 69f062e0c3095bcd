import * as assert from 'node:assert/strict';
import { buildLogRunSnapshot, MAX_NON_FINITE_MARKERS, summarizeLogRun } from '../../../src/core/logs/logRunSnapshot';
import type { SeriesView, StoreView } from '../../../src/core/logs/logRunSnapshot';
import { MAX_FINDINGS } from '../../../src/core/logs/logRunSnapshot';
import { finding } from './findingFixtures';
import { SmoothedTracks } from '../../../src/core/chart/smoothedTrack';
import { smoothEma } from '../../../src/core/chart/smoothing';
import { validateHostMessage } from '../../../src/core/protocol';

/**
 * A brute-force store satisfying the narrow StoreView: every point kept, decimation = every
 * `stride`-th point, so the tests check what the snapshot does with what the store answers.
 */
class FakeSeries implements SeriesView {
  steps: number[] = [];
  values: number[] = [];
  decimateCalls: [number, number, number][] = [];
  get length() { return this.steps.length; }
  step(i: number) { return this.steps[i]; }
  value(i: number) { return this.values[i]; }
  get lastStep() { return this.steps[this.steps.length - 1]; }
  get lastValue() { return this.values[this.values.length - 1]; }
  get nonFiniteCount() { return this.values.filter((v) => !Number.isFinite(v)).length; }
  decimate(from: number, to: number, pixels: number) {
    this.decimateCalls.push([from, to, pixels]);
    const exact = this.steps.length <= 4 * pixels;
    const stride = exact ? 1 : Math.ceil(this.steps.length / (4 * pixels));
    const idx = this.steps.map((_, i) => i).filter((i) => i % stride === 0 && Number.isFinite(this.values[i]));
    const nonFinite = this.steps.map((s, i) => ({ step: s, value: this.values[i] })).filter((p) => !Number.isFinite(p.value));
    return { step: Float64Array.from(idx, (i) => this.steps[i]), value: Float64Array.from(idx, (i) => this.values[i]), nonFinite, exact };
  }
}

class FakeStore implements StoreView {
  readonly series = new Map<string, FakeSeries>();
  restartCount = 0;
  version = 0;
  get tags() { return [...this.series.keys()]; }
  get(tag: string) { return this.series.get(tag); }
  get pointCount() { let n = 0; for (const s of this.series.values()) n += s.length; return n; }
  add(tag: string, step: number, value: number) {
    let s = this.series.get(tag);
    if (!s) this.series.set(tag, (s = new FakeSeries()));
    s.steps.push(step);
    s.values.push(value);
    this.version++;
  }
}

const noWarnings = { warnings: [], warningCount: 0, crcErrors: 0 };
const identity = { id: 'file:///w/runs/a', label: 'runs/a', path: 'runs/a', format: 'tfevents', watching: true };

function trainingStore(): FakeStore {
  const store = new FakeStore();
  for (let step = 0; step < 50; step++) {
    store.add('loss', step, 2 / (1 + step));
    store.add('accuracy', step, step / 50);
    store.add('learning_rate', step, 0.1);
  }
  store.add('eval_loss', 49, 0.3);
  return store;
}

describe('log run summary', () => {
  it('gives each tag its last step, value and points, the run its last step, loss tag and trend', () => {
    const summary = summarizeLogRun(trainingStore(), noWarnings);
    assert.deepEqual(summary.tags.map((t) => [t.tag, t.role, t.points, t.lastStep]), [
      ['loss', 'loss', 50, 49],
      ['accuracy', 'other', 50, 49],
      ['learning_rate', 'learningRate', 50, 49],
      ['eval_loss', 'loss', 1, 49],
    ]);
    assert.equal(summary.tags[0].lastValue, 2 / 50);
    assert.equal(summary.points, 151);
    assert.equal(summary.lastStep, 49);
    assert.equal(summary.lossTag, 'loss');
    assert.equal(summary.trend, 'down');
    assert.equal(summary.health, 'ok');
  });

  it('flags a NaN loss as an error and carries the latest warnings with their count', () => {
    const store = trainingStore();
    store.add('loss', 50, NaN);
    const warnings = Array.from({ length: 8 }, (_, i) => `events@${i * 100}: Bad data CRC`);
    const summary = summarizeLogRun(store, { warnings, warningCount: 12, crcErrors: 12 });
    assert.equal(summary.health, 'error');
    assert.equal(summary.tags[0].nonFinite, 1);
    assert.ok(Number.isNaN(summary.tags[0].lastValue));
    assert.equal(summary.warningCount, 12);
    assert.deepEqual(summary.warnings, warnings.slice(-5));
    assert.ok(summary.healthReasons.some((r) => /12 read warnings \(12 with a bad CRC\)/.test(r)));
  });

  it('carries the findings most severe first (capped), the snapshot in onset order, and the health from them', () => {
    const store = trainingStore();
    store.add('loss', 50, NaN);
    const findings = [finding('spike', 'info', 'loss', 10), finding('oscillation', 'warning', 'loss', 20, 30), finding('divergence', 'error', 'loss', 40, 50)];
    const summary = summarizeLogRun(store, noWarnings, findings);
    assert.deepEqual(summary.findings?.map((f) => f.kind), ['divergence', 'oscillation', 'spike']);
    assert.equal(summary.findingCount, 3);
    assert.equal(summary.health, 'error');
    assert.deepEqual(summary.healthReasons, ['divergence in loss at steps 40-50', 'oscillation in loss at steps 20-30']);
    const snapshot = buildLogRunSnapshot(store, identity, noWarnings, {}, findings);
    assert.deepEqual(snapshot.findings?.map((f) => f.kind), ['spike', 'oscillation', 'divergence']);
    const many = Array.from({ length: MAX_FINDINGS + 20 }, (_, i) => finding('spike', i % 7 === 0 ? 'warning' : 'info', 'loss', i));
    const capped = summarizeLogRun(store, noWarnings, many);
    assert.equal(capped.findings?.length, MAX_FINDINGS);
    assert.equal(capped.findingCount, MAX_FINDINGS + 20);
    assert.ok(capped.findings?.slice(0, 18).every((f) => f.severity === 'warning'), 'the cap keeps the most severe');
    // Diagnosis off: no findings on the wire at all (not an empty list, which would say "diagnosed, healthy").
    assert.equal(summarizeLogRun(store, noWarnings).findings, undefined);
    assert.equal(buildLogRunSnapshot(store, identity, noWarnings).findings, undefined);
  });

  it('summarises an empty run without inventing a step', () => {
    const summary = summarizeLogRun(new FakeStore(), noWarnings);
    assert.equal(summary.lastStep, null);
    assert.equal(summary.lossTag, null);
    assert.equal(summary.trend, null);
    assert.equal(summary.health, 'ok');
  });
});

describe('log run snapshot', () => {
  it('charts the loss, learning-rate and grad-norm tags by default, decimated over the whole step range', () => {
    const store = trainingStore();
    const snapshot = buildLogRunSnapshot(store, identity, noWarnings, { pixels: 800 });
    assert.deepEqual(snapshot.tags, ['loss', 'accuracy', 'learning_rate', 'eval_loss']);
    assert.deepEqual(snapshot.shownTags, ['loss', 'learning_rate', 'eval_loss']);
    assert.deepEqual(Object.keys(snapshot.series), ['loss', 'learning_rate', 'eval_loss']);
    assert.deepEqual(store.get('loss')?.decimateCalls, [[0, 49, 800]]);
    assert.equal(snapshot.series.loss.points, 50);
    assert.equal(snapshot.series.loss.exact, true);
    assert.equal(snapshot.series.loss.step.length, 50);
    assert.equal(snapshot.lastStep, 49);
    assert.equal(snapshot.version, store.version);
    assert.equal(snapshot.id, identity.id);
    assert.equal(snapshot.watching, true);
  });

  it('charts the tags the user picked, dropping ones the run does not have', () => {
    const snapshot = buildLogRunSnapshot(trainingStore(), identity, noWarnings, { shownTags: ['accuracy', 'nope'] });
    assert.deepEqual(snapshot.shownTags, ['accuracy']);
    assert.deepEqual(Object.keys(snapshot.series), ['accuracy']);
  });

  it('lists NaN and infinities as markers of their kind, never as numbers on the wire', () => {
    const store = new FakeStore();
    [1, 0.5, NaN, Infinity, -Infinity, 0.25].forEach((v, step) => store.add('loss', step, v));
    const snapshot = buildLogRunSnapshot(store, identity, noWarnings);
    assert.deepEqual(snapshot.series.loss.nonFinite, [
      { step: 2, kind: 'nan' },
      { step: 3, kind: '+inf' },
      { step: 4, kind: '-inf' },
    ]);
    assert.ok(snapshot.series.loss.value.every((v) => v === null || Number.isFinite(v)));
    assert.equal(snapshot.health, 'error');
    // The snapshot survives JSON (the webview boundary) unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
  });

  it('caps the non-finite markers of a series', () => {
    const store = new FakeStore();
    for (let step = 0; step < MAX_NON_FINITE_MARKERS + 500; step++) store.add('loss', step, NaN);
    assert.equal(buildLogRunSnapshot(store, identity, noWarnings).series.loss.nonFinite.length, MAX_NON_FINITE_MARKERS);
  });

  it('hands a long series to the store for decimation at the requested width', () => {
    const store = new FakeStore();
    for (let step = 0; step < 100_000; step++) store.add('loss', step * 10, Math.sin(step));
    const snapshot = buildLogRunSnapshot(store, identity, noWarnings, { pixels: 1000 });
    assert.equal(snapshot.series.loss.exact, false);
    assert.equal(snapshot.series.loss.points, 100_000);
    assert.ok(snapshot.series.loss.step.length <= 4000 + 1);
    assert.deepEqual(store.get('loss')?.decimateCalls, [[0, 999_990, 1000]]);
  });

  it('with smoothing, carries the smoothed line of every raw point (not of the samples), learning rates left raw', () => {
    const store = new FakeStore();
    for (let step = 0; step < 100_000; step++) {
      store.add('loss', step, 1 + Math.sin(step / 100) + (step % 5_000 === 2_500 ? 30 : 0));
      store.add('learning_rate', step, 0.1);
    }
    const tracks = new SmoothedTracks();
    const snapshot = buildLogRunSnapshot(store, identity, noWarnings, { pixels: 500, smoothing: 0.9, shownTags: ['loss', 'learning_rate'] }, undefined, tracks);
    const line = snapshot.series.loss.smoothed;
    assert.ok(line && line.weight === 0.9);
    assert.ok(line.step.length <= 2000);
    const loss = store.get('loss') as FakeSeries;
    const exact = new Float64Array(loss.length);
    smoothEma(loss.values, exact, 0.9);
    for (let j = 0; j < line.step.length; j++) assert.ok(Math.abs(line.value[j] - exact[line.step[j]]) < 1e-12, `step ${line.step[j]}`);
    for (let spike = 2_500; spike < 100_000; spike += 5_000) assert.ok(line.step.includes(spike), `the smoothed spike at ${spike}`);
    assert.equal(snapshot.series.learning_rate.smoothed, undefined, 'a learning rate is set, not measured');
    assert.ok(validateHostMessage(JSON.parse(JSON.stringify({ type: 'logRun', run: snapshot }))).ok, 'a valid message');
    // A live append: only the new points are smoothed (the track goes on from where it was).
    store.add('loss', 100_000, 50);
    const next = buildLogRunSnapshot(store, identity, noWarnings, { pixels: 500, smoothing: 0.9, shownTags: ['loss', 'learning_rate'] }, undefined, tracks);
    assert.equal(tracks.get('loss')?.refeeds, 0);
    assert.equal(tracks.get('loss')?.taken, 100_001);
    assert.ok(next.series.loss.smoothed?.step.includes(100_000));
    // Smoothing off: no line, and the tracks are released.
    const off = buildLogRunSnapshot(store, identity, noWarnings, { pixels: 500, smoothing: 0 }, undefined, tracks);
    assert.equal(off.series.loss.smoothed, undefined);
    assert.equal(tracks.get('loss'), undefined);
  });
});
