import { endPoints, pushPoints } from '../../../src/core/logs/pointCollector';
import * as assert from 'node:assert/strict';
import { createReader } from '../../../src/core/logs/readerRegistry';
import { crc32c, maskCrc, maskedLengthCrc } from '../../../src/core/logs/tfevents/crc32c';
import '../../../src/core/logs/tfevents/index';
import { EventPoints, TfEventsReader, decodeEvent, halfToFloat } from '../../../src/core/logs/tfevents/eventReader';
import { TfRecordFramer } from '../../../src/core/logs/tfevents/framing';
import { FieldCursor } from '../../../src/core/logs/tfevents/protobuf';
import type { ScalarPoint } from '../../../src/core/logs/types';
import { createRng } from '../../../src/core/random';
import * as w from './tfeventsWriter';

const f32 = (x: number): number => Math.fround(x);

function readAll(bytes: Uint8Array, chunk = bytes.length): { points: ScalarPoint[]; reader: TfEventsReader } {
  const reader = new TfEventsReader();
  const points: ScalarPoint[] = [];
  for (let i = 0; i < bytes.length; i += Math.max(1, chunk)) points.push(...pushPoints(reader, bytes.subarray(i, i + Math.max(1, chunk))));
  if (bytes.length === 0) points.push(...pushPoints(reader, bytes));
  points.push(...endPoints(reader));
  return { points, reader };
}

/** A file mixing every writer style and the quirks from the formats doc. */
function mixedFile(): { bytes: Uint8Array; expected: ScalarPoint[] } {
  const parts: Uint8Array[] = [
    w.fileVersion(1700000000),
    w.graphDef({ wallTime: 1700000000.5 }, Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
    w.pytorchScalar({ wallTime: 1700000001.25, step: 1 }, 'loss', 0.75),
    w.tf2Scalar({ wallTime: 1700000002, step: 2 }, 'epoch_loss', 0.1),
    w.tbxNewStyle({ wallTime: 1700000003, step: 3 }, 'tbx/new', 1.5, false),
    w.tbxNewStyle({ wallTime: 1700000004, step: 4 }, 'tbx/packed', -2.25, true),
    w.tbxDouble({ wallTime: 1700000005, step: 5 }, 'tbx/double', 0.1),
    w.halfScalar({ wallTime: 1700000006, step: 6 }, 'half', 0x3e00), // 1.5
    w.hparamsEmpty({ wallTime: 1700000007, step: 0 }, '_hparams_/session_start_info'),
    w.prCurve({ wallTime: 1700000008, step: 8 }, 'pr'),
    w.histogram({ wallTime: 1700000009, step: 9 }, 'weights'),
    w.pytorchScalar({ wallTime: 1700000010 }, 'nostep', 3),
    w.pytorchScalar({ wallTime: 1700000011, step: 2 ** 40 + 7 }, 'big', NaN),
    w.float1Tensor({ wallTime: 1700000012, step: 12 }, 'shape1', 4.5),
  ];
  const expected: ScalarPoint[] = [
    { tag: 'loss', step: 1, wallTime: 1700000001.25, value: 0.75 },
    { tag: 'epoch_loss', step: 2, wallTime: 1700000002, value: f32(0.1) },
    { tag: 'tbx/new', step: 3, wallTime: 1700000003, value: 1.5 },
    { tag: 'tbx/packed', step: 4, wallTime: 1700000004, value: -2.25 },
    { tag: 'tbx/double', step: 5, wallTime: 1700000005, value: 0.1 },
    { tag: 'half', step: 6, wallTime: 1700000006, value: 1.5 },
    { tag: 'nostep', step: 0, wallTime: 1700000010, value: 3 },
    { tag: 'big', step: 2 ** 40 + 7, wallTime: 1700000011, value: NaN },
    { tag: 'shape1', step: 12, wallTime: 1700000012, value: 4.5 },
  ];
  return { bytes: w.concat(parts), expected };
}

describe('tfevents: CRC32C', () => {
  it('matches the published check value and RFC 3720 vectors', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    const inc = Uint8Array.from({ length: 32 }, (_, i) => i);
    assert.equal(crc32c(inc), 0x46dd794e);
  });

  it('agrees with a bitwise reference on every sub-range of random bytes', () => {
    const rng = createRng(7);
    const bytes = Uint8Array.from({ length: 100 }, () => rng.nextUint32() & 0xff);
    for (let s = 0; s < 30; s++) for (let e = s; e <= 100; e += 7) assert.equal(crc32c(bytes, s, e), w.refCrc32c(bytes.subarray(s, e)));
  });

  it('frames like real event files: the 24-byte file_version header every TF/PyTorch file starts with', () => {
    // The first 12 bytes of real event files: length 24 (LE uint64) and its masked CRC a3 7f 4b 22.
    assert.deepEqual([...w.fileVersion(1700000000).subarray(0, 12)], [0x18, 0, 0, 0, 0, 0, 0, 0, 0xa3, 0x7f, 0x4b, 0x22]);
  });

  it('gives the masked CRC of an 8-byte record length, remembered or not', () => {
    for (const n of [0, 1, 24, 63, 65535, 65536, 1 << 20, 2 ** 32 - 1]) {
      const le = new Uint8Array(8);
      new DataView(le.buffer).setUint32(0, n, true);
      const expected = maskCrc(w.refCrc32c(le));
      assert.equal(maskedLengthCrc(n), expected, `length ${n}`);
      assert.equal(maskedLengthCrc(n), expected, `length ${n}, second time`);
    }
    assert.equal(maskedLengthCrc(24), 0x224b7fa3);
  });

  it('masks as TFRecord does', () => {
    assert.equal(maskCrc(0), 0xa282ead8);
    assert.equal(maskCrc(0x8000), (1 + 0xa282ead8) >>> 0);
  });
});

