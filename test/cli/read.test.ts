import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { concat, fileVersion, pytorchScalar, tf2Scalar } from '../core/logs/tfeventsWriter';

interface JsonSeries {
  step: number[];
  wall_time: (number | null)[];
  value: (number | null)[];
}
interface JsonRun {
  path: string;
  format: string | null;
  series: Record<string, JsonSeries>;
  warnings: string[];
  records?: number;
  crc_errors?: number;
}

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function readJson(...paths: string[]): JsonRun[] {
  const r = cli(['read', ...paths, '--json']);
  assert.equal(r.code, 0, r.err);
  return (JSON.parse(r.out) as { runs: JsonRun[] }).runs;
}

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
}

const T0 = 1700000000.5;

describe('optlens read', () => {
  let dir: string;
  /** Byte offset of the record whose CRC the fixture breaks. */
  let badRecordOffset: number;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'optlens-read-')).split('\\').join('/');
    // A PyTorch SummaryWriter file: steps 0-99, then a resumed run logging 90-99 again, a NaN, and one record
    // with a broken data CRC.
    const records: Uint8Array[] = [fileVersion(T0)];
    for (let s = 0; s < 100; s++) records.push(pytorchScalar({ wallTime: T0 + s, step: s }, 'loss', 1 / (s + 1)));
    for (let s = 90; s < 100; s++) records.push(pytorchScalar({ wallTime: T0 + 1000 + s, step: s }, 'loss', 2));
    records.push(pytorchScalar({ wallTime: T0 + 2000, step: 100 }, 'loss', NaN));
    const broken = pytorchScalar({ wallTime: T0 + 2001, step: 101 }, 'loss', 5);
    broken[20] ^= 0xff;
    badRecordOffset = records.reduce((n, r) => n + r.length, 0);
    records.push(broken);
    records.push(tf2Scalar({ wallTime: T0 + 2002, step: 102 }, 'loss', 0.25));
    write(`${dir}/runs/exp1/events.out.tfevents.1700000000.host.1.0`, concat(records));
    // A second event file of the same run (a writer restarted later), read after the first by name.
    write(`${dir}/runs/exp1/events.out.tfevents.1700009999.host.2.0`, concat([fileVersion(T0), pytorchScalar({ wallTime: T0 + 3000, step: 103 }, 'acc', 0.5)]));
    write(`${dir}/lightning_logs/version_0/metrics.csv`, 'epoch,step,train_loss,val_loss\n0,0,1.5,\n0,1,1.25,\n0,1,,1.4\n');
    write(`${dir}/out/trainer_state.json`, JSON.stringify({ log_history: [{ step: 10, loss: 2.5 }, { step: 20, loss: 2.0 }] }));
    write(`${dir}/out/checkpoint-10/trainer_state.json`, JSON.stringify({ log_history: [{ step: 10, loss: 9 }] }));
    write(`${dir}/node_modules/pkg/log.jsonl`, '{"step": 1, "x": 1}\n');
    write(`${dir}/notes.txt`, 'not a log\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a folder recursively into runs, with TensorBoard restarts purged, NaN as null and CRC errors counted', () => {
    const runs = readJson(dir);
    assert.deepEqual(runs.map((r) => [r.path.slice(dir.length + 1), r.format]), [
      ['lightning_logs/version_0', 'lightning-csv'],
      ['out', 'trainer-state'],
      ['runs/exp1', 'tfevents'],
    ], 'node_modules and files in no known format are skipped; checkpoint copies are ignored');
    const tb = runs[2];
    assert.deepEqual(Object.keys(tb.series), ['loss', 'acc']);
    const loss = tb.series.loss;
    assert.deepEqual(loss.step, [...Array.from({ length: 100 }, (_, i) => i), 100, 102]);
    assert.equal(loss.value[89], Math.fround(1 / 90));
    assert.equal(loss.value[90], 2, 'the resumed run replaced steps 90-99');
    assert.equal(loss.value[100], null, 'NaN is written as null');
    assert.equal(loss.value[101], 0.25);
    assert.equal(loss.wall_time[0], T0);
    assert.equal(loss.wall_time[95], T0 + 1095);
    assert.deepEqual(tb.series.acc, { step: [103], wall_time: [T0 + 3000], value: [0.5] });
    assert.equal(tb.crc_errors, 1);
    assert.equal(tb.records, 1 + 100 + 10 + 1 + 1 + 2, 'verified records of both files');
    assert.ok(tb.warnings.some((w) => w.startsWith(`${dir}/runs/exp1/events.out.tfevents.1700000000.host.1.0@${badRecordOffset}: `)), tb.warnings.join('\n'));
    assert.ok(tb.warnings.some((w) => /"loss" went back from step 99 to 90.*10 later points dropped/.test(w)), tb.warnings.join('\n'));

    const lightning = runs[0];
    assert.equal(lightning.records, undefined, 'records only for TensorBoard runs');
    assert.deepEqual(lightning.series.train_loss, { step: [0, 1], wall_time: [null, null], value: [1.5, 1.25] });
    assert.deepEqual(lightning.series.val_loss.value, [1.4]);
    assert.deepEqual(runs[1].series.loss, { step: [10, 20], wall_time: [null, null], value: [2.5, 2.0] });
  });

  it('reads a file bigger than one read chunk completely', () => {
    const records: Uint8Array[] = [fileVersion(T0)];
    for (let s = 0; s < 40_000; s++) records.push(pytorchScalar({ wallTime: T0 + s, step: s }, s % 2 ? 'a/loss' : 'b/lr', s));
    const path = `${dir}/big/events.out.tfevents.1.h.1.0`;
    write(path, concat(records));
    const [run] = readJson(path);
    assert.equal(run.series['a/loss'].step.length, 20_000);
    assert.equal(run.series['b/lr'].value[19_999], 39_998);
    assert.equal(run.crc_errors, 0);
    assert.deepEqual(run.warnings, []);
  });

  it('groups event files given one by one like their folder', () => {
    const runs = readJson(`${dir}/runs/exp1/events.out.tfevents.1700009999.host.2.0`, `${dir}/runs/exp1/events.out.tfevents.1700000000.host.1.0`);
    assert.equal(runs.length, 1);
    assert.deepEqual(Object.keys(runs[0].series), ['loss', 'acc'], 'files are read in name order');
  });

  it('reports a file given explicitly in no known format as a warning, not a failure', () => {
    const runs = readJson(`${dir}/notes.txt`, `${dir}/out/trainer_state.json`);
    assert.equal(runs.length, 2);
    assert.deepEqual(runs[1], { path: `${dir}/notes.txt`, format: null, series: {}, warnings: [`${dir}/notes.txt: not a training log in a format optlens reads; skipped`] });
  });

  it('prints an empty run list for a folder without logs', () => {
    mkdirSync(`${dir}/empty`);
    const r = cli(['read', `${dir}/empty`, '--json']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), { runs: [] });
  });

  it('prints a short table per run without --json', () => {
    const r = cli(['read', `${dir}/runs`]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], `${dir}/runs/exp1 (tfevents, 115 records, 1 CRC errors)`);
    assert.match(lines[1], /^ {2}tag +points +last step +last value$/);
    assert.match(lines[2], /^ {2}loss +102 \(1 not finite\) +102 +0\.25$/);
    assert.match(lines[3], /^ {2}acc +1 +103 +0\.5$/);
    assert.match(lines[4], /^ {2}2 warnings/);
  });

  it('exits 2 with a clear message for a missing path, before printing anything', () => {
    const r = cli(['read', `${dir}/runs`, `${dir}/missing`, '--json']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, `optlens: error: ${dir}/missing: no such file or directory.\n`);
  });

  it('rejects a read without a path or with an unknown option, and documents null in its help', () => {
    assert.equal(cli(['read']).code, 2);
    const unknown = cli(['read', dir, '--csv']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option --csv for read/);
    const help = cli(['help', 'read']);
    assert.equal(help.code, 0);
    for (const text of ['--json', 'null', 'crc_errors', 'wall_time', 'node_modules']) assert.ok(help.out.includes(text), text);
    assert.equal(cli(['read', '--help']).out, help.out);
    assert.ok(cli(['--help']).out.includes('optlens read'));
  });
});
