import { endPoints, pushPoints } from '../../../src/core/logs/pointCollector';
import * as assert from 'node:assert/strict';
import { JsonlReader } from '../../../src/core/logs/jsonlReader';
import { createRng } from '../../../src/core/random';
import { byTag, readAll, readByteByByte, utf8 } from './textFeed';

const LOG = [
  '{"step": 10, "loss": 0.7, "lr": 0.01, "grad_norm": 1.3, "run": "a", "done": false}',
  '{"step": 20, "loss": NaN, "lr": 0.01, "grad_norm": Infinity}',
  '{"step": 30, "loss": "nan", "train": {"acc": 0.5, "sub": {"f1": 0.25}}, "tags": [1, 2]}',
  '{"step": 40, "loss": 0.5, "oops"',
  '[1, 2, 3]',
  '',
  '{"global_step": 50, "epoch": 1.5, "loss": -Infinity, "time": 1700000000}',
].join('\r\n') + '\n';

describe('JSON lines reader', () => {
  it('reads steps, numeric leaves as tags, nested keys joined with /, NaN and Infinity kept', () => {
    const reader = new JsonlReader();
    const points = readAll(reader, utf8(LOG));
    const tags = byTag(points);
    assert.deepEqual(Object.keys(tags).sort(), ['epoch', 'grad_norm', 'loss', 'lr', 'train/acc', 'train/sub/f1']);
    assert.deepEqual(tags.loss.map(([s]) => s), [10, 20, 30, 50]);
    assert.ok(Number.isNaN(tags.loss[1][1]) && Number.isNaN(tags.loss[2][1]));
    assert.equal(tags.loss[3][1], -Infinity);
    assert.deepEqual(tags.grad_norm, [[10, 1.3], [20, Infinity]]);
    assert.deepEqual(tags['train/sub/f1'], [[30, 0.25]]);
    assert.deepEqual(tags.epoch, [[50, 1.5]]);
    assert.equal(points.find((p) => p.step === 50)?.wallTime, 1700000000);
    assert.equal(points.find((p) => p.step === 10)?.wallTime, null);
  });

  it('reports a malformed line and a non-object line with their line numbers', () => {
    const reader = new JsonlReader();
    readAll(reader, utf8(LOG));
    assert.deepEqual(reader.warnings.map((w) => w.line), [4, 5]);
    assert.match(reader.warnings[0].message, /line 4 is not valid JSON/);
    assert.match(reader.warnings[1].message, /not a JSON object/);
  });

  it('gives the same points fed one byte at a time', () => {
    const whole = new JsonlReader();
    const bytewise = new JsonlReader();
    const a = readAll(whole, utf8(LOG));
    const b = readByteByByte(bytewise, utf8(LOG));
    assert.equal(b.length, a.length);
    assert.deepEqual(b.map((p) => [p.tag, p.step, String(p.value)]), a.map((p) => [p.tag, p.step, String(p.value)]));
    assert.deepEqual(bytewise.warnings, whole.warnings);
  });

  it('uses the object index without a step key, and keeps NaN inside strings as text', () => {
    const reader = new JsonlReader();
    const points = readAll(reader, utf8('{"loss": 1, "name": "NaN Infinity"}\n{"loss": 0.5}\n'));
    assert.deepEqual(byTag(points), { loss: [[0, 1], [1, 0.5]] });
  });

  it('holds a half-written line until end(), then reports it', () => {
    const reader = new JsonlReader();
    assert.equal(pushPoints(reader, utf8('{"step": 1, "loss": 1}\n{"step": 2, "lo')).length, 1);
    assert.equal(pushPoints(reader, utf8('ss": 0.5}\n')).length, 1);
    pushPoints(reader, utf8('{"step": 3'));
    assert.equal(reader.warnings.length, 0);
    assert.deepEqual(endPoints(reader), []);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 3);
  });

  it('turns binary garbage and an enormous line into warnings', () => {
    const reader = new JsonlReader(1000);
    const garbage = Uint8Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) % 256);
    const points = [...pushPoints(reader, garbage), ...pushPoints(reader, utf8(`\n{"step": 1, "x": "${'y'.repeat(5000)}"}\n{"step": 2, "loss": 3}\n`))];
    endPoints(reader);
    assert.deepEqual(byTag(points), { loss: [[2, 3]] });
    assert.ok(reader.warnings.length >= 2);
    assert.ok(reader.warnings.some((w) => /longer than 1000 bytes/.test(w.message)));
  });

  it('reports warnings in file order, whether the splitter or the reader finds the damage', () => {
    // Line 1 is the reader's warning, lines 2 and 4 the splitter's (binary, too long), line 3 the reader's again.
    const text = `not json\n\0\n[1]\n{"x": "${'y'.repeat(100)}"}\n{"step": 1, "loss": 2}\n`;
    for (const read of [readAll, readByteByByte]) {
      const reader = new JsonlReader(50);
      assert.deepEqual(byTag(read(reader, utf8(text))), { loss: [[1, 2]] });
      assert.deepEqual(reader.warnings.map((w) => w.line), [1, 2, 3, 4]);
    }
  });

  it('finds the step and time keys anew when the keys of a line change, even to as many other keys', () => {
    const lines = [
      '{"step": 1, "loss": 2}',
      '{"step": 2, "loss": 3}',
      '{"loss": 4, "step": 3}',
      '{"loss": 5, "epoch": 9}',
      '{"time": 1700000000, "loss": 6, "step": 4}',
      '{"loss": 7, "step": 5, "time": 1700000001}',
      '{"loss": 8}',
      '{"step": 6, "loss": 9}',
    ];
    const points = readAll(new JsonlReader(), utf8(lines.join('\n') + '\n'));
    assert.deepEqual(points.map((p) => [p.tag, p.step, p.value, p.wallTime]), [
      ['loss', 1, 2, null],
      ['loss', 2, 3, null],
      ['loss', 3, 4, null],
      ['loss', 9, 5, null],
      ['loss', 4, 6, 1700000000],
      ['loss', 5, 7, 1700000001],
      ['loss', 6, 8, null],
      ['loss', 6, 9, null],
    ]);
  });

  it('reads flat lines (the fast path) exactly as the same lines with a nested object added (the general path)', () => {
    const rng = createRng(4);
    const pick = <T>(items: readonly T[]): T => items[rng.nextUint32() % items.length];
    const keys = ['step', 'global_step', 'epoch', 'loss', 'lr', 'time', 'wall_time', 'a b', 'λ', '7', 'a\\"b', 'x\\u0041'];
    const numbers = ['0', '-0', '1.5', '-2e-3', '1E+400', '0.6931471824645996', '0.12345678901234567', '12', '01', '+1', '.5', '1.', '1e', 'NaN',
      'Infinity', '-Infinity', '"nan"', '"1e-3"', 'true', 'null', '[1]', '1700000000123'];
    const lines: string[] = [];
    for (let l = 0; l < 600; l++) {
      const n = 1 + (rng.nextUint32() % 5);
      const fields = Array.from({ length: n }, () => `${pick(['', ' '])}"${pick(keys)}"${pick(['', ' '])}:${pick(['', ' ', '\t'])}${pick(numbers)}`);
      lines.push(`${pick(['', ' '])}{${fields.join(',')}}${pick(['', ' ', '\r'])}`);
    }
    const plain = lines.join('\n') + '\n';
    const nested = lines.map((line) => line.replace(/}(\s*)$/, ', "zz": {}}$1')).join('\n') + '\n';
    const a = new JsonlReader();
    const b = new JsonlReader();
    assert.deepEqual(readAll(a, utf8(plain)), readAll(b, utf8(nested)));
    const located = (r: JsonlReader): Array<[string, number | undefined]> => r.warnings.map((w) => [w.message, w.line]);
    assert.deepEqual(located(a), located(b));
    assert.ok(a.warnings.length > 0);
  });
});
