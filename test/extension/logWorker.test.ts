import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LogFormat } from '../../src/core/logs/types';
import { LogWorkerClient } from '../../src/extension/logs/logWorkerClient';
import { concat, fileVersion, pytorchScalar, tfRecord } from '../core/logs/tfeventsWriter';

// The real bundle (dist/logWorker.js), exactly as the extension host starts it.
const distPath = path.resolve(__dirname, '../../../dist');

function eventFile(steps: number): Uint8Array {
  const records = [fileVersion(1.7e9)];
  for (let step = 0; step < steps; step++) {
    records.push(pytorchScalar({ wallTime: 1.7e9 + step, step }, 'train/loss', 2 / (1 + step)));
    records.push(pytorchScalar({ wallTime: 1.7e9 + step, step }, 'accuracy', step / steps));
  }
  return concat(records);
}

/** A copy that owns its ArrayBuffer (transferred to the worker). */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.slice();
}

describe('log worker thread', function () {
  this.timeout(30_000);
  let client: LogWorkerClient;
  const crashes: string[] = [];
  const file = { fileId: 'file:///w/runs/a/events.out.tfevents.1', label: 'runs/a/events.out.tfevents.1', format: 'tfevents' as LogFormat };

  before(function () {
    if (!existsSync(path.join(distPath, 'logWorker.js'))) throw new Error(`build first: ${distPath}/logWorker.js is missing`);
    client = new LogWorkerClient(distPath, (message) => crashes.push(message));
  });

  after(() => client.dispose());

  it('reads appended chunks cut anywhere, the bytes moved (not copied) to the thread', async () => {
    const bytes = eventFile(100);
    await client.summary({ type: 'open', runId: 'a', files: [file] });
    let summary;
    for (const [from, to] of [[0, 7], [7, 1000], [1000, 1001], [1001, bytes.length]]) {
      const chunk = owned(bytes.subarray(from, to));
      summary = await client.summary({ type: 'append', runId: 'a', fileId: file.fileId, bytes: chunk.buffer as ArrayBuffer, length: chunk.length }, [chunk.buffer as ArrayBuffer]);
      assert.equal(chunk.byteLength, 0, 'the chunk was copied instead of transferred');
    }
    assert.ok(summary);
    assert.equal(summary.points, 200);
    assert.equal(summary.lastStep, 99);
    assert.deepEqual(summary.tags.map((t) => t.tag), ['train/loss', 'accuracy']);
    assert.equal(summary.lossTag, 'train/loss');
    assert.equal(summary.trend, 'down');
    assert.equal(summary.warningCount, 0);
    assert.deepEqual(crashes, []);
  });

  it('builds the dashboard snapshot of the run: default tags, decimated, identity as given', async () => {
    const snapshot = await client.snapshot({
      type: 'snapshot',
      runId: 'a',
      identity: { id: 'a', label: 'runs/a', path: 'runs/a', format: 'tfevents', watching: true },
      options: { pixels: 10 },
    });
    assert.deepEqual(snapshot.shownTags, ['train/loss']);
    assert.equal(snapshot.series['train/loss'].points, 100);
    assert.equal(snapshot.series['train/loss'].exact, false);
    assert.ok(snapshot.series['train/loss'].step.length <= 4 * 10 + 2);
    assert.equal(snapshot.lastStep, 99);
  });

  it('reports damage with the file and byte offset, and a partial tail only once the writer is gone', async () => {
    const good = eventFile(3);
    const bad = tfRecord(new Uint8Array([1, 2, 3]));
    bad[bad.length - 1] ^= 0xff; // data CRC no longer matches
    const bytes = owned(concat([good, bad, good.subarray(0, 10)]));
    await client.summary({ type: 'open', runId: 'b', files: [file] });
    const read = await client.summary({ type: 'append', runId: 'b', fileId: file.fileId, bytes: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);
    assert.equal(read.points, 6);
    assert.equal(read.crcErrors, 1);
    assert.equal(read.health, 'warning');
    assert.match(read.warnings[0], new RegExp(`^runs/a/events\\.out\\.tfevents\\.1@${good.length}: `));
    const ended = await client.summary({ type: 'end', runId: 'b', fileId: file.fileId });
    assert.equal(ended.warningCount, 2, ended.warnings.join('\n'));
    assert.equal(ended.points, 6);
  });

  it('starts a run over on a second open, its notes first among the warnings', async () => {
    const summary = await client.summary({ type: 'open', runId: 'a', files: [file], notes: ['runs/a shrank: read again from the start'] });
    assert.equal(summary.points, 0);
    assert.deepEqual(summary.warnings, ['runs/a shrank: read again from the start']);
    assert.equal(summary.health, 'warning');
  });

  it('reads an MLflow metric file under the tag it is given', async () => {
    const metric = { fileId: 'file:///w/mlruns/0/r/metrics/train/loss', label: 'mlruns/0/r/metrics/train/loss', format: 'mlflow-metric' as LogFormat, tag: 'train/loss' };
    await client.summary({ type: 'open', runId: 'm', files: [metric] });
    const bytes = owned(new TextEncoder().encode('1700000000000 2.5 0\n1700000001000 2.0 1\n'));
    const summary = await client.summary({ type: 'append', runId: 'm', fileId: metric.fileId, bytes: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);
    assert.deepEqual(summary.tags.map((t) => [t.tag, t.points, t.lastStep]), [['train/loss', 2, 1]]);
  });

  it('turns a format without a reader into a warning, not a failure', async () => {
    const summary = await client.summary({ type: 'open', runId: 'x', files: [{ fileId: 'f', label: 'odd.bin', format: 'no-such-format' as LogFormat }] });
    assert.equal(summary.warningCount, 1);
    assert.match(summary.warnings[0], /^odd\.bin: no reader for the log format 'no-such-format'/);
  });

  /** JSON lines of a loss that falls, then grows x1.2 a step from `blowUpAt` (NaN once it overflows). */
  function divergingJsonl(from: number, to: number, blowUpAt: number): Uint8Array {
    const lines: string[] = [];
    for (let step = from; step < to; step++) {
      // White noise (a hash of the step): a sine here would be a real, detectable ringing.
      const noise = (Math.abs(Math.sin(step * 12.9898) * 43758.5453) % 1) - 0.5;
      const v = step < blowUpAt ? 2 * Math.exp(-step / 40) + 0.1 + 0.02 * noise : 0.12 * 1.2 ** (step - blowUpAt);
      lines.push(`{"step": ${step}, "loss": ${v < 1e300 ? v : 'NaN'}, "accuracy": 0.5}`);
    }
    return owned(new TextEncoder().encode(lines.join('\n') + '\n'));
  }
  const jsonl = { fileId: 'file:///w/logs/train.jsonl', label: 'logs/train.jsonl', format: 'jsonl' as LogFormat };
  const append = (runId: string, bytes: Uint8Array) =>
    client.summary({ type: 'append', runId, fileId: jsonl.fileId, bytes: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);

  it('diagnoses a run as it is read: a blow-up is an error finding in the summary and the snapshot', async () => {
    await client.summary({ type: 'open', runId: 'd', files: [jsonl] });
    const healthy = await append('d', divergingJsonl(0, 150, 150));
    assert.deepEqual(healthy.findings, []);
    assert.equal(healthy.health, 'ok');
    // 60 steps of x1.2 growth: 1e4 times the best level, still far from any NaN.
    const grown = await append('d', divergingJsonl(150, 210, 150));
    assert.equal(grown.tags.find((t) => t.tag === 'loss')?.nonFinite, 0);
    const divergence = grown.findings?.find((f) => f.kind === 'divergence');
    assert.ok(divergence, JSON.stringify(grown.findings));
    assert.equal(divergence.metric, 'loss');
    assert.ok(divergence.step_start >= 140 && divergence.step_start <= 160, `onset ${divergence.step_start}`);
    assert.ok(divergence.fixes.length > 0);
    assert.equal(grown.health, 'error');
    assert.equal(grown.findingCount, grown.findings?.length);
    assert.match(grown.healthReasons[0], /^divergence in loss at steps 1\d\d-2\d\d$/);
    const snapshot = await client.snapshot({ type: 'snapshot', runId: 'd', identity: { id: 'd', label: 'train.jsonl', path: 'logs/train.jsonl', format: 'jsonl', watching: true }, options: {} });
    assert.deepEqual(snapshot.findings?.map((f) => f.kind), grown.findings?.map((f) => f.kind).sort());
  });

  it('rebuilds or drops a run\u2019s diagnosis when the settings change, and reports on request', async () => {
    const off = await client.summary({ type: 'configure', runId: 'd', diagnosis: { enabled: false } });
    assert.equal(off.findings, undefined);
    assert.equal(off.findingCount, 0);
    // Without the engine the views still call a NaN loss an error; this run has no NaN yet.
    assert.equal(off.health, 'ok');
    const strict = await client.summary({ type: 'configure', runId: 'd', diagnosis: { enabled: true, thresholds: { divergenceRatio: 1e9 } } });
    assert.deepEqual(strict.findings?.map((f) => f.kind), [], 'a 1e9x threshold does not call a 1e4x growth a divergence');
    const back = await client.summary({ type: 'configure', runId: 'd', diagnosis: { enabled: true } });
    assert.ok(back.findings?.some((f) => f.kind === 'divergence'));
    const reported = await client.summary({ type: 'report', runId: 'd' });
    assert.ok(reported.findings?.some((f) => f.kind === 'divergence'));
    assert.equal(reported.points, back.points);
  });

  it('starts a diagnosis off when the run is opened with diagnosis disabled', async () => {
    await client.summary({ type: 'open', runId: 'e', files: [jsonl], diagnosis: { enabled: false } });
    const read = await append('e', divergingJsonl(0, 210, 150));
    assert.equal(read.findings, undefined);
    assert.equal(read.points, 420);
  });

  it('rejects a request for a run it does not hold, and keeps working', async () => {
    await assert.rejects(client.summary({ type: 'end', runId: 'nope', fileId: 'f' }), /no run nope in the log worker/);
    await client.close('m');
    await assert.rejects(client.summary({ type: 'end', runId: 'm', fileId: 'f' }), /no run m/);
    assert.equal((await client.summary({ type: 'end', runId: 'a', fileId: file.fileId })).points, 0);
    assert.deepEqual(crashes, []);
  });
});
