import type { IncrementalReader, ScalarPoint, ScalarSink } from './types';

/** A sink that keeps every point as an object: for tests and small one-shot reads, not for streaming. */
export class PointCollector implements ScalarSink {
  readonly points: ScalarPoint[] = [];

  add(tag: string, step: number, wallTime: number | null, value: number): void {
    this.points.push({ tag, step, wallTime, value });
  }
}

/** The points `reader` delivers for `chunk`. */
export function pushPoints(reader: IncrementalReader, chunk: Uint8Array): ScalarPoint[] {
  const collector = new PointCollector();
  reader.push(chunk, collector);
  return collector.points;
}

/** The points `reader` delivers when told the writer is gone. */
export function endPoints(reader: IncrementalReader): ScalarPoint[] {
  const collector = new PointCollector();
  reader.end(collector);
  return collector.points;
}
