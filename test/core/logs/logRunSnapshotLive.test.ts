import * as assert from 'node:assert/strict';
import { LiveDecimations } from '../../../src/core/logs/liveDecimation';
import { buildLogRunSnapshot } from '../../../src/core/logs/logRunSnapshot';
import { SeriesStore } from '../../../src/core/logs/seriesStore';

const identity = { id: 'r', label: 'r', path: 'r', format: 'csv', watching: true };
const read = { warnings: [], warningCount: 0, crcErrors: 0 };

/** A loss with a NaN every 1,000 steps and a spike every 7,919; wall times 0.5 s apart. */
function addLoss(store: SeriesStore, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const value = i % 1000 === 500 ? NaN : i % 7919 === 3 ? 1e4 : 1 / (1 + i * 1e-3) + 0.01 * Math.sin(i);
    store.add('loss', i, 1000 + i * 0.5, value);
    store.add('lr', i, 1000 + i * 0.5, 0.1);
  }
}

describe('core/logs/logRunSnapshot: whole-run lines kept as points arrive (LiveLines)', () => {
  it('sends the live line: its points, the run\u2019s NaN markers, each point\u2019s own wall time, every spike', () => {
    const store = new SeriesStore();
    const live = new LiveDecimations(store);
    for (let tick = 0; tick < 30; tick++) {
      addLoss(store, tick * 2000, (tick + 1) * 2000);
      const sent = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss', 'lr'], pixels: 200 }, undefined, undefined, live).series.loss;
      const fresh = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss', 'lr'], pixels: 200 }, undefined, undefined, new LiveDecimations(store)).series.loss;
      assert.deepEqual(sent, fresh, `tick ${tick}`);
      const decimated = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss'], pixels: 200 }).series.loss;
      assert.deepEqual(sent.nonFinite, decimated.nonFinite);
      assert.equal(sent.points, (tick + 1) * 2000);
      assert.equal(sent.exact, false);
      // 200 grid buckets (1 per pixel), at least half of them in use, 1 to 4 points kept in each.
      assert.ok(sent.step.length >= 100 && sent.step.length <= 4 * 200, `${sent.step.length} points`);
      for (let k = 0; k < sent.step.length; k++) assert.ok(Math.abs((sent.wall![k] as number) - (1000 + (sent.step[k] as number) * 0.5)) < 0.01);
      for (let s = 3; s < (tick + 1) * 2000; s += 7919) assert.ok(sent.step.includes(s), `spike at ${s} lost at tick ${tick}`);
    }
  });

  it('sends a short run whole and exact, and an unknown or empty tag as before', () => {
    const store = new SeriesStore();
    const live = new LiveDecimations(store);
    addLoss(store, 0, 600);
    const sent = buildLogRunSnapshot(store, identity, read, { shownTags: ['loss', 'nope'], pixels: 1000 }, undefined, undefined, live);
    assert.deepEqual(Object.keys(sent.series), ['loss']);
    assert.equal(sent.series.loss.step.length, 599);
    assert.equal(sent.series.loss.exact, true);
    assert.deepEqual(sent.series.loss.nonFinite, [{ step: 500, kind: 'nan' }]);
  });
});
