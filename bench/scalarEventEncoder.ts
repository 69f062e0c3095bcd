/**
 * Encodes PyTorch `add_scalar`-style events (wall_time, step, one simple_value summary) as TFRecords straight
 * into a caller's buffer, for the benchmarks that write big event files fast. The tests' independent writer
 * (test/core/logs/tfeventsWriter.ts) covers every writer style; this one only has to be quick.
 */
import { maskedCrc32c } from '../src/core/logs/tfevents/crc32c';

export class ScalarEventEncoder {
  /** A record header's CRC depends only on the length: computed once per length. */
  private readonly headerCrcs = new Map<number, number>();

  /** Writes one record at `at` in `out` (`view` over the same bytes); returns the offset after it. */
  encode(out: Uint8Array, view: DataView, at: number, wallTime: number, step: number, tag: Uint8Array, value: number): number {
    const valueLen = 2 + tag.length + 5;
    const summaryLen = 2 + valueLen;
    const dataLen = 9 + 1 + varintLength(step) + 2 + summaryLen;
    view.setUint32(at, dataLen, true);
    view.setUint32(at + 4, 0, true);
    let headerCrc = this.headerCrcs.get(dataLen);
    if (headerCrc === undefined) {
      headerCrc = maskedCrc32c(out, at, at + 8);
      this.headerCrcs.set(dataLen, headerCrc);
    }
    view.setUint32(at + 8, headerCrc, true);
    let o = at + 12;
    out[o++] = 0x09; // wall_time: double
    view.setFloat64(o, wallTime, true);
    o += 8;
    out[o++] = 0x10; // step: varint
    o = writeVarint(out, o, step);
    out[o++] = 0x2a; // summary
    out[o++] = summaryLen;
    out[o++] = 0x0a; // summary.value
    out[o++] = valueLen;
    out[o++] = 0x0a; // value.tag
    out[o++] = tag.length;
    out.set(tag, o);
    o += tag.length;
    out[o++] = 0x15; // value.simple_value: float
    view.setFloat32(o, value, true);
    o += 4;
    view.setUint32(o, maskedCrc32c(out, at + 12, o), true);
    return o + 4;
  }
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(b: Uint8Array, o: number, n: number): number {
  while (n >= 0x80) {
    b[o++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[o++] = n;
  return o;
}
