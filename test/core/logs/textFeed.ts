import { endPoints, pushPoints } from '../../../src/core/logs/pointCollector';
import type { IncrementalReader, ScalarPoint } from '../../../src/core/logs/types';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** All points of `bytes` pushed in one chunk, then end(). */
export function readAll(reader: IncrementalReader, bytes: Uint8Array): ScalarPoint[] {
  return [...pushPoints(reader, bytes), ...endPoints(reader)];
}

/** All points of `bytes` pushed one byte at a time (from a reused buffer), then end(). */
export function readByteByByte(reader: IncrementalReader, bytes: Uint8Array): ScalarPoint[] {
  const points: ScalarPoint[] = [];
  const one = new Uint8Array(1);
  for (const byte of bytes) {
    one[0] = byte;
    points.push(...pushPoints(reader, one));
  }
  return [...points, ...endPoints(reader)];
}

/** tag -> [step, value] pairs, in order. */
export function byTag(points: readonly ScalarPoint[]): Record<string, Array<[number, number]>> {
  const out: Record<string, Array<[number, number]>> = {};
  for (const p of points) (out[p.tag] ??= []).push([p.step, p.value]);
  return out;
}