describe('tfevents: protobuf cursor', () => {
  it('reads 64-bit and negative varints and never throws on garbage', () => {
    const buf = new Uint8Array([0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]); // field 2 = 2^42
    const c = new FieldCursor(buf);
    assert.ok(c.next());
    assert.equal(c.value, 2 ** 42);
    const neg = new Uint8Array([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const n = new FieldCursor(neg);
    assert.ok(n.next());
    assert.equal(n.value, -1);
    const rng = createRng(3);
    for (let t = 0; t < 2000; t++) {
      const g = Uint8Array.from({ length: rng.nextUint32() % 40 }, () => rng.nextUint32() & 0xff);
      const g1 = new FieldCursor(g);
      let guard = 0;
      while (g1.next()) assert.ok(++guard <= g.length);
    }
  });

  it('skips groups and reports truncation as an error', () => {
    // field 7 start group { field 1 varint 5 } end group, then field 2 varint 9
    const c = new FieldCursor(new Uint8Array([0x3b, 0x08, 0x05, 0x3c, 0x10, 0x09]));
    assert.ok(c.next());
    assert.ok(c.next());
    assert.equal(c.field, 2);
    assert.equal(c.value, 9);
    assert.equal(c.next(), false);
    assert.equal(c.error, null);
    const t = new FieldCursor(new Uint8Array([0x0a, 0x05, 0x01]));
    assert.equal(t.next(), false);
    assert.match(t.error ?? '', /past the end/);
  });
});

describe('tfevents: reader', () => {
  it('reads every scalar style with exact values and skips non-scalars', () => {
    const { bytes, expected } = mixedFile();
    const { points, reader } = readAll(bytes);
    assert.deepEqual(points, expected);
    assert.deepEqual(reader.warnings, []);
    assert.equal(reader.records, 14);
    assert.equal(reader.crcErrors, 0);
    assert.equal(reader.bytesRead, bytes.length);
    assert.equal(reader.format, 'tfevents');
  });

  it('produces no points for hparams, pr_curves, histograms, graph and file_version', () => {
    const bytes = w.concat([
      w.fileVersion(1),
      w.graphDef({ wallTime: 1, step: 0 }, [1, 2, 3]),
      w.hparamsEmpty({ wallTime: 1 }, 'h'),
      w.prCurve({ wallTime: 1, step: 1 }, 'pr'),
      w.histogram({ wallTime: 1, step: 1 }, 'h'),
    ]);
    const { points, reader } = readAll(bytes);
    assert.deepEqual(points, []);
    assert.deepEqual(reader.warnings, []);
  });

  it('converts half floats', () => {
    assert.equal(halfToFloat(0x3c00), 1);
    assert.equal(halfToFloat(0xc000), -2);
    assert.equal(halfToFloat(0x7bff), 65504);
    assert.equal(halfToFloat(0x0001), 2 ** -24);
    assert.equal(halfToFloat(0x7c00), Infinity);
    assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  });

  it('gives the same points when fed byte by byte or in odd chunks', () => {
    const { bytes, expected } = mixedFile();
    for (const chunk of [1, 3, 13, 64]) {
      const { points, reader } = readAll(bytes, chunk);
      assert.deepEqual(points, expected, `chunk ${chunk}`);
      assert.deepEqual(reader.warnings, []);
    }
  });

  it('skips a record with a bad data CRC, reports its offset, and reads the rest', () => {
    const a = w.pytorchScalar({ wallTime: 1, step: 1 }, 'loss', 1);
    const b = w.pytorchScalar({ wallTime: 2, step: 2 }, 'loss', 2);
    const c = w.pytorchScalar({ wallTime: 3, step: 3 }, 'loss', 3);
    const bytes = w.concat([a, b, c]);
    bytes[a.length + 12 + 3] ^= 0x40; // a data byte of record b
    for (const chunk of [bytes.length, 1]) {
      const { points, reader } = readAll(bytes, chunk);
      assert.deepEqual(points.map((p) => p.value), [1, 3]);
      assert.equal(reader.crcErrors, 1);
      assert.equal(reader.warnings.length, 1);
      assert.equal(reader.warnings[0].offset, a.length);
      assert.match(reader.warnings[0].message, /data CRC/);
    }
  });

  it('finds every bad record in long runs of records checked together: one or two per run, a damaged CRC word, the last record', () => {
    // Many records of a few lengths (checked a run at a time), 100 further lengths (more than are tabulated) and
    // records longer than the tabulated ones (checked on their own).
    const records: Uint8Array[] = [];
    for (let k = 0; k < 3000; k++) {
      const tag = k % 10 === 9 ? `m${'x'.repeat(k % 100)}` : ['loss', 'lr', 'grad_norm'][k % 3];
      records.push(k % 500 === 250 ? w.graphDef({ wallTime: k, step: k }, new Array<number>(5000 + k).fill(7)) : w.pytorchScalar({ wallTime: k, step: k }, tag, k));
    }
    const offsets: number[] = [];
    for (let k = 0, at = 0; k < records.length; at += records[k].length, k++) offsets.push(at);
    const bytes = w.concat(records);
    // [record, byte inside it to flip]: data bytes of one record, of two records a few apart (one run), the CRC
    // word of another, a long record's data, and the last record's data.
    const damage: [number, number][] = [[17, 20], [1200, 14], [1203, 30], [2000, -1], [1750, 5000], [2999, 13]];
    for (const [k, at] of damage) bytes[offsets[k] + (at < 0 ? records[k].length + at : at)] ^= 0x10;
    const bad = new Set(damage.map(([k]) => k));
    const expected: number[] = [];
    for (let k = 0; k < records.length; k++) if (!bad.has(k) && k % 500 !== 250) expected.push(k);
    for (const chunk of [bytes.length, 1000, 7]) {
      const { points, reader } = readAll(bytes, chunk);
      assert.deepEqual(points.map((p) => p.value), expected, `chunk ${chunk}`);
      assert.equal(reader.crcErrors, bad.size);
      assert.equal(reader.records, records.length - bad.size);
      assert.deepEqual(reader.warnings.map((x) => x.offset), [...bad].sort((a, b) => a - b).map((k) => offsets[k]));
      for (const x of reader.warnings) assert.match(x.message, /Bad data CRC/);
    }
  });

  it('resynchronises after a damaged length', () => {
    const a = w.pytorchScalar({ wallTime: 1, step: 1 }, 'loss', 1);
    const b = w.pytorchScalar({ wallTime: 2, step: 2 }, 'loss', 2);
    const c = w.pytorchScalar({ wallTime: 3, step: 3 }, 'loss', 3);
    const bytes = w.concat([a, b, c]);
    bytes[a.length + 1] = 0x7f; // length of b is now enormous and its CRC no longer verifies
    for (const chunk of [bytes.length, 1, 5]) {
      const { points, reader } = readAll(bytes, chunk);
      assert.deepEqual(points.map((p) => p.value), [1, 3], `chunk ${chunk}`);
      assert.equal(reader.warnings.length, 1);
      assert.equal(reader.warnings[0].offset, a.length);
      assert.match(reader.warnings[0].message, new RegExp(`skipped ${b.length} bytes, resynchronised at offset ${a.length + b.length}`));
    }
  });

  it('reports garbage with no valid header after it at end()', () => {
    const a = w.pytorchScalar({ wallTime: 1, step: 1 }, 'loss', 1);
    const bytes = w.concat([a, new Uint8Array(40).fill(0xab)]);
    const { points, reader } = readAll(bytes);
    assert.deepEqual(points.map((p) => p.value), [1]);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].offset, a.length);
  });

  it('holds a truncated tail until end(), then warns without a point', () => {
    const a = w.pytorchScalar({ wallTime: 1, step: 1 }, 'loss', 1);
    const b = w.pytorchScalar({ wallTime: 2, step: 2 }, 'loss', 2);
    for (const cut of [1, 11, 12, 20, b.length - 1]) {
      const reader = new TfEventsReader();
      const first = pushPoints(reader, w.concat([a, b.subarray(0, cut)]));
      assert.deepEqual(first.map((p) => p.value), [1]);
      assert.equal(reader.warnings.length, 0, 'a partial tail is not an error while the writer may be writing');
      assert.equal(reader.bytesRead, a.length + cut);
      assert.deepEqual(endPoints(reader), []);
      assert.equal(reader.warnings.length, 1);
      assert.equal(reader.warnings[0].offset, a.length);
      assert.match(reader.warnings[0].message, /Truncated record/);
    }
    // ...and completing the record before end() reads it.
    const reader = new TfEventsReader();
    pushPoints(reader, w.concat([a, b.subarray(0, 20)]));
    assert.deepEqual(pushPoints(reader, b.subarray(20)).map((p) => p.value), [2]);
    endPoints(reader);
    assert.deepEqual(reader.warnings, []);
  });

  it('turns a record whose data is not an Event into a warning', () => {
    const bytes = w.concat([w.tfRecord(new Uint8Array([0x0a, 0x7f, 0x01])), w.pytorchScalar({ wallTime: 1, step: 1 }, 'x', 5)]);
    const { points, reader } = readAll(bytes);
    assert.deepEqual(points.map((p) => p.value), [5]);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].offset, 0);
  });

  it('never throws on random garbage or mutated files', () => {
    const rng = createRng(11);
    const { bytes } = mixedFile();
    for (let t = 0; t < 200; t++) {
      const g = Uint8Array.from({ length: rng.nextUint32() % 300 }, () => rng.nextUint32() & 0xff);
      assert.doesNotThrow(() => readAll(g, 1 + (rng.nextUint32() % 50)));
      const m = bytes.slice();
      for (let k = 0; k < 1 + (t % 5); k++) m[rng.nextUint32() % m.length] = rng.nextUint32() & 0xff;
      assert.doesNotThrow(() => readAll(m, 1 + (rng.nextUint32() % 100)));
    }
    // Records whose CRCs are valid but whose data is random protobuf-ish bytes.
    for (let t = 0; t < 500; t++) {
      const d = Uint8Array.from({ length: rng.nextUint32() % 60 }, () => rng.nextUint32() & 0xff);
      assert.doesNotThrow(() => readAll(w.tfRecord(d)));
    }
  });
});

