/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as TFRecord framing uses it, computed by SheetJS
 * `crc-32` (module `crc-32/crc32c`: pure JS, no dependencies, browser-safe, slicing-by-16 tables). These are
 * thin wrappers: the library takes a whole array and returns a signed int32, we want a byte range and an
 * unsigned number. A range is handed over as a subarray view (no copy).
 */

import * as CRC32C from 'crc-32/crc32c';

// Read once: a bundler's CommonJS interop may put a getter in front of the export.
const crc32cOf = CRC32C.buf;

/** CRC-32C of `bytes[start, end)` as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  const range = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  return crc32cOf(range, 0) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add 0xA282EAD8 (mod 2^32). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Masked CRC-32C of `bytes[start, end)`. */
export function maskedCrc32c(bytes: Uint8Array, start: number, end: number): number {
  return maskCrc(crc32c(bytes, start, end));
}

const lengthBytes = new Uint8Array(8);
const LENGTH_CACHE = 1 << 16;
/** Masked CRCs of the 8-byte little-endian lengths below LENGTH_CACHE, computed on first use (NaN: not yet). */
const lengthCrcs = new Float64Array(LENGTH_CACHE).fill(NaN);

/**
 * The masked CRC-32C of the 8-byte little-endian encoding of `length` (< 2^32), as a TFRecord header stores it.
 * The CRC is a function of the length alone, and event files repeat a handful of record lengths, so the
 * values of lengths below 64 Ki are remembered: checking a header then costs a table look-up instead of a
 * CRC over 8 bytes (and the view the library needs for them).
 */
export function maskedLengthCrc(length: number): number {
  if (length < LENGTH_CACHE) {
    const known = lengthCrcs[length];
    if (known === known) return known;
    return (lengthCrcs[length] = computeLengthCrc(length));
  }
  return computeLengthCrc(length);
}

function computeLengthCrc(length: number): number {
  lengthBytes[0] = length & 0xff;
  lengthBytes[1] = (length >>> 8) & 0xff;
  lengthBytes[2] = (length >>> 16) & 0xff;
  lengthBytes[3] = (length >>> 24) & 0xff;
  return maskCrc(crc32cOf(lengthBytes, 0) >>> 0);
}
