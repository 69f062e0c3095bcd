import { endPoints, pushPoints } from '../../../src/core/logs/pointCollector';
import * as assert from 'node:assert/strict';
import { CsvReader } from '../../../src/core/logs/csvReader';
import { createRng } from '../../../src/core/random';
import { byTag, readAll, readByteByByte, utf8 } from './textFeed';

const LIGHTNING = [
  'train_loss_step,epoch,step,val_loss,val_acc,train_loss_epoch',
  '0.91,0,49,,,',
  '0.72,0,99,,,',
  ',0,99,0.70,0.61,',
  ',0,99,,,0.80',
  '0.55,1,149,,,',
  '0.48,1,199,,,',
  ',1,199,0.52,0.74,',
  ',1,199,,,0.51',
].join('\r\n') + '\r\n';

const KERAS = [
  'epoch,accuracy,loss,lr,val_accuracy,val_loss',
  '0,0.71,0.93,0.001,0.78,0.66',
  '1,0.80,0.61,0.001,NA,NA',
  '2,0.84,nan,0.001,0.83,inf',
  // append=True: a second run without a header, epoch back to 0
  '0,0.70,0.95,0.001,0.77,0.67',
  '1,0.81,0.60,0.001,0.82,0.55',
].join('\n') + '\n';

describe('CSV reader', () => {
  it('reads Lightning CSVLogger rows: interleaved train/val, blanks are no point, CRLF', () => {
    const reader = new CsvReader('lightning-csv');
    const points = readAll(reader, utf8(LIGHTNING));
    assert.equal(reader.format, 'lightning-csv');
    const tags = byTag(points);
    assert.deepEqual(tags.train_loss_step, [[49, 0.91], [99, 0.72], [149, 0.55], [199, 0.48]]);
    assert.deepEqual(tags.val_loss, [[99, 0.7], [199, 0.52]]);
    assert.deepEqual(tags.train_loss_epoch, [[99, 0.8], [199, 0.51]]);
    assert.equal(tags.epoch.length, 8);
    assert.equal(tags.step, undefined);
    assert.ok(points.every((p) => p.wallTime === null));
    assert.deepEqual(reader.warnings, []);
    assert.equal(reader.bytesRead, utf8(LIGHTNING).length);
  });

  it('reads Keras CSVLogger: epoch as step, NA gaps, nan/inf kept, appended run reported as a restart', () => {
    const reader = new CsvReader('csv');
    const points = readAll(reader, utf8(KERAS));
    assert.equal(reader.format, 'keras-csv');
    const tags = byTag(points);
    assert.deepEqual(tags.loss.map(([s]) => s), [0, 1, 2, 0, 1]);
    assert.ok(Number.isNaN(tags.loss[2][1]));
    assert.deepEqual(tags.val_loss, [[0, 0.66], [2, Infinity], [0, 0.67], [1, 0.55]]);
    assert.equal(tags.epoch, undefined);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 5);
    assert.match(reader.warnings[0].message, /restart at line 5/);
  });

  it('gives the same points and warnings fed one byte at a time', () => {
    for (const [text, format] of [[LIGHTNING, 'lightning-csv'], [KERAS, 'keras-csv']] as const) {
      const whole = new CsvReader(format);
      const bytewise = new CsvReader(format);
      assert.deepEqual(readByteByByte(bytewise, utf8(text)), readAll(whole, utf8(text)));
      assert.deepEqual(bytewise.warnings, whole.warnings);
    }
  });

  it('reads a generic TSV with quoted fields, a global_step column, wall time and -inf', () => {
    const tsv = 'wall_time\t"global_step"\t"loss, total"\tnote\n1700000000.5\t10\t0.5\tfirst\n1700000001\t20\t-inf\t"x"\n';
    const reader = new CsvReader();
    const points = readAll(reader, utf8(tsv));
    assert.equal(reader.format, 'csv');
    assert.deepEqual(points, [
      { tag: 'loss, total', step: 10, wallTime: 1700000000.5, value: 0.5 },
      { tag: 'loss, total', step: 20, wallTime: 1700000001, value: -Infinity },
    ]);
    assert.equal(reader.warnings.length, 1);
    assert.match(reader.warnings[0].message, /column "note" holds text/);
  });

  it('uses the row index as the step when there is no step column, and a comma in quotes is not a delimiter', () => {
    const reader = new CsvReader();
    const points = readAll(reader, utf8('loss,"lr"\n1,"0.1"\n0.5,0.05\n'));
    assert.deepEqual(byTag(points), { loss: [[0, 1], [1, 0.5]], lr: [[0, 0.1], [1, 0.05]] });
  });

  it('holds a truncated last row until end() and reports it, never as a point', () => {
    const reader = new CsvReader('keras-csv');
    const first = pushPoints(reader, utf8('epoch,loss\n0,0.9\n1,0.'));
    assert.equal(first.length, 1);
    assert.equal(reader.warnings.length, 0);
    assert.deepEqual(endPoints(reader), []);
    assert.equal(reader.warnings.length, 1);
    assert.deepEqual([reader.warnings[0].line, reader.warnings[0].offset], [3, 17]);
    assert.match(reader.warnings[0].message, /truncated/);
  });

  it('turns binary garbage and malformed rows into warnings, not exceptions', () => {
    const reader = new CsvReader();
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const points = [...pushPoints(reader, utf8('step,loss\n1,0.5\n')), ...pushPoints(reader, garbage), ...pushPoints(reader, utf8('\n2,0.4\n3,"unterminated\n4,1,2,3\n'))];
    endPoints(reader);
    assert.ok(points.some((p) => p.step === 1 && p.value === 0.5));
    assert.ok(points.some((p) => p.step === 2 && p.value === 0.4));
    assert.ok(reader.warnings.length >= 3);
    assert.ok(reader.warnings.some((w) => /binary data/.test(w.message)));
    assert.ok(reader.warnings.some((w) => /unterminated/.test(w.message)));
    assert.ok(reader.warnings.some((w) => /4 fields/.test(w.message)));
  });

  it('skips an enormous row with a warning and keeps reading', () => {
    const reader = new CsvReader('csv', 4096);
    const points = readAll(reader, utf8(`step,loss\n1,0.5\n2,${'9'.repeat(10000)}\n3,0.25\n`));
    assert.deepEqual(byTag(points), { loss: [[1, 0.5], [3, 0.25]] });
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 3);
  });

  it('treats a repeated header (a run appended with its header) as a new run', () => {
    const reader = new CsvReader();
    const points = readAll(reader, utf8('epoch,loss\n0,1\n1,0.5\nepoch,loss\n0,0.9\n'));
    assert.deepEqual(byTag(points), { loss: [[0, 1], [1, 0.5], [0, 0.9]] });
    assert.equal(reader.warnings.length, 1);
    assert.match(reader.warnings[0].message, /repeated header at line 4/);
  });

  it('reads unquoted rows (the fast path) exactly as the same rows with every field quoted', () => {
    const rng = createRng(9);
    const cells = ['0.5', '-1.25e-3', '+7', '.5', '5.', '007', '1e400', '-0', ' 2 ', 'NA', 'nan', '-inf', 'null', '', 'text', '1e', '0.6931471824645996',
      '0.12345678901234567', '12345678901234567890', '9.3199e-04', '1_000', '0x10', 'Infinity'];
    const pick = (): string => cells[rng.nextUint32() % cells.length];
    const rows: string[][] = [];
    for (let r = 0; r < 400; r++) {
      const step = rng.nextUint32() % 10 === 0 ? pick() : String(r);
      rows.push([step, ...Array.from({ length: 1 + (rng.nextUint32() % 5) }, pick)]);
    }
    const header = 'step,a,b,c,d,e\n';
    const plain = header + rows.map((row) => row.join(',')).join('\n') + '\n';
    const quoted = header + rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\n') + '\n';
    const a = new CsvReader();
    const b = new CsvReader();
    assert.deepEqual(readAll(a, utf8(plain)), readAll(b, utf8(quoted)));
    // Offsets differ (quotes make the lines longer); messages and line numbers do not.
    const located = (r: CsvReader): Array<[string, number | undefined]> => r.warnings.map((w) => [w.message, w.line]);
    assert.deepEqual(located(a), located(b));
    assert.ok(a.warnings.length > 0);
    // Quoted and unquoted rows mixed in one chunk (the fast path remembers where the next quote is), and TSV.
    for (const delimiter of [',', '\t']) {
      const mixed = header.replaceAll(',', delimiter) + rows.map((row, r) => row.map((cell, c) => ((r * 7 + c) % 5 === 0 ? `"${cell}"` : cell)).join(delimiter)).join('\n') + '\n';
      const allQuoted = header.replaceAll(',', delimiter) + rows.map((row) => row.map((cell) => `"${cell}"`).join(delimiter)).join('\n') + '\n';
      const c = new CsvReader();
      const d = new CsvReader();
      const e = new CsvReader();
      assert.deepEqual(readAll(c, utf8(mixed)), readAll(d, utf8(allQuoted)));
      assert.deepEqual(readByteByByte(e, utf8(mixed)), readAll(new CsvReader(), utf8(allQuoted)));
      assert.deepEqual(located(c), located(d));
      assert.deepEqual(located(e), located(d));
    }
  });
});
