/**
 * An independent tiny TensorBoard event-file writer for tests: its own bit-at-a-time CRC-32C and protobuf
 * encoder (nothing shared with src/core/logs/tfevents), writing Events the way each framework does.
 */

/** Bitwise CRC-32C (reflected 0x82F63B78), deliberately not table-driven. */
export function refCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(bytes: Uint8Array): number {
  const c = refCrc32c(bytes);
  const rot = ((c >>> 15) | (c << 17)) >>> 0;
  return (rot + 0xa282ead8) >>> 0;
}

function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** One TFRecord: uint64 LE length, masked CRC of it, data, masked CRC of the data. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const len = new Uint8Array([...le32(data.length), 0, 0, 0, 0]);
  return concat([len, new Uint8Array(le32(masked(len))), data, new Uint8Array(le32(masked(data)))]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// --- protobuf encoding -------------------------------------------------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

type Bytes = number[];
const key = (field: number, wire: number): Bytes => varint(field * 8 + wire);
export const fVarint = (field: number, n: number): Bytes => [...key(field, 0), ...varint(n)];
export const fBytes = (field: number, b: Bytes | Uint8Array): Bytes => [...key(field, 2), ...varint(b.length), ...b];
export const fString = (field: number, s: string): Bytes => fBytes(field, [...new TextEncoder().encode(s)]);
export function fDouble(field: number, x: number): Bytes {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...key(field, 1), ...b];
}
export function fFloat(field: number, x: number): Bytes {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...key(field, 5), ...b];
}
function f32bytes(x: number): Bytes {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...b];
}

// --- Events ------------------------------------------------------------------------------------------------

export interface EventHead {
  wallTime: number;
  /** Omitted from the Event when undefined. */
  step?: number;
}

function event(head: EventHead, body: Bytes): Uint8Array {
  const e = [...fDouble(1, head.wallTime), ...(head.step === undefined ? [] : fVarint(2, head.step)), ...body];
  return tfRecord(new Uint8Array(e));
}

const summary = (values: Bytes[]): Bytes => fBytes(5, values.flatMap((v) => fBytes(1, v)));
const metadata = (plugin: string): Bytes => fBytes(9, fBytes(1, fString(1, plugin)));
const shape = (dims: number[]): Bytes => fBytes(2, dims.flatMap((d) => fBytes(2, fVarint(1, d))));

/** First record of every TF / PyTorch file. */
export const fileVersion = (wallTime: number): Uint8Array => event({ wallTime }, fString(3, 'brain.Event:2'));

/** A graph_def blob (field 4): arbitrary bytes. */
export const graphDef = (head: EventHead, blob: Bytes): Uint8Array => event(head, fBytes(4, blob));

/** PyTorch SummaryWriter.add_scalar / tensorboardX default: simple_value. */
export const pytorchScalar = (head: EventHead, tag: string, v: number): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...fFloat(2, v)]]));

/** TF2 tf.summary.scalar / Keras callback: 0-d DT_FLOAT tensor in tensor_content, plugin "scalars". */
export const tf2Scalar = (head: EventHead, tag: string, v: number): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...metadata('scalars'), ...fBytes(8, [...fVarint(1, 1), ...shape([]), ...fBytes(4, f32bytes(v))])]]));

/** tensorboardX new_style=True: DT_FLOAT tensor with float_val (packed when `packed`). */
export function tbxNewStyle(head: EventHead, tag: string, v: number, packed: boolean): Uint8Array {
  const val = packed ? fBytes(5, f32bytes(v)) : fFloat(5, v);
  return event(head, summary([[...fString(1, tag), ...metadata('scalars'), ...fBytes(8, [...fVarint(1, 1), ...val])]]));
}

/** tensorboardX double_precision=True: DT_DOUBLE tensor with double_val. */
export const tbxDouble = (head: EventHead, tag: string, v: number): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...metadata('scalars'), ...fBytes(8, [...fVarint(1, 2), ...fDouble(6, v)])]]));

/** DT_HALF scalar: the binary16 bits in a half_val int32 varint. */
export const halfScalar = (head: EventHead, tag: string, halfBits: number): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...fBytes(8, [...fVarint(1, 19), ...shape([]), ...fVarint(13, halfBits)])]]));

/** TF2 hparams summary: plugin "hparams", an EMPTY float tensor of shape [0]. */
export const hparamsEmpty = (head: EventHead, tag: string): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...metadata('hparams'), ...fBytes(8, [...fVarint(1, 1), ...shape([0])])]]));

/** A pr_curves tensor of shape [6, 2] with float_val. */
export const prCurve = (head: EventHead, tag: string): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...metadata('pr_curves'), ...fBytes(8, [...fVarint(1, 1), ...shape([6, 2]), ...fBytes(5, Array.from({ length: 12 }, (_, i) => f32bytes(i)).flat())])]]));

/** A histogram value (histo = 5) with min/max fields. */
export const histogram = (head: EventHead, tag: string): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...fBytes(5, [...fDouble(1, -1), ...fDouble(2, 1)])]]));

/** A one-element tensor without the 'scalars' plugin, written as a 1-element float tensor of shape [1]. */
export const float1Tensor = (head: EventHead, tag: string, v: number): Uint8Array =>
  event(head, summary([[...fString(1, tag), ...fBytes(8, [...fVarint(1, 1), ...shape([1]), ...fBytes(4, f32bytes(v))])]]));
