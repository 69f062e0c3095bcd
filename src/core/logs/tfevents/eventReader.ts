/**
 * TensorBoard event-file reader: TFRecord framing (./framing) + Event / Summary / TensorProto decoding
 * (./protobuf). Scalars come from `simple_value` and from one-element DT_FLOAT / DT_DOUBLE / DT_HALF tensors
 * (tensor_content, float_val packed or not, double_val, half_val). Empty tensors and non-scalar plugins
 * (hparams, pr_curves, histograms, images, text...) give no points. An event without a step field has step 0.
 */

import type { IncrementalReader, ReadWarning, ScalarSink } from '../types';
import { decodeCommonEvent } from './eventFastPath';
import { TfRecordFramer, type RecordSink } from './framing';
import { FieldCursor } from './protobuf';
import { TagCache } from './tagCache';

// Wire types, local so that a non-bundled CommonJS build does not go through export getters on the hot path.
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;

/** "scalars", the plugin name of TF2 scalar summaries, as bytes: compared in place instead of decoded. */
const SCALARS = [0x73, 0x63, 0x61, 0x6c, 0x61, 0x72, 0x73];

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
  private readonly events = new EventRecords(this.warningList);

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

  /** Records that failed protobuf decoding (reported as warnings too). */
  get decodeErrors(): number {
    return this.events.decodeErrors;
  }

  push(chunk: Uint8Array, sink: ScalarSink): void {
    this.events.sink = sink;
    this.framer.push(chunk, this.events);
    this.events.sink = null;
  }

  end(_sink: ScalarSink): void {
    this.framer.end();
  }
}

/** Decodes each verified record as an Event and hands its points to the sink of the current push. */
class EventRecords implements RecordSink {
  sink: ScalarSink | null = null;
  decodeErrors = 0;
  private readonly tags = new TagCache();
  private readonly decoder = new EventDecoder(this.tags);
  private readonly points = new EventPoints();

  constructor(private readonly warnings: ReadWarning[]) {}

  record(bytes: Uint8Array, view: DataView, start: number, end: number, offset: number): void {
    if (decodeCommonEvent(bytes, view, start, end, this.points, this.tags)) {
      if (this.sink !== null) this.points.flush(this.sink);
      return;
    }
    const err = this.decoder.decode(bytes, view, start, end, this.points);
    if (err !== null) {
      this.decodeErrors++;
      this.warnings.push({ message: `Undecodable event in record at offset ${offset}: ${err}; record skipped`, offset });
      return;
    }
    if (this.sink !== null) this.points.flush(this.sink);
  }
}

/**
 * The points of one event, held until the whole event has decoded (a damaged event gives none) and reused
 * from event to event. Every point of an event shares its step and wall time.
 */
export class EventPoints {
  step = 0;
  wallTime: number | null = null;
  private count = 0;
  private readonly tags: string[] = [];
  private values = new Float64Array(8);

