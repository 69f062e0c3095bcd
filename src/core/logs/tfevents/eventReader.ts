/**
 * TensorBoard event-file reader: TFRecord framing (./framing) + Event / Summary / TensorProto decoding
 * (./protobuf). Scalars come from `simple_value` and from one-element DT_FLOAT / DT_DOUBLE / DT_HALF tensors
 * (tensor_content, float_val packed or not, double_val, half_val). Empty tensors and non-scalar plugins
 * (hparams, pr_curves, histograms, images, text...) give no points. An event without a step field has step 0.
 */

import type { IncrementalReader, ReadWarning, ScalarSink } from '../types';
import { TfRecordFramer, type TfRecord } from './framing';
import { FieldCursor } from './protobuf';

// Wire types, local so that a non-bundled CommonJS build does not go through export getters on the hot path.
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;

/** Plugins whose tensors are scalars; a summary value from any other named plugin is skipped. */
const SCALAR_PLUGINS = new Set(['', 'scalars']);

const utf8 = new TextDecoder('utf-8');

/** Tags repeat on every event: a few recently decoded tags are reused when their bytes match. */
const tagCache: { bytes: Uint8Array; tag: string }[] = [];
const TAG_CACHE_SIZE = 16;

function decodeTag(data: Uint8Array, start: number, end: number): string {
  const n = end - start;
  for (let k = 0; k < tagCache.length; k++) {
    const e = tagCache[k];
    if (e.bytes.length !== n) continue;
    let i = 0;
    while (i < n && e.bytes[i] === data[start + i]) i++;
    if (i === n) return e.tag;
  }
  const bytes = data.slice(start, end);
  const tag = utf8.decode(bytes);
  if (tagCache.length >= TAG_CACHE_SIZE) tagCache.shift();
  tagCache.push({ bytes, tag });
  return tag;
}

/** IEEE 754 binary16 bits to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

export class TfEventsReader implements IncrementalReader {
  readonly format = 'tfevents' as const;
  private readonly warningList: ReadWarning[] = [];
  private readonly framer = new TfRecordFramer((w) => this.warningList.push(w));
  /** Records that failed protobuf decoding (reported as warnings too). */
  decodeErrors = 0;

  get warnings(): readonly ReadWarning[] {
    return this.warningList;
  }

  get bytesRead(): number {
    return this.framer.bytesRead;
  }

  /** Verified records read so far. */
  get records(): number {
    return this.framer.records;
  }

  /** Records skipped for a bad data CRC. */
  get crcErrors(): number {
    return this.framer.crcErrors;
  }

  push(chunk: Uint8Array, sink: ScalarSink): void {
    this.framer.push(chunk, (r) => this.decodeRecord(r, sink));
  }

  end(_sink: ScalarSink): void {
    this.framer.end();
  }

  private readonly pending = new EventPoints();

  private decodeRecord(r: TfRecord, sink: ScalarSink): void {
    const err = decodeEvent(r.bytes, r.start, r.end, r.view, this.pending);
    if (err !== null) {
      this.decodeErrors++;
      this.warningList.push({ message: `Undecodable event in record at offset ${r.offset}: ${err}; record skipped`, offset: r.offset });
      return;
    }
    this.pending.flush(sink);
  }
}

/**
 * The points of one event, held until the whole event has decoded (a damaged event gives none) and reused
 * from event to event so that decoding allocates nothing per point.
 */
export class EventPoints implements ScalarSink {
  private count = 0;
  private readonly tags: string[] = [];
  private readonly steps: number[] = [];
  private readonly wallTimes: (number | null)[] = [];
  private readonly values: number[] = [];

  add(tag: string, step: number, wallTime: number | null, value: number): void {
    const i = this.count++;
    this.tags[i] = tag;
    this.steps[i] = step;
    this.wallTimes[i] = wallTime;
    this.values[i] = value;
  }

  clear(): void {
    this.count = 0;
  }

