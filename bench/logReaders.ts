/**
 * Training-log reader speed (issue 4, "Speed"): MB/s of the TensorBoard event-file, CSV and JSON-lines readers
 * on realistic files generated in memory (deterministic), each delivering every point into a sink that appends
 * to per-tag Float64Array columns, against a bound measured in the same run on the same bytes:
 * - tfevents: CRC32C (the crc-32 library) over every chunk + a plain copy of it: what any reader that checks
 *   the CRCs must at least do. Target: reader >= 300 MB/s.
 * - CSV: decode + newline scan + Number() of every non-empty field. JSONL: decode + JSON.parse of every line.
 *   Target: reader >= 100 MB/s.
 * Files are fed in 1 MiB chunks, as a file watcher reads them. Times are CPU time of this process
 * (process.cpuUsage), not wall time: on a shared machine wall time mostly measures the neighbours. Figures are
 * medians of samples that alternate reader and bound, so a busy machine slows both alike and the ratio stays
 * meaningful.
 */
import * as CRC32C from 'crc-32/crc32c';
import { performance } from 'node:perf_hooks';
import { CsvReader } from '../src/core/logs/csvReader';
import { JsonlReader } from '../src/core/logs/jsonlReader';
import { TfEventsReader } from '../src/core/logs/tfevents/eventReader';
import { TfRecordFramer, type RecordSink } from '../src/core/logs/tfevents/framing';
import type { IncrementalReader, ReadWarning, ScalarSink } from '../src/core/logs/types';
import { createRng, type Rng } from '../src/core/random';

const crc32cLib = CRC32C.buf;
const CHUNK = 1 << 20;
const REPS = 5;

// --- the sink ----------------------------------------------------------------------------------------------

class Column {
  n = 0;
  steps = new Float64Array(1024);
  wallTimes = new Float64Array(1024);
  values = new Float64Array(1024);

  add(step: number, wallTime: number | null, value: number): void {
    if (this.n === this.steps.length) {
      this.steps = grow(this.steps);
      this.wallTimes = grow(this.wallTimes);
      this.values = grow(this.values);
    }
    const i = this.n++;
    this.steps[i] = step;
    this.wallTimes[i] = wallTime ?? NaN;
    this.values[i] = value;
  }
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Per-tag typed columns, as a series store keeps them. */
class ColumnSink implements ScalarSink {
  readonly columns = new Map<string, Column>();
  points = 0;

  add(tag: string, step: number, wallTime: number | null, value: number): void {
    let c = this.columns.get(tag);
    if (c === undefined) {
      c = new Column();
      this.columns.set(tag, c);
    }
    c.add(step, wallTime, value);
    this.points++;
  }
}

// --- realistic files ---------------------------------------------------------------------------------------

class ByteWriter {
  buf = new Uint8Array(64);
  n = 0;
  private view = new DataView(this.buf.buffer);

  private dv(): DataView {
    return this.view;
  }

  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.n++] = b;
  }
  varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  f64(x: number): void {
    this.ensure(8);
    this.dv().setFloat64(this.n, x, true);
    this.n += 8;
  }
  f32(x: number): void {
    this.ensure(4);
    this.dv().setFloat32(this.n, x, true);
    this.n += 4;
  }
  u32(x: number): void {
    this.ensure(4);
    this.dv().setUint32(this.n, x >>> 0, true);
    this.n += 4;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

const mask = (c: number): number => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

function tfRecord(out: ByteWriter, data: Uint8Array): void {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, data.length, true);
  out.bytes(head);
  out.u32(mask(crc32cLib(head, 0)));
  out.bytes(data);
  out.u32(mask(crc32cLib(data, 0)));
}

const utf8 = new TextEncoder();

/** A length-delimited field. */
function lenField(w: ByteWriter, field: number, body: Uint8Array): void {
  w.varint(field * 8 + 2);
  w.varint(body.length);
  w.bytes(body);
}

function summaryValue(tag: string, value: number, tf2: boolean): Uint8Array {
  const v = new ByteWriter();
  lenField(v, 1, utf8.encode(tag));
  if (!tf2) {
    v.byte((2 << 3) | 5);
    v.f32(value);
  } else {
    // metadata { plugin_data { plugin_name: "scalars" } }, tensor { dtype: DT_FLOAT, tensor_shape {}, tensor_content }
    const name = new ByteWriter();
    lenField(name, 1, utf8.encode('scalars'));
    const pd = new ByteWriter();
    lenField(pd, 1, name.done());
    lenField(v, 9, pd.done());
    const t = new ByteWriter();
    t.byte(1 << 3);
    t.byte(1);
    lenField(t, 2, new Uint8Array(0));
    const content = new ByteWriter();
    content.f32(value);
    lenField(t, 4, content.done());
    lenField(v, 8, t.done());
  }
  return v.done();
}

