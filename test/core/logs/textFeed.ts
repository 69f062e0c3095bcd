import type { IncrementalReader, ScalarPoint } from '../../../src/core/logs/types';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** All points of `bytes` pushed in one chunk, then end(). */
export function readAll(reader: IncrementalReader, bytes: Uint8Array): ScalarPoint[] {
  return [...reader.push(bytes), ...reader.end()];
}

/** All points of `bytes` pushed one byte at a time (from a reused buffer), then end(). */
export function readByteByByte(reader: IncrementalReader, bytes: Uint8Array): ScalarPoint[] {
  const points: ScalarPoint[] = [];
  const one = new Uint8Array(1);
  for (const byte of bytes) {
    one[0] = byte;
    points.push(...reader.push(one));
  }
  return [...points, ...reader.end()];
}

/** tag -> [step, value] pairs, in order. */
export function byTag(points: readonly ScalarPoint[]): Record<string, Array<[number, number]>> {
  const out: Record<string, Array<[number, number]>> = {};
  for (const p of points) (out[p.tag] ??= []).push([p.step, p.value]);
  return out;
}
