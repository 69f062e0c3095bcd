import * as assert from 'node:assert/strict';
import { createDiagnoser } from '../../../src/core/diagnose';
import type { Diagnoser, Finding, MetricRole } from '../../../src/core/diagnose/types';
import { RunDiagnosis } from '../../../src/core/logs/runDiagnosis';
import { SeriesStore } from '../../../src/core/logs/seriesStore';

/** Records what the engine is told; raises nothing. */
class RecordingDiagnoser implements Diagnoser {
  readonly roles: [string, MetricRole][] = [];
  readonly points: [string, number, number][] = [];
  drains = 0;
  setRole(metric: string, role: MetricRole) { this.roles.push([metric, role]); }
  add(metric: string, step: number, value: number) { this.points.push([metric, step, value]); }
  drain(): Finding[] { this.drains++; return []; }
  end(): Finding[] { return []; }
  get findings(): readonly Finding[] { return []; }
}

function recorded() {
  const made: RecordingDiagnoser[] = [];
  const store = new SeriesStore();
  const diagnosis = new RunDiagnosis(store, () => {
    const d = new RecordingDiagnoser();
    made.push(d);
    return d;
  });
  return { store, diagnosis, made };
}

/** A noisy loss that falls, then (from `blowUpAt`) grows x1.15 a step until it overflows to NaN. */
function divergingLoss(steps: number, blowUpAt: number): number[] {
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.05;
  return Array.from({ length: steps }, (_, s) => {
    const v = s < blowUpAt ? 2 * Math.exp(-s / 50) + 0.1 + noise() : 0.12 * 1.15 ** (s - blowUpAt);
    return v < 1e30 ? v : NaN;
  });
}

describe('run diagnosis (store + engine tee)', () => {
  it('stores every point and feeds the engine only the tags it uses, with their roles declared once', () => {
    const { store, diagnosis, made } = recorded();
    for (let step = 0; step < 3; step++) {
      diagnosis.add('train/loss', step, null, 1 - step * 0.1);
      diagnosis.add('accuracy', step, null, step * 0.3);
      diagnosis.add('val_loss', step, null, 1.2);
      diagnosis.add('lr-SGD', step, 1.7e9, 0.1);
    }
    diagnosis.settle();
    assert.equal(store.pointCount, 12);
    const [d] = made;
    assert.deepEqual(d.roles, [['train/loss', 'loss'], ['val_loss', 'val_loss'], ['lr-SGD', 'lr']]);
    assert.equal(d.points.length, 9);
    assert.ok(d.points.every(([tag]) => tag !== 'accuracy'));
    assert.equal(d.drains, 1, 'settle empties the engine\u2019s list of changed findings');
  });

  it('does not feed a point whose step is not a number (the store drops it too)', () => {
    const { store, diagnosis, made } = recorded();
    diagnosis.add('loss', NaN, null, 1);
    diagnosis.add('loss', 0, null, 1);
    assert.equal(store.rejectedPoints, 1);
    assert.deepEqual(made[0].points, [['loss', 0, 1]]);
  });

  it('on a restart, feeds a fresh engine what the store kept, merged in step order, once per chunk', () => {
    const { store, diagnosis, made } = recorded();
    for (let step = 0; step < 10; step++) {
      diagnosis.add('loss', step, null, 10 - step);
      if (step % 5 === 4) diagnosis.add('val_loss', step, null, 20 - step);
    }
    diagnosis.settle();
    // Resumed from the checkpoint at step 6: points at steps >= 6 are purged, twice in the same chunk.
    diagnosis.add('loss', 6, null, 100);
    diagnosis.add('loss', 7, null, 101);
    diagnosis.add('loss', 3, null, 200);
    diagnosis.add('loss', 4, null, 201);
    assert.equal(made.length, 1, 'nothing is rebuilt before the chunk is over');
    diagnosis.settle();
    assert.equal(made.length, 2);
    assert.equal(store.restartCount, 2);
    assert.deepEqual(made[1].points, [
      ['loss', 0, 10], ['loss', 1, 9], ['loss', 2, 8], ['loss', 3, 200], ['loss', 4, 201], ['val_loss', 4, 16], ['val_loss', 9, 11],
    ]);
    assert.deepEqual(made[1].roles, [['loss', 'loss'], ['val_loss', 'val_loss']]);
    // Points after the rebuild go to the fresh engine as they come.
    diagnosis.add('loss', 5, null, 202);
    assert.deepEqual(made[1].points.at(-1), ['loss', 5, 202]);
    assert.equal(diagnosis.rebuilds, 1);
  });

  it('with the real engine: a blow-up is a divergence finding before the first NaN is logged', () => {
    const diagnosis = new RunDiagnosis(new SeriesStore(), () => createDiagnoser({}));
    const loss = divergingLoss(800, 200);
    const firstNaN = loss.findIndex((v) => Number.isNaN(v));
    assert.ok(firstNaN > 200);
    let flaggedAt: number | undefined;
    for (let step = 0; step < firstNaN; step++) {
      diagnosis.add('train/loss', step, null, loss[step]);
      diagnosis.settle();
      if (flaggedAt === undefined && diagnosis.findings.some((f) => f.kind === 'divergence')) flaggedAt = step;
    }
    assert.ok(flaggedAt !== undefined && flaggedAt < firstNaN, `flagged at ${flaggedAt}, first NaN at ${firstNaN}`);
    const divergence = diagnosis.findings.find((f) => f.kind === 'divergence');
    assert.equal(divergence?.severity, 'error');
    assert.equal(divergence?.metric, 'train/loss');
  });

  it('with the real engine: a restart before the blow-up takes the divergence away with the purged steps', () => {
    const diagnosis = new RunDiagnosis(new SeriesStore(), () => createDiagnoser({}));
    const loss = divergingLoss(300, 200);
    for (let step = 0; step < 300; step++) diagnosis.add('train/loss', step, null, loss[step]);
    diagnosis.settle();
    assert.ok(diagnosis.findings.some((f) => f.kind === 'divergence'));
    // Resumed from step 150 with a smaller learning rate: the loss keeps falling.
    for (let step = 150; step < 300; step++) diagnosis.add('train/loss', step, null, 0.1 + 0.5 * Math.exp(-step / 100));
    diagnosis.settle();
    assert.deepEqual(diagnosis.findings, []);
  });

  it('a healthy noisy loss gives no finding', () => {
    const diagnosis = new RunDiagnosis(new SeriesStore(), () => createDiagnoser({}));
    let seed = 11;
    const noise = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let step = 0; step < 3000; step++) {
      // Heavy-tailed multiplicative minibatch noise around a falling curve: 1% of the batches 40% worse (a
      // jump of 50% or more that recovers at once would be a spike, by the definition the engine follows).
      const u = noise();
      diagnosis.add('loss', step, null, (1.5 * Math.exp(-step / 600) + 0.2) * (1 + 0.3 * (u - 0.5) + (u > 0.99 ? 0.4 : 0)));
      diagnosis.add('lr', step, null, 1e-3);
    }
    diagnosis.settle();
    assert.deepEqual(diagnosis.findings.map((f) => f.kind), []);
  });
});
