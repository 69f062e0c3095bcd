/**
 * Incremental TFRecord framing: each record is
 *   uint64 length (little-endian) | uint32 masked CRC32C of those 8 bytes | `length` data bytes |
 *   uint32 masked CRC32C of the data.
 *
 * Damage handling (never throws):
 * - Bad data CRC: the length is trusted (its own CRC verified), so the whole record is skipped, counted in
 *   `crcErrors` and reported with the byte offset of its header; reading continues with the next record.
 * - Bad length CRC (or a verified length too large to be real): the length cannot be trusted, so the framer
 *   resynchronises by scanning forward one byte at a time for the next position whose 8 length bytes match the
 *   masked CRC that follows them (a chance match on garbage is about 1 in 2^32). One warning reports the
 *   damaged offset and how many bytes were skipped. If the file ends while still scanning, `end` reports it.
 * - A partial record at the end of what was pushed is held (a writer may be mid-record) and only reported by
 *   `end`.
 */

import type { ReadWarning } from '../types';
import { crc32c, maskCrc, maskedLengthCrc } from './crc32c';
import { nextRegister, runChecks, tabulated } from './recordRunCheck';

/**
 * Receives every complete, verified record: its data is `bytes[start, end)`, `offset` is the file offset of its
 * header. `bytes` and `view` (a DataView over exactly `bytes`, shared by every record of one push to spare a
 * DataView per record) are valid only during the call. An object with a method rather than a callback, so that
 * feeding a chunk allocates no closure and no record object.
 */
export interface RecordSink {
  record(bytes: Uint8Array, view: DataView, start: number, end: number, offset: number): void;
}

const HEADER = 12;
const FOOTER = 4;
/** Lengths above this are treated as a damaged header (TFRecord writers never get near it for events). */
export const MAX_RECORD_LENGTH = 1 << 30;

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

export class TfRecordFramer {
  /** Records whose data CRC failed. */
  crcErrors = 0;
  /** Verified records delivered. */
  records = 0;
  /** Regions skipped while resynchronising after a bad length. */
  resyncs = 0;
  bytesRead = 0;

  private buf = new Uint8Array(0);
  private len = 0;
  /** File offset of buf[0]. */
  private bufOffset = 0;
  /** File offset where a resynchronisation scan began, or null when in sync. */
  private resyncFrom: number | null = null;
  /** The register the last run found by runEnd must leave when its data CRCs are right. */
  private runRegister = 0;

  constructor(private readonly warn: (w: ReadWarning) => void) {}

  /** Feeds appended bytes; calls `onRecord` for every complete verified record in file order. */
  push(chunk: Uint8Array, onRecord: RecordSink): void {
    this.bytesRead += chunk.length;
    let from = 0;
    // A held tail is completed with just the bytes its first record (or header) still lacks, so that the rest
    // of the chunk can be framed in place instead of being copied behind it.
    while (this.len > 0 && from < chunk.length) {
      const take = Math.min(this.bytesLacking(), chunk.length - from);
      this.append(chunk.subarray(from, from + take));
      from += take;
      const used = this.frame(this.buf, this.len, this.bufOffset, onRecord);
      this.buf.copyWithin(0, used, this.len);
      this.len -= used;
      this.bufOffset += used;
    }
    if (from === chunk.length) return;
    // Nothing held: frame the chunk in place and keep only its unfinished tail.
    const rest = from === 0 ? chunk : chunk.subarray(from);
    const used = this.frame(rest, rest.length, this.bufOffset, onRecord);
    this.bufOffset += used;
    this.append(rest.subarray(used));
  }

  /**
   * How many more bytes the held tail needs before `frame` can decide about its first record: the rest of a
   * header, or the rest of a record whose header verified (frame consumes any tail starting with a bad one).
   */
  private bytesLacking(): number {
    if (this.len < HEADER) return HEADER - this.len;
    return HEADER + u32(this.buf, 0) + FOOTER - this.len;
  }