  /** Hands the held points to `sink` and clears. */
  flush(sink: ScalarSink): void {
    for (let i = 0; i < this.count; i++) sink.add(this.tags[i], this.steps[i], this.wallTimes[i], this.values[i]);
    this.count = 0;
  }
}

/**
 * Decodes the Event in `data[start, end)` (`dv`, when given, must be a DataView over exactly `data`); pushes its
 * scalar points to `out` (cleared first); returns an error message or null.
 */
export function decodeEvent(
  data: Uint8Array,
  start: number,
  end: number,
  dv: DataView = new DataView(data.buffer, data.byteOffset, data.byteLength),
  out: EventPoints = new EventPoints(),
): string | null {
  out.clear();
  let wallTime: number | null = null;
  let step = 0;
  let sumStart = -1;
  let sumEnd = -1;
  const c = new FieldCursor(data, start, end, dv);
  while (c.next()) {
    if (c.field === 1 && c.wire === WIRE_FIXED64) wallTime = c.double();
    else if (c.field === 2 && c.wire === WIRE_VARINT) step = c.value;
    else if (c.field === 5 && c.wire === WIRE_LEN) {
      sumStart = c.start;
      sumEnd = c.end;
    }
  }
  if (c.error !== null) return `Event: ${c.error}`;
  if (sumStart < 0) return null;
  const s = new FieldCursor(data, sumStart, sumEnd, dv);
  while (s.next()) {
    if (s.field === 1 && s.wire === WIRE_LEN) {
      const e = decodeValue(data, dv, s.start, s.end, step, wallTime, out);
      if (e !== null) return `Summary.Value: ${e}`;
    }
  }
  return s.error === null ? null : `Summary: ${s.error}`;
}

function decodeValue(
  data: Uint8Array,
  dv: DataView,
  start: number,
  end: number,
  step: number,
  wallTime: number | null,
  out: EventPoints,
): string | null {
  let tag = '';
  let simple: number | null = null;
  let tensorStart = -1;
  let tensorEnd = -1;
  let plugin = '';
  let hasOther = false;
  const c = new FieldCursor(data, start, end, dv);
  while (c.next()) {
    switch (c.field) {
      case 1:
        if (c.wire === WIRE_LEN) tag = decodeTag(data, c.start, c.end);
        break;
      case 2:
        if (c.wire === WIRE_FIXED32) simple = c.float();
        break;
      case 8:
        if (c.wire === WIRE_LEN) {
          tensorStart = c.start;
          tensorEnd = c.end;
        }
        break;
      case 9:
        if (c.wire === WIRE_LEN) {
          const p = pluginName(data, c.start, c.end);
          if (p === null) return 'malformed SummaryMetadata';
          plugin = p;
        }
        break;
      case 3: // obsolete_old_style_histogram
      case 4: // image
      case 5: // histo
      case 6: // audio
        hasOther = true;
        break;
    }
  }
  if (c.error !== null) return c.error;
  if (!SCALAR_PLUGINS.has(plugin)) return null;
  if (simple !== null) {
    out.add(tag, step, wallTime, simple);
    return null;
  }
  if (hasOther || tensorStart < 0) return null;
  const t = tensorScalar(data, dv, tensorStart, tensorEnd);
  if (typeof t === 'string') return `TensorProto: ${t}`;
  if (t !== null) out.add(tag, step, wallTime, t);
  return null;
}

/** SummaryMetadata.plugin_data.plugin_name, '' when absent, null when malformed. */
function pluginName(data: Uint8Array, start: number, end: number): string | null {
  let name = '';
  const m = new FieldCursor(data, start, end);
  while (m.next()) {
    if (m.field !== 1 || m.wire !== WIRE_LEN) continue;
    const pd = new FieldCursor(data, m.start, m.end);
    while (pd.next()) if (pd.field === 1 && pd.wire === WIRE_LEN) name = utf8.decode(data.subarray(pd.start, pd.end));
    if (pd.error !== null) return null;
  }
  return m.error === null ? name : null;
}

