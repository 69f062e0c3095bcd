/**
 * Checks the data CRCs of a run of consecutive TFRecords with one call of the CRC32C library over the whole run
 * instead of one call per record.
 *
 * Why: the library (crc-32/crc32c) takes whole arrays, so a per-record check costs a subarray view per record,
 * about as much as the CRC of a typical 50-byte event itself (bench/README.md); one call over the run runs at the
 * library's full speed. Why it is exact for one bad record: a CRC register is linear over GF(2). Let R(s, M) be
 * the register after M from register s (no final inversion) and L_n the map "advance over n zero bytes", which is
 * linear and invertible. Then R(s, A B) = L_|B|(R(s, A)) xor R(0, B), and for a 4-byte little-endian word w,
 * R(s, w) = L_4(s xor w). A record is header H (12 bytes, a function of the length n alone), data D (n bytes) and
 * the masked CRC word F. Its data CRC is right iff R(0, D) = ~unmask(F) xor L_n(~0) (the library starts from ~0
 * and inverts at the end), so for a run of right records the register over the run follows, record by record:
 *   acc' = L_4(L_{n+12}(acc) xor Q_n xor ~unmask(F) xor F),   Q_n = L_n(R(0, H)) xor L_n(~0),
 * and the library's register over the run's bytes must equal the final acc. A record whose data CRC is wrong
 * changes the register by L_k(e) for some e != 0, which is never 0: one bad record in a run always fails the
 * check; several could cancel out only by a 1-in-2^32 chance, the odds a single CRC already has. When the check
 * fails, the framer checks the run's records one by one, so bad records are still found, skipped, counted and
 * reported with their offsets.
 *
 * Each L_m is applied through four 256-entry tables (one per register byte), built from 32 library calls (the
 * images of the 32 single-bit registers; the rest by linearity). Tables are kept for record lengths up to
 * MAX_TABULATED_LENGTH bytes and for at most MAX_TABLES lengths (event files repeat a handful of lengths);
 * records of other lengths end a run and are checked on their own, where the view costs little next to their
 * CRC (long records) or happens rarely (many distinct lengths).
 */

import * as CRC32C from 'crc-32/crc32c';
import { maskedLengthCrc } from './crc32c';

// Read once: a bundler's CommonJS interop may put a getter in front of the export.
const crc32cOf = CRC32C.buf;

/** Record lengths (data bytes) above this are checked one by one: their view is cheap next to their CRC. */
export const MAX_TABULATED_LENGTH = 4096;
/** Tables kept (4 KiB each, shared by every reader): more distinct lengths than this are checked one by one. */
export const MAX_TABLES = 64;

const HEADER = 12;
const zeros = new Uint8Array(MAX_TABULATED_LENGTH + HEADER);

/** The register after `n` zero bytes from register `s`: L_n(s). */
function advance(s: number, n: number): number {
  return ~crc32cOf(zeros.subarray(0, n), ~s);
}

/** The four byte tables of L_n, as one Int32Array (table j at 256 * j; entry 1024 left for the caller). */
function tablesOf(n: number): Int32Array {
  const t = new Int32Array(1025);
  for (let j = 0; j < 4; j++) {
    const base = 256 * j;
    for (let bit = 0; bit < 8; bit++) {
      const image = advance(1 << (8 * j + bit), n);
      const step = 1 << bit;
      // Entries with this bit as their highest: the image xor the entry without it.
      for (let v = step; v < 2 * step; v++) t[base + v] = image ^ t[base + v - step];
    }
  }
  return t;
}

function apply(t: Int32Array, x: number): number {
  return t[x & 0xff] ^ t[256 + ((x >>> 8) & 0xff)] ^ t[512 + ((x >>> 16) & 0xff)] ^ t[768 + (x >>> 24)];
}

function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

/** Inverse of TFRecord's mask: subtract 0xA282EAD8, rotate left by 15. */
function unmask(masked: number): number {
  const r = (masked - 0xa282ead8) >>> 0;
  return ((r << 15) | (r >>> 17)) >>> 0;
}

const l4 = tablesOf(4);

/**
 * Per tabulated length n: L_{n+12}'s tables (1024 entries), then Q_n (entry 1024). Indexed by the length (an array
 * of MAX_TABULATED_LENGTH + 1 references: a look-up per record must cost less than the view it saves). A record's
 * header is a function of its length, so the tables are too, and every reader shares them (memory bounded by
 * MAX_TABLES, however many event files are followed).
 */
const tables: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(MAX_TABULATED_LENGTH + 1).fill(undefined);
let tableCount = 0;
const header = new Uint8Array(HEADER);

/** Whether records of `n` data bytes can be in a run (their tables are built on first use). */
export function tabulated(n: number): boolean {
  if (n > MAX_TABULATED_LENGTH) return false;
  if (tables[n] !== undefined) return true;
  if (tableCount >= MAX_TABLES) return false;
  tableCount++;
  header.fill(0);
  header[0] = n & 0xff;
  header[1] = (n >>> 8) & 0xff;
  const crc = maskedLengthCrc(n);
  for (let i = 0; i < 4; i++) header[8 + i] = (crc >>> (8 * i)) & 0xff;
  const headerRegister = ~crc32cOf(header, -1);
  const t = tablesOf(n + HEADER);
  t[1024] = advance(headerRegister, n) ^ advance(~0, n);
  tables[n] = t;
  return true;
}

/**
 * The register a run's bytes must leave when every data CRC in it is right, given the register `acc` its
 * records before the one at `b[pos]` must leave (0 before the first), that record having `n` tabulated data
 * bytes and a verified header.
 */
export function nextRegister(acc: number, b: Uint8Array, pos: number, n: number): number {
  const t = tables[n] as Int32Array;
  const f = u32(b, pos + HEADER + n);
  return apply(l4, apply(t, acc) ^ t[1024] ^ ~unmask(f) ^ f);
}

/** Whether the run `b[start, end)` leaves the register `expected` (from nextRegister): all its data CRCs are right. */
export function runChecks(b: Uint8Array, start: number, end: number, expected: number): boolean {
  return ~crc32cOf(b.subarray(start, end), -1) === expected;
}