function event(wallTime: number, step: number, values: Uint8Array[]): Uint8Array {
  const s = new ByteWriter();
  for (const v of values) lenField(s, 1, v);
  const e = new ByteWriter();
  e.byte((1 << 3) | 1);
  e.f64(wallTime);
  e.byte(2 << 3);
  e.varint(step);
  lenField(e, 5, s.done());
  return e.done();
}

/**
 * An event file of about `size` bytes: a file_version record, then per step 1-3 scalar summaries. PyTorch style
 * (`tf2` false): simple_value, tags train/loss, lr, grad_norm in events of 1-3 values. TF2 style: one 0-d DT_FLOAT
 * tensor (plugin "scalars") per event, as tf.summary.scalar writes.
 */
export function tfeventsFile(size: number, tf2: boolean, rng: Rng = createRng(1)): Uint8Array {
  const out = new ByteWriter();
  const fv = new ByteWriter();
  fv.byte((1 << 3) | 1);
  fv.f64(1700000000.123);
  lenField(fv, 3, utf8.encode('brain.Event:2'));
  tfRecord(out, fv.done());
  const tags = ['train/loss', 'lr', 'grad_norm'];
  let wall = 1700000000.5;
  for (let step = 0; out.n < size; step++) {
    wall += 0.05 + rng.next() * 0.01;
    const k = 1 + (step % 3);
    const loss = 2 * Math.exp(-step / 50000) + 0.1 * rng.next();
    const values = [loss, 1e-3 * Math.min(1, step / 1000), 0.5 + rng.next()];
    if (tf2) for (let i = 0; i < k; i++) tfRecord(out, event(wall, step, [summaryValue(tags[i], values[i], true)]));
    else tfRecord(out, event(wall, step, tags.slice(0, k).map((t, i) => summaryValue(t, values[i], false))));
  }
  return out.done();
}

/** A Lightning CSVLogger metrics.csv of about `size` bytes: train rows, and a validation row every 200 steps. */
export function lightningCsv(size: number, rng: Rng = createRng(2)): Uint8Array {
  const rows: string[] = ['step,epoch,train_loss_step,lr,grad_norm,val_loss,val_acc,train_loss_epoch'];
  let bytes = rows[0].length + 1;
  for (let step = 0; bytes < size; step++) {
    const epoch = Math.floor(step / 1000);
    const loss = Math.fround(2 * Math.exp(-step / 50000) + 0.1 * rng.next());
    const lr = Math.fround(1e-3 * Math.min(1, (step + 1) / 1000));
    const row = `${step},${epoch},${loss},${lr},${Math.fround(0.5 + rng.next())},,,`;
    rows.push(row);
    bytes += row.length + 1;
    if (step % 200 === 199) {
      const val = `${step},${epoch},,,,${Math.fround(loss + 0.05)},${Math.fround(0.5 + rng.next() / 2)},${Math.fround(loss)}`;
      rows.push(val);
      bytes += val.length + 1;
    }
  }
  return utf8.encode(rows.join('\n') + '\n');
}

/** JSON lines of about `size` bytes: {"step": N, "loss": x, "lr": y, "grad_norm": z}, as json.dumps writes them. */
export function metricsJsonl(size: number, rng: Rng = createRng(3)): Uint8Array {
  const rows: string[] = [];
  let bytes = 0;
  for (let step = 0; bytes < size; step++) {
    const row = `{"step": ${step}, "loss": ${2 * Math.exp(-step / 50000) + 0.1 * rng.next()}, "lr": ${1e-3 * Math.min(1, (step + 1) / 1000)}, "grad_norm": ${0.5 + rng.next()}}`;
    rows.push(row);
    bytes += row.length + 1;
  }
  return utf8.encode(rows.join('\n') + '\n');
}

/**
 * The TFRecord framing alone: both CRCs of every record checked (the length CRC from a table, the data CRCs of
 * each run of records with one library call, as the reader does), nothing decoded. Its gap to the CRC32C bound
 * is the price of walking the records one by one.
 */
class FramingOnly implements IncrementalReader, RecordSink {
  readonly format = 'tfevents' as const;
  readonly warnings: ReadWarning[] = [];
  private readonly framer = new TfRecordFramer((w) => this.warnings.push(w));
  private bytes = 0;

  get bytesRead(): number {
    return this.framer.bytesRead;
  }
  push(chunk: Uint8Array): void {
    this.framer.push(chunk, this);
  }
  end(): void {
    this.framer.end();
    keep += this.bytes;
  }
  record(_bytes: Uint8Array, _view: DataView, start: number, end: number): void {
    this.bytes += end - start;
  }
}

// --- timing ------------------------------------------------------------------------------------------------

let keep = 0;

/** CPU time of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Feeds `bytes` in CHUNK pieces to a fresh reader; returns the sink (for the point count). */
function readFile(make: () => IncrementalReader, bytes: Uint8Array): ColumnSink {
  const sink = new ColumnSink();
  const reader = make();
  for (let i = 0; i < bytes.length; i += CHUNK) reader.push(bytes.subarray(i, i + CHUNK), sink);
  reader.end(sink);
  if (reader.warnings.length > 0) throw new Error(`bench file read with warnings: ${reader.warnings[0].message}`);
  return sink;
}