/**
 * The value of a one-element float tensor: a number, null when the tensor is not a scalar we read (other dtype,
 * more or fewer than one element, no value), or an error string.
 */
function tensorScalar(data: Uint8Array, dv: DataView, start: number, end: number): number | string | null {
  let dtype = 0;
  let elements = 1;
  let contentStart = -1;
  let contentEnd = -1;
  const values: number[] = [];
  const c = new FieldCursor(data, start, end, dv);
  while (c.next()) {
    switch (c.field) {
      case 1:
        if (c.wire === WIRE_VARINT) dtype = c.value;
        break;
      case 2:
        if (c.wire === WIRE_LEN) {
          const n = shapeElements(data, c.start, c.end);
          if (n === null) return 'malformed TensorShapeProto';
          elements = n;
        }
        break;
      case 4:
        if (c.wire === WIRE_LEN) {
          contentStart = c.start;
          contentEnd = c.end;
        }
        break;
      case 5: // float_val
        if (c.wire === WIRE_FIXED32) values.push(c.float());
        else if (c.wire === WIRE_LEN) for (let i = c.start; i + 4 <= c.end; i += 4) values.push(dv.getFloat32(i, true));
        break;
      case 6: // double_val
        if (c.wire === WIRE_FIXED64) values.push(c.double());
        else if (c.wire === WIRE_LEN) for (let i = c.start; i + 8 <= c.end; i += 8) values.push(dv.getFloat64(i, true));
        break;
      case 13: // half_val: binary16 bits in int32 varints
        if (c.wire === WIRE_VARINT) values.push(halfToFloat(c.value & 0xffff));
        else if (c.wire === WIRE_LEN) {
          const packed = packedVarints(data, c.start, c.end);
          if (packed === null) return 'malformed packed half_val';
          for (const v of packed) values.push(halfToFloat(v & 0xffff));
        }
        break;
    }
  }
  if (c.error !== null) return c.error;
  if (elements !== 1) return null;
  if (dtype !== DT_FLOAT && dtype !== DT_DOUBLE && dtype !== DT_HALF) return null;
  if (contentStart >= 0) {
    const n = contentEnd - contentStart;
    if (dtype === DT_FLOAT && n === 4) return dv.getFloat32(contentStart, true);
    if (dtype === DT_DOUBLE && n === 8) return dv.getFloat64(contentStart, true);
    if (dtype === DT_HALF && n === 2) return halfToFloat(dv.getUint16(contentStart, true));
    if (n !== 0) return null;
  }
  return values.length > 0 ? values[0] : null;
}

/** Number of elements of a TensorShapeProto (dim = 2 -> size = 1; unknown_rank = 3); null when malformed. */
function shapeElements(data: Uint8Array, start: number, end: number): number | null {
  let n = 1;
  const c = new FieldCursor(data, start, end);
  while (c.next()) {
    if (c.field === 3 && c.wire === WIRE_VARINT && c.value !== 0) n = NaN;
    if (c.field !== 2 || c.wire !== WIRE_LEN) continue;
    let size = 0;
    const d = new FieldCursor(data, c.start, c.end);
    while (d.next()) if (d.field === 1 && d.wire === WIRE_VARINT) size = d.value;
    if (d.error !== null) return null;
    n *= size;
  }
  return c.error === null ? n : null;
}

function packedVarints(data: Uint8Array, start: number, end: number): number[] | null {
  const out: number[] = [];
  let pos = start;
  while (pos < end) {
    let v = 0;
    let shift = 0;
    let done = false;
    for (let i = 0; i < 10 && pos < end; i++) {
      const b = data[pos++];
      if (shift < 28) v |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        done = true;
        break;
      }
    }
    if (!done) return null;
    out.push(v);
  }
  return out;
}
