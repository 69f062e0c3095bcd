/**
 * The raw columns of one series: step (Float64), value (Float64) and wall time (Float32 or Float64, see
 * SeriesStore), stored in chunks. A small series lives in one chunk that grows by doubling (16, 32, ... points);
 * from CHUNK_SIZE points on, the series grows by whole new chunks. So a big series never holds a second copy of
 * itself while growing and never carries up to 2x empty capacity: at 8 million points, doubling one array would
 * briefly need 3x the memory (old + new), which alone would break a 300 MB budget.
 */

export const CHUNK_BITS = 16;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_SIZE - 1;
const FIRST_CAPACITY = 16;

export type WallColumn = Float32Array | Float64Array;

/**
 * Full-size chunks that compaction or a restart released, kept for the next series that grows. Without it the
 * released chunks are garbage until V8's next major collection, and a store that compacts while a log keeps
 * growing holds the old and the new chunks at once (measured: ~100 MB over budget while following 1 GB).
 * One pool per store: its columns all use the same wall-time type.
 */
export class ChunkPool {
  private readonly free: { step: Float64Array; value: Float64Array; wall: WallColumn }[] = [];

  give(step: Float64Array, value: Float64Array, wall: WallColumn): void {
    this.free.push({ step, value, wall });
  }

  take(): { step: Float64Array; value: Float64Array; wall: WallColumn } | undefined {
    return this.free.pop();
  }

  get size(): number {
    return this.free.length;
  }

  /** Bytes held by the free chunks. */
  get byteSize(): number {
    let bytes = 0;
    for (const c of this.free) bytes += c.step.byteLength + c.value.byteLength + c.wall.byteLength;
    return bytes;
  }
}

export class PointColumns {
  /** Chunks of each column; chunk c holds points [c * CHUNK_SIZE, (c + 1) * CHUNK_SIZE). */
  readonly steps: Float64Array[] = [];
  readonly values: Float64Array[] = [];
  readonly walls: WallColumn[] = [];
  private capacity = 0;
  private count = 0;

  constructor(
    private readonly exactWallTime: boolean,
    private readonly pool: ChunkPool = new ChunkPool(),
  ) {}

  get length(): number {
    return this.count;
  }

  push(step: number, wall: number, value: number): void {
    const i = this.count;
    if (i === this.capacity) this.grow();
    const c = i >>> CHUNK_BITS;
    const j = i & CHUNK_MASK;
    this.steps[c][j] = step;
    this.values[c][j] = value;
    this.walls[c][j] = wall;
    this.count = i + 1;
  }

  /** Overwrites point i (i < length): compaction moves points down in place. */
  set(i: number, step: number, wall: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    const j = i & CHUNK_MASK;
    this.steps[c][j] = step;
    this.values[c][j] = value;
    this.walls[c][j] = wall;
  }

  step(i: number): number {
    return this.steps[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  value(i: number): number {
    return this.values[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  wall(i: number): number {
    return this.walls[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  /** Keeps the first n points and frees the chunks no longer needed (a small first chunk is kept as it is). */
  truncate(n: number): void {
    if (n >= this.count) return;
    this.count = n;
    const keep = Math.max(1, Math.ceil(n / CHUNK_SIZE));
    if (this.steps.length > keep) {
      for (let c = keep; c < this.steps.length; c++) this.pool.give(this.steps[c], this.values[c], this.walls[c]);
      this.steps.length = keep;
      this.values.length = keep;
      this.walls.length = keep;
      this.capacity = keep * CHUNK_SIZE;
    }
  }

  /** First index in [lo, hi) whose step is >= s (hi when none): steps are kept in non-decreasing order. */
  lowerBound(s: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.step(mid) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index in [lo, hi) whose step is > s (hi when none). */
  upperBound(s: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.step(mid) <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes held by the columns (allocated capacity, not just the used part). */
  get byteSize(): number {
    const wallBytes = this.exactWallTime ? 8 : 4;
    return this.capacity * (8 + 8 + wallBytes);
  }

  private grow(): void {
    if (this.capacity < CHUNK_SIZE) {
      const size = Math.min(CHUNK_SIZE, Math.max(FIRST_CAPACITY, this.capacity * 2));
      this.steps[0] = copyInto(new Float64Array(size), this.steps[0]);
      this.values[0] = copyInto(new Float64Array(size), this.values[0]);
      this.walls[0] = copyInto(this.exactWallTime ? new Float64Array(size) : new Float32Array(size), this.walls[0]);
      this.capacity = size;
      return;
    }
    const reused = this.pool.take();
    this.steps.push(reused?.step ?? new Float64Array(CHUNK_SIZE));
    this.values.push(reused?.value ?? new Float64Array(CHUNK_SIZE));
    this.walls.push(reused?.wall ?? (this.exactWallTime ? new Float64Array(CHUNK_SIZE) : new Float32Array(CHUNK_SIZE)));
    this.capacity += CHUNK_SIZE;
  }
}

function copyInto<T extends Float64Array | Float32Array>(target: T, source: Float64Array | Float32Array | undefined): T {
  if (source) target.set(source);
  return target;
}