  add(tag: string, value: number): void {
    const i = this.count++;
    if (i === this.values.length) {
      const grown = new Float64Array(i * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.tags[i] = tag;
    this.values[i] = value;
  }

  clear(): void {
    this.count = 0;
  }

  /** Hands the held points to `sink` and clears. */
  flush(sink: ScalarSink): void {
    const n = this.count;
    this.count = 0;
    for (let i = 0; i < n; i++) sink.add(this.tags[i], this.step, this.wallTime, this.values[i]);
  }
}

/**
 * Decodes the Event in `data[start, end)` (`dv`, when given, must be a DataView over exactly `data`) into `out`
 * (cleared first) with the general decoder only (no fast path); returns an error message or null. For one-off
 * use and for checking the reader's fast path against it.
 */
export function decodeEvent(
  data: Uint8Array,
  start: number,
  end: number,
  dv: DataView = new DataView(data.buffer, data.byteOffset, data.byteLength),
  out: EventPoints = new EventPoints(),
): string | null {
  return new EventDecoder(new TagCache()).decode(data, dv, start, end, out);
}

/**
 * The general Event / Summary / TensorProto decoder: every field layout protobuf allows, damage reported as an
 * error. One reusable cursor per nesting level (no allocation per event or per field).
 */
class EventDecoder {
  private readonly event = new FieldCursor(new Uint8Array(0));
  private readonly summary = new FieldCursor(new Uint8Array(0));
  private readonly value = new FieldCursor(new Uint8Array(0));
  private readonly tensor = new FieldCursor(new Uint8Array(0));
  private readonly outer = new FieldCursor(new Uint8Array(0));
  private readonly inner = new FieldCursor(new Uint8Array(0));
  /** The first value of the tensor being decoded (tensorScalar), and whether it has one. */
  private first = 0;
  private hasFirst = false;

  constructor(private readonly tags: TagCache) {}

  decode(data: Uint8Array, dv: DataView, start: number, end: number, out: EventPoints): string | null {
    out.clear();
    let wallTime: number | null = null;
    let step = 0;
    let sumStart = -1;
    let sumEnd = -1;
    const c = this.event.reset(data, start, end, dv);
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
    out.step = step;
    out.wallTime = wallTime;
    const s = this.summary.reset(data, sumStart, sumEnd, dv);
    while (s.next()) {
      if (s.field === 1 && s.wire === WIRE_LEN) {
        const e = this.decodeValue(data, dv, s.start, s.end, out);
        if (e !== null) {
          out.clear();
          return `Summary.Value: ${e}`;
        }
      }
    }
    if (s.error === null) return null;
    out.clear();
    return `Summary: ${s.error}`;
  }

  private decodeValue(data: Uint8Array, dv: DataView, start: number, end: number, out: EventPoints): string | null {
    let tagStart = -1;
    let tagEnd = -1;
    let simple = 0;
    let hasSimple = false;
    let tensorStart = -1;
    let tensorEnd = -1;
    let scalarPlugin = true;
    let hasOther = false;
    const c = this.value.reset(data, start, end, dv);
    while (c.next()) {
      switch (c.field) {
        case 1:
          if (c.wire === WIRE_LEN) {
            tagStart = c.start;
            tagEnd = c.end;
          }
          break;
        case 2:
          if (c.wire === WIRE_FIXED32) {
            simple = c.float();
            hasSimple = true;
          }
          break;
        case 8:
          if (c.wire === WIRE_LEN) {
            tensorStart = c.start;
            tensorEnd = c.end;
          }
          break;
        case 9:
          if (c.wire === WIRE_LEN) {
            const p = this.isScalarPlugin(data, c.start, c.end);
            if (p === null) return 'malformed SummaryMetadata';
            scalarPlugin = p;
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
    if (!scalarPlugin) return null;
    if (hasSimple) {
      out.add(this.tag(data, dv, tagStart, tagEnd), simple);
      return null;
    }
    if (hasOther || tensorStart < 0) return null;
    const t = this.tensorScalar(data, dv, tensorStart, tensorEnd);
    if (t !== null) return `TensorProto: ${t}`;
    if (this.hasFirst) out.add(this.tag(data, dv, tagStart, tagEnd), this.first);
    return null;
  }

  private tag(data: Uint8Array, dv: DataView, start: number, end: number): string {
    return start < 0 ? '' : this.tags.get(data, dv, start, end);
  }

  /**
   * Whether SummaryMetadata.plugin_data.plugin_name is '' (absent) or "scalars", compared as bytes; null when
   * the metadata is malformed. The last plugin_name seen wins, as in a protobuf parse.
   */
  private isScalarPlugin(data: Uint8Array, start: number, end: number): boolean | null {
    let scalar = true;
    const m = this.outer.reset(data, start, end, null);
    while (m.next()) {
      if (m.field !== 1 || m.wire !== WIRE_LEN) continue;
      const pd = this.inner.reset(data, m.start, m.end, null);
      while (pd.next()) if (pd.field === 1 && pd.wire === WIRE_LEN) scalar = isEmptyOrScalars(data, pd.start, pd.end);
      if (pd.error !== null) return null;
    }
    return m.error === null ? scalar : null;
  }

  /**
   * Sets `first`/`hasFirst` to the value of a one-element float tensor (hasFirst false when the tensor is not
   * a scalar we read: other dtype, more or fewer than one element, no value); returns an error string or null.
   */
  private tensorScalar(data: Uint8Array, dv: DataView, start: number, end: number): string | null {
    this.hasFirst = false;
    let dtype = 0;
    let elements = 1;
    let contentStart = -1;
    let contentEnd = -1;
    const c = this.tensor.reset(data, start, end, dv);
    while (c.next()) {
      switch (c.field) {
        case 1:
          if (c.wire === WIRE_VARINT) dtype = c.value;
          break;
        case 2:
          if (c.wire === WIRE_LEN) {
            const n = this.shapeElements(data, c.start, c.end);
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
          if (c.wire === WIRE_FIXED32) this.offer(c.float());
          else if (c.wire === WIRE_LEN && c.end - c.start >= 4) this.offer(dv.getFloat32(c.start, true));
          break;
        case 6: // double_val
          if (c.wire === WIRE_FIXED64) this.offer(c.double());
          else if (c.wire === WIRE_LEN && c.end - c.start >= 8) this.offer(dv.getFloat64(c.start, true));
          break;
        case 13: // half_val: binary16 bits in int32 varints
          if (c.wire === WIRE_VARINT) this.offer(halfToFloat(c.value & 0xffff));
          else if (c.wire === WIRE_LEN) {
            const bits = firstPackedVarint(data, c.start, c.end);
            if (bits === null) return 'malformed packed half_val';
            if (bits >= 0) this.offer(halfToFloat(bits & 0xffff));
          }
          break;
      }
    }
    if (c.error !== null) return c.error;
    const values = this.hasFirst;
    this.hasFirst = false;
    if (elements !== 1) return null;
    if (dtype !== DT_FLOAT && dtype !== DT_DOUBLE && dtype !== DT_HALF) return null;
    if (contentStart >= 0) {
      const n = contentEnd - contentStart;
      if (dtype === DT_FLOAT && n === 4) return this.found(dv.getFloat32(contentStart, true));
      if (dtype === DT_DOUBLE && n === 8) return this.found(dv.getFloat64(contentStart, true));
      if (dtype === DT_HALF && n === 2) return this.found(halfToFloat(dv.getUint16(contentStart, true)));
      if (n !== 0) return null;
    }
    this.hasFirst = values;
    return null;
  }

  /** Keeps `v` if it is the tensor's first value. */
  private offer(v: number): void {
    if (this.hasFirst) return;
    this.first = v;
    this.hasFirst = true;
  }

  private found(v: number): null {
    this.first = v;
    this.hasFirst = true;
    return null;
  }

  /** Number of elements of a TensorShapeProto (dim = 2 -> size = 1; unknown_rank = 3); null when malformed. */
  private shapeElements(data: Uint8Array, start: number, end: number): number | null {
    let n = 1;
    const c = this.outer.reset(data, start, end, null);
    while (c.next()) {
      if (c.field === 3 && c.wire === WIRE_VARINT && c.value !== 0) n = NaN;
      if (c.field !== 2 || c.wire !== WIRE_LEN) continue;
      let size = 0;
      const d = this.inner.reset(data, c.start, c.end, null);
      while (d.next()) if (d.field === 1 && d.wire === WIRE_VARINT) size = d.value;
      if (d.error !== null) return null;
      n *= size;
    }
    return c.error === null ? n : null;
  }
}

function isEmptyOrScalars(data: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  if (n !== SCALARS.length) return false;
  for (let i = 0; i < n; i++) if (data[start + i] !== SCALARS[i]) return false;
  return true;
}

/**
 * The first varint of a packed list (-1 when the list is empty); null when any varint of the list is
 * malformed (a damaged list is an error even when its first value is fine).
 */
function firstPackedVarint(data: Uint8Array, start: number, end: number): number | null {
  let first = -1;
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
    if (first < 0) first = v >>> 0;
  }
  return first;
}
