import * as assert from 'node:assert/strict';
import { buildLogRunSnapshot } from '../../../src/core/logs/logRunSnapshot';
import { SeriesStore } from '../../../src/core/logs/seriesStore';

const identity = { id: 'r', label: 'r', path: 'r', format: 'csv', watching: true };
const read = { warnings: [], warningCount: 0, crcErrors: 0 };

describe('core/logs/logRunSnapshot: wall times for a time axis', () => {
  it('sends each point\u2019s wall time in epoch seconds (Float32-relative storage, so within 10 ms)', () => {
    const store = new SeriesStore();
    const t0 = 1_764_320_000;
    for (let i = 0; i < 50; i++) store.add('loss', i * 10, t0 + i * 1.25, 1 / (i + 1));
    const snapshot = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss'] });
    const series = snapshot.series.loss;
    assert.equal(series.wall?.length, series.step.length);
    for (let i = 0; i < series.step.length; i++) {
      const expected = t0 + (series.step[i] as number / 10) * 1.25;
      assert.ok(Math.abs((series.wall![i] as number) - expected) < 0.01, `step ${series.step[i]}: ${series.wall![i]} vs ${expected}`);
    }
  });

  it('gives decimated points the time of their own step', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 20_000; i++) store.add('loss', i, 1000 + i * 0.5, Math.sin(i));
    const series = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss'], pixels: 100 }).series.loss;
    assert.equal(series.exact, false);
    for (let i = 0; i < series.step.length; i++) assert.ok(Math.abs((series.wall![i] as number) - (1000 + (series.step[i] as number) * 0.5)) < 0.01);
  });

  it('leaves the column out when the log records no wall time, and holds null where one point lacks it', () => {
    const none = new SeriesStore();
    none.add('loss', 0, null, 1);
    none.add('loss', 1, null, 2);
    assert.equal(buildLogRunSnapshot(none, identity, read).series.loss.wall, undefined);
    const some = new SeriesStore();
    some.add('loss', 0, 500, 1);
    some.add('loss', 1, null, 2);
    some.add('loss', 2, 502, 3);
    assert.deepEqual(buildLogRunSnapshot(some, identity, read).series.loss.wall, [500, null, 502]);
  });
});