  /** The writer is gone: any held bytes become a warning. */
  end(): void {
    if (this.resyncFrom !== null) {
      const skipped = this.bufOffset + this.len - this.resyncFrom;
      this.warn({
        message: `Damaged record header (bad length CRC) at offset ${this.resyncFrom}; no valid record followed: ${skipped} bytes skipped to the end of the file`,
        offset: this.resyncFrom,
      });
      this.resyncs++;
      this.resyncFrom = null;
    } else if (this.len > 0) {
      let detail = `only ${this.len} bytes of a record header`;
      if (this.len >= HEADER) {
        const length = u32(this.buf, 0) + u32(this.buf, 4) * 0x100000000;
        detail = `${this.len} of ${HEADER + length + FOOTER} bytes`;
      }
      this.warn({ message: `Truncated record at offset ${this.bufOffset}: ${detail}`, offset: this.bufOffset });
    }
    this.bufOffset += this.len;
    this.len = 0;
    this.buf = new Uint8Array(0);
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2, 64));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  /** Frames `b[0, n)` whose first byte is at file offset `base`; returns how many bytes were consumed. */
  private frame(b: Uint8Array, n: number, base: number, onRecord: RecordSink): number {
    let pos = 0;
    let view: DataView | null = null;
    /** Records before this position failed a run check: they are checked one by one below. */
    let singlyTo = 0;
    while (n - pos >= HEADER) {
      if (pos >= singlyTo && this.resyncFrom === null) {
        const runEnd = this.runEnd(b, n, pos);
        if (runEnd > pos && runChecks(b, pos, runEnd, this.runRegister)) {
          if (view === null) view = new DataView(b.buffer, b.byteOffset, b.byteLength);
          pos = this.deliverRun(b, view, pos, runEnd, base, onRecord);
          continue;
        }
        singlyTo = runEnd;
      }
      const lo = u32(b, pos);
      const hi = u32(b, pos + 4);
      // hi must be 0 (no real record reaches 4 GiB), so the length CRC is a function of lo alone.
      const headerOk = hi === 0 && lo <= MAX_RECORD_LENGTH && maskedLengthCrc(lo) === u32(b, pos + 8);
      if (!headerOk) {
        if (this.resyncFrom === null) this.resyncFrom = base + pos;
        pos++;
        continue;
      }
      if (this.resyncFrom !== null) {
        const at = base + pos;
        this.warn({
          message: `Damaged record header (bad length CRC) at offset ${this.resyncFrom}: skipped ${at - this.resyncFrom} bytes, resynchronised at offset ${at}`,
          offset: this.resyncFrom,
        });
        this.resyncs++;
        this.resyncFrom = null;
      }
      const total = HEADER + lo + FOOTER;
      if (n - pos < total) break;
      const dataStart = pos + HEADER;
      const dataEnd = dataStart + lo;
      if (maskCrc(crc32c(b, dataStart, dataEnd)) !== u32(b, dataEnd)) {
        this.crcErrors++;
        this.warn({ message: `Bad data CRC in record at offset ${base + pos} (${lo} bytes): record skipped`, offset: base + pos });
      } else {
        this.records++;
        if (view === null) view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        onRecord.record(b, view, dataStart, dataEnd, base + pos);
      }
      pos += total;
    }
    return pos;
  }

  /**
   * End of the run of complete records from `pos` with verified headers and tabulated lengths (recordRunCheck.ts),
   * at most RUN_BYTES long; `pos` when the first record is not such a record. Sets runRegister.
   */
  private runEnd(b: Uint8Array, n: number, pos: number): number {
    const limit = Math.min(n, pos + RUN_BYTES);
    let end = pos;
    let register = 0;
    while (limit - end >= HEADER) {
      const lo = u32(b, end);
      if (b[end + 4] !== 0 || b[end + 5] !== 0 || b[end + 6] !== 0 || b[end + 7] !== 0) break;
      if (lo > MAX_RECORD_LENGTH || maskedLengthCrc(lo) !== u32(b, end + 8)) break;
      const total = HEADER + lo + FOOTER;
      if (limit - end < total || !tabulated(lo)) break;
      register = nextRegister(register, b, end, lo);
      end += total;
    }
    this.runRegister = register;
    return end;
  }

  /** Hands the records of a checked run to `onRecord`; returns the run's end. */
  private deliverRun(b: Uint8Array, view: DataView, pos: number, end: number, base: number, onRecord: RecordSink): number {
    while (pos < end) {
      const lo = u32(b, pos);
      this.records++;
      onRecord.record(b, view, pos + HEADER, pos + HEADER + lo, base + pos);
      pos += HEADER + lo + FOOTER;
    }
    return end;
  }
}

/**
 * The longest run checked at once. Short enough that a run with a bad record costs little to check again record
 * by record, long enough that the library call per run is negligible.
 */
const RUN_BYTES = 64 * 1024;
