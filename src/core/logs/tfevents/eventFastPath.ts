/**
 * The fast path of event decoding: straight-line code for the Events that make up nearly every event file
 * (PyTorch / tensorboardX `simple_value` summaries, TF2 / Keras 0-d DT_FLOAT `tensor_content` scalars, the
 * file_version record), with single-byte field keys read inline and no cursor objects. Anything else (a
 * multi-byte key, a group, a histogram, another plugin or tensor layout, a field running past its message...)
 * makes it give up, and the general cursor-based decoder (eventReader.ts) decodes the whole event instead:
 * the fast path never decides anything the general decoder would decide differently, it only declines.
 */

import type { EventPoints } from './eventReader';
import type { TagCache } from './tagCache';

/** SummaryMetadata { plugin_data { plugin_name: "scalars" } }, byte for byte as TF2 writes it. */
const SCALARS_METADATA = [0x0a, 0x09, 0x0a, 0x07, 0x73, 0x63, 0x61, 0x6c, 0x61, 0x72, 0x73];

/**
 * Decodes the Event in `data[start, end)` into `out` (cleared first) when it has a common shape; returns false,
 * with `out` cleared, when the general decoder must decode it. `dv` covers exactly `data`.
 */
export function decodeCommonEvent(data: Uint8Array, dv: DataView, start: number, end: number, out: EventPoints, tags: TagCache): boolean {
  out.clear();
  let wallTime: number | null = null;
  let step = 0;
  let sumStart = -1;
  let sumEnd = -1;
  let pos = start;
  while (pos < end) {
    const key = data[pos++];
    if (key === 0x09) {
      // wall_time, fixed64 double
      if (end - pos < 8) return false;
      wallTime = dv.getFloat64(pos, true);
      pos += 8;
    } else if (key === 0x10) {
      // step, int64 varint: up to 4 bytes (< 2^28) here, longer ones in the general decoder
      let b = data[pos++];
      let v = b & 0x7f;
      if (b >= 0x80) {
        b = data[pos++];
        v |= (b & 0x7f) << 7;
        if (b >= 0x80) {
          b = data[pos++];
          v |= (b & 0x7f) << 14;
          if (b >= 0x80) {
            b = data[pos++];
            v |= (b & 0x7f) << 21;
            if (b >= 0x80) return false;
          }
        }
      }
      if (pos > end) return false;
      step = v;
    } else if ((key & 7) === 2 && key >= 0x08 && key < 0x80) {
      // length-delimited: the summary (field 5) or a field passed over (file_version, graph_def...)
      let n = data[pos++];
      if (n >= 0x80) {
        const b = data[pos++];
        if (b >= 0x80) return false;
        n = (n & 0x7f) | (b << 7);
      }
      if (pos > end || n > end - pos) return false;
      if (key === 0x2a) {
        sumStart = pos;
        sumEnd = pos + n;
      }
      pos += n;
    } else return false;
  }
  if (sumStart < 0) return true;
  out.step = step;
  out.wallTime = wallTime;
  pos = sumStart;
  while (pos < sumEnd) {
    // Summary.value (field 1), each a length-delimited Summary.Value
    if (data[pos++] !== 0x0a) return fail(out);
    let n = data[pos++];
    if (n >= 0x80) return fail(out);
    if (pos > sumEnd || n > sumEnd - pos) return fail(out);
    const valueEnd = pos + n;
    let tagStart = -1;
    let tagEnd = -1;
    let value = 0;
    let has = false;
    let tensor = false;
    let scalarMetadata = false;
    while (pos < valueEnd) {
      const key = data[pos++];
      if (key === 0x15) {
        // simple_value, fixed32 float
        if (valueEnd - pos < 4) return fail(out);
        value = dv.getFloat32(pos, true);
        has = true;
        pos += 4;
        continue;
      }
      if (key !== 0x0a && key !== 0x42 && key !== 0x4a) return fail(out);
      n = data[pos++];
      if (n >= 0x80 || pos > valueEnd || n > valueEnd - pos) return fail(out);
      if (key === 0x0a) {
        tagStart = pos;
        tagEnd = pos + n;
      } else if (key === 0x4a) {
        if (!sameBytes(data, pos, n, SCALARS_METADATA)) return fail(out);
        scalarMetadata = true;
      } else {
        // TensorProto exactly { dtype: DT_FLOAT, tensor_shape: {}, tensor_content: 4 bytes }
        if (n !== 10 || tensor || data[pos] !== 0x08 || data[pos + 1] !== 0x01 || data[pos + 2] !== 0x12 || data[pos + 3] !== 0x00) return fail(out);
        if (data[pos + 4] !== 0x22 || data[pos + 5] !== 0x04) return fail(out);
        tensor = true;
        if (!has) value = dv.getFloat32(pos + 6, true);
      }
      pos += n;
    }
    if (tensor && !scalarMetadata) return fail(out);
    if (!has && !tensor) return fail(out);
    out.add(tagStart < 0 ? '' : tags.get(data, dv, tagStart, tagEnd), value);
  }
  return true;
}

function fail(out: EventPoints): false {
  out.clear();
  return false;
}

function sameBytes(data: Uint8Array, pos: number, n: number, expected: readonly number[]): boolean {
  if (n !== expected.length) return false;
  for (let i = 0; i < n; i++) if (data[pos + i] !== expected[i]) return false;
  return true;
}