/** Points of `bytes` decoded with the general decoder only (no fast path): framing, then decodeEvent per record. */
function generalPoints(bytes: Uint8Array): ScalarPoint[] {
  const points: ScalarPoint[] = [];
  const out = new EventPoints();
  const framer = new TfRecordFramer(() => undefined);
  framer.push(bytes, {
    record(b: Uint8Array, view: DataView, start: number, end: number): void {
      if (decodeEvent(b, start, end, view, out) === null) {
        out.flush({ add: (tag, step, wallTime, value) => points.push({ tag, step, wallTime, value }) });
      }
    },
  });
  return points;
}

describe('tfevents: fast path', () => {
  it('gives exactly what the general decoder gives, on common, unusual and mutated events', () => {
    const rng = createRng(5);
    const common = w.concat([
      w.fileVersion(1),
      w.pytorchScalar({ wallTime: 1.5, step: 1 }, 'train/loss', 0.5),
      w.pytorchScalar({ wallTime: 2.5, step: 300 }, 'lr', 1e-3),
      w.pytorchScalar({ wallTime: 3.5, step: 2 ** 27 + 3 }, 'grad_norm', 2),
      w.pytorchScalar({ wallTime: 4.5, step: 2 ** 35 }, 'long step', 3),
      w.pytorchScalar({ wallTime: 5.5 }, '', 4),
      w.tf2Scalar({ wallTime: 6.5, step: 7 }, 'epoch_loss', 0.25),
      w.tf2Scalar({ wallTime: 7.5, step: 8 }, 'x'.repeat(200), 0.75),
    ]);
    const { bytes: mixed } = mixedFile();
    for (const file of [common, mixed]) {
      assert.deepEqual(readAll(file).points, generalPoints(file));
      for (let t = 0; t < 300; t++) {
        // Mutations that keep the CRCs valid: rewrite random data bytes of one record and re-frame it.
        const records = splitRecords(file);
        const k = rng.nextUint32() % records.length;
        const data = records[k].slice();
        for (let m = 0; m < 1 + (t % 3); m++) data[rng.nextUint32() % data.length] = rng.nextUint32() & 0xff;
        records[k] = w.tfRecord(data);
        const mutated = w.concat(records.map((r, i) => (i === k ? r : w.tfRecord(r))));
        assert.deepEqual(readAll(mutated).points, generalPoints(mutated), `mutation ${t}`);
      }
    }
  });
});

/** The data of every record of a well-formed file. */
function splitRecords(file: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let pos = 0; pos < file.length; ) {
    const n = file[pos] | (file[pos + 1] << 8) | (file[pos + 2] << 16);
    out.push(file.slice(pos + 12, pos + 12 + n));
    pos += 16 + n;
  }
  return out;
}

describe('tfevents: registry', () => {
  it('registers itself as the tfevents reader on import', () => {
    const r = createReader('tfevents');
    assert.equal(r.format, 'tfevents');
    assert.deepEqual(pushPoints(r, w.pytorchScalar({ wallTime: 1, step: 4 }, 'loss', 0.5)), [{ tag: 'loss', step: 4, wallTime: 1, value: 0.5 }]);
  });
});