/** The tfevents bound: copy each chunk (as a file read does) and CRC32C it. */
function crcAndCopy(bytes: Uint8Array): void {
  const scratch = new Uint8Array(CHUNK);
  let c = 0;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, i + CHUNK);
    scratch.set(chunk);
    c ^= crc32cLib(scratch.subarray(0, chunk.length), 0);
  }
  keep ^= c;
}

/** The CSV bound: decode, split lines and fields, Number() of every non-empty field. */
function csvBound(bytes: Uint8Array): void {
  const text = new TextDecoder().decode(bytes);
  let sum = 0;
  let at = text.indexOf('\n') + 1; // header
  while (at < text.length) {
    let lf = text.indexOf('\n', at);
    if (lf < 0) lf = text.length;
    let f = at;
    while (f <= lf) {
      let comma = text.indexOf(',', f);
      if (comma < 0 || comma > lf) comma = lf;
      if (comma > f) sum += Number(text.slice(f, comma));
      f = comma + 1;
    }
    at = lf + 1;
  }
  keep += sum;
}

/** The JSONL bound: decode, split lines, JSON.parse each. */
function jsonlBound(bytes: Uint8Array): void {
  const text = new TextDecoder().decode(bytes);
  let n = 0;
  let at = 0;
  while (at < text.length) {
    let lf = text.indexOf('\n', at);
    if (lf < 0) lf = text.length;
    const o = JSON.parse(text.slice(at, lf)) as { step: number };
    n += o.step;
    at = lf + 1;
  }
  keep += n;
}

interface Result {
  name: string;
  mb: number;
  points: number;
  readerMBs: number;
  boundMBs: number;
  bound: string;
}

function measure(name: string, bytes: Uint8Array, make: () => IncrementalReader, bound: (b: Uint8Array) => void, boundName: string): Result {
  const points = readFile(make, bytes).points;
  bound(bytes);
  const r: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < REPS; k++) {
    let t0 = cpuMs();
    keep += readFile(make, bytes).points;
    r.push(cpuMs() - t0);
    t0 = cpuMs();
    bound(bytes);
    b.push(cpuMs() - t0);
  }
  const mb = bytes.length / 1e6;
  return { name, mb, points, readerMBs: mb / (median(r) / 1000), boundMBs: mb / (median(b) / 1000), bound: boundName };
}

/** The PyTorch-style file, generated once for the two cases that read it. */
let pytorchFile: Uint8Array | undefined;
const pytorch = (): Uint8Array => (pytorchFile ??= tfeventsFile(16e6, false));

const CASES: ReadonlyArray<[string, () => Uint8Array, () => IncrementalReader, (b: Uint8Array) => void, string]> = [
  ['tfevents (PyTorch simple_value)', pytorch, () => new TfEventsReader(), crcAndCopy, 'CRC32C + copy'],
  ['tfevents (TF2 tensor)', () => tfeventsFile(16e6, true), () => new TfEventsReader(), crcAndCopy, 'CRC32C + copy'],
  ['tfevents framing + CRCs only (PyTorch file)', pytorch, () => new FramingOnly(), crcAndCopy, 'CRC32C + copy'],
  ['CSV (Lightning metrics.csv)', () => lightningCsv(20e6), () => new CsvReader('lightning-csv'), csvBound, 'split + Number()'],
  ['JSONL ({step, loss, lr, grad_norm})', () => metricsJsonl(20e6), () => new JsonlReader(), jsonlBound, 'JSON.parse per line'],
];

/** Runs the cases whose name contains `only` (all by default) and prints the table. */
export async function benchLogReaders(write: (line: string) => void = (l) => process.stdout.write(l), only = ''): Promise<void> {
  const started = performance.now();
  const results = CASES.filter(([name]) => name.includes(only)).map(([name, file, make, bound, boundName]) => measure(name, file(), make, bound, boundName));
  const header = ['log reader', 'MB', 'points', 'reader MB/s', 'bound MB/s', 'reader/bound', 'bound'];
  const rows = results.map((x) => [x.name, x.mb.toFixed(1), String(x.points), x.readerMBs.toFixed(0), x.boundMBs.toFixed(0), x.readerMBs / x.boundMBs > 0 ? (x.readerMBs / x.boundMBs).toFixed(2) : '-', x.bound]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((t) => t[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  write(`\nlog readers: MB per CPU second, medians of ${REPS}, ${CHUNK >> 20} MiB chunks, points into per-tag Float64Array columns\n\n`);
  write(line(header) + '\n');
  for (const row of rows) write(line(row) + '\n');
  write(`log readers bench ${((performance.now() - started) / 1000).toFixed(1)} s (checksum ${Number.isFinite(keep) ? 'ok' : keep})\n`);
}
