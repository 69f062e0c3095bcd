import { CHUNK_BITS, CHUNK_MASK, type PointColumns } from './pointColumns';

/**
 * A min/max pyramid over a series' values: level 0 keeps, per block of FANOUT points, the smallest and largest
 * finite value and the index of the point holding each (the first one on ties); level L+1 does the same over
 * FANOUT nodes of level L. The min/max of any index range then costs at most 2 * FANOUT reads per level
 * (the partial nodes at both ends) instead of one read per point: at 10 million points, 5 levels.
 *
 * Non-finite values (NaN, +-Infinity) never enter a min or max. An empty node (no finite point yet) holds
 * min = +Infinity, max = -Infinity, indices -1.
 *
 * Nodes are filled when complete (see append), bottom-up, stopping at the first node whose min and max did not
 * change: O(1) amortized per point. Levels are added while the top level has more than FANOUT nodes.
 */

const FANOUT_BITS = 5;
export const FANOUT = 1 << FANOUT_BITS;
const FIRST_NODES = 4;

class Level {
  min: Float64Array;
  max: Float64Array;
  minAt: Int32Array;
  maxAt: Int32Array;

  constructor(capacity: number) {
    this.min = new Float64Array(capacity).fill(Infinity);
    this.max = new Float64Array(capacity).fill(-Infinity);
    this.minAt = new Int32Array(capacity).fill(-1);
    this.maxAt = new Int32Array(capacity).fill(-1);
  }

  get capacity(): number {
    return this.min.length;
  }

  ensure(node: number): void {
    if (node < this.min.length) return;
    let size = this.min.length * 2;
    while (size <= node) size *= 2;
    const grown = new Level(size);
    grown.min.set(this.min);
    grown.max.set(this.max);
    grown.minAt.set(this.minAt);
    grown.maxAt.set(this.maxAt);
    this.min = grown.min;
    this.max = grown.max;
    this.minAt = grown.minAt;
    this.maxAt = grown.maxAt;
  }

  clear(node: number): void {
    this.min[node] = Infinity;
    this.max[node] = -Infinity;
    this.minAt[node] = -1;
    this.maxAt[node] = -1;
  }
}

/** True for a finite number (NaN - NaN and Inf - Inf are NaN). */
export function isFiniteNumber(v: number): boolean {
  return v - v === 0;
}

export class MinMaxPyramid {
  private readonly levels: Level[] = [];
  private count = 0;
  /** The point count past which the top level has more than FANOUT nodes and a level is added on top. */
  private addLevelAbove = FANOUT * FANOUT;
  /** Result of the last `extremes` call (fields, not a returned object: no allocation per query). */
  minAt = -1;
  maxAt = -1;
  private bestMin = Infinity;
  private bestMax = -Infinity;

  constructor(private readonly columns: PointColumns) {}

  /**
   * Point i (the previous length) was appended to the columns. A node is filled when it is complete: a leaf
   * when its FANOUT-th point arrives (one tight scan of FANOUT values), then its ancestors. Queries only read
   * complete nodes (the partial ends of a range are scanned point by point), so per point this is one test.
   */
  append(i: number): void {
    this.count = i + 1;
    if ((i & (FANOUT - 1)) === FANOUT - 1) this.completeLeaf(i >>> FANOUT_BITS);
  }

  private completeLeaf(leaf: number): void {
    if (this.levels.length === 0) this.levels.push(new Level(FIRST_NODES));
    for (let L = 0; L < this.levels.length; L++) this.levels[L].ensure(leaf >>> (FANOUT_BITS * L));
    this.resetBest();
    this.scanPoints(leaf << FANOUT_BITS, (leaf + 1) << FANOUT_BITS);
    if (this.minAt >= 0) {
      const v0 = this.bestMin;
      const v1 = this.bestMax;
      const at0 = this.minAt;
      const at1 = this.maxAt;
      let node = leaf;
      // A parent holds the extremes of its complete children: stop at the first one the new leaf does not change.
      for (let L = 0; L < this.levels.length; L++, node >>>= FANOUT_BITS) {
        const level = this.levels[L];
        let changed = false;
        if (v0 < level.min[node]) {
          level.min[node] = v0;
          level.minAt[node] = at0;
          changed = true;
        }
        if (v1 > level.max[node]) {
          level.max[node] = v1;
          level.maxAt[node] = at1;
          changed = true;
        }
        if (!changed) break;
      }
    }
    if (this.count > this.addLevelAbove) this.addLevel();
  }

  /** The columns were cut to n points (n <= length): nodes no longer complete are emptied, partial parents recomputed. */
  truncate(n: number): void {
    if (n >= this.count) return;
    const old = this.count;
    this.count = n;
    for (let L = 0; L < this.levels.length; L++) {
      const level = this.levels[L];
      const span = spanOf(L);
      const complete = Math.floor(n / span);
      const oldNodes = Math.ceil(old / span);
      for (let k = complete; k < Math.min(oldNodes, level.capacity); k++) level.clear(k);
      // A partial parent keeps what its complete children hold, so it is right once the rest completes.
      if (L > 0 && n % span !== 0 && complete < level.capacity) this.combine(level, complete, this.levels[L - 1], complete << FANOUT_BITS, Math.min((complete + 1) << FANOUT_BITS, this.levels[L - 1].capacity));
    }
  }

  /** Rebuilds every node from the columns (after compaction moved points). */
  rebuild(): void {
    // Empty the existing levels in place: reallocating them at every compaction left megabytes of garbage.
    for (const level of this.levels) {
      level.min.fill(Infinity);
      level.max.fill(-Infinity);
      level.minAt.fill(-1);
      level.maxAt.fill(-1);
    }
    this.levels.length = Math.min(this.levels.length, 1);
    this.count = 0;
    this.addLevelAbove = FANOUT * FANOUT;
    const n = this.columns.length;
    for (let i = 0; i < n; i++) this.append(i);
  }

  /** True when node `node` of level L holds no finite value. */
  isEmpty(level: number, node: number): boolean {
    return this.levels[level].minAt[node] < 0;
  }

  get levelCount(): number {
    return this.levels.length;
  }

  get byteSize(): number {
    let bytes = 0;
    for (const level of this.levels) bytes += level.capacity * 24;
    return bytes;
  }

  /**
   * The indices of the smallest and largest finite values in points [a, b) (first on ties) into `minAt` and
   * `maxAt`, -1 when the range holds no finite value.
   */
  extremes(a: number, b: number): void {
    this.resetBest();
    let lo = a;
    let hi = b;
    // Raw points up to the first block boundary and from the last one.
    const loAligned = Math.min(hi, roundUp(lo, FANOUT));
    this.scanPoints(lo, loAligned);
    lo = loAligned;
    if (lo < hi) {
      const hiAligned = Math.max(lo, hi - (hi & (FANOUT - 1)));
      this.scanPoints(hiAligned, hi);
      hi = hiAligned;
    }
    lo >>>= FANOUT_BITS;
    hi >>>= FANOUT_BITS;
    const top = this.levels.length - 1;
    for (let L = 0; lo < hi; L++) {
      if (L === top) {
        this.scanNodes(L, lo, hi);
        break;
      }
      const loNode = Math.min(hi, roundUp(lo, FANOUT));
      this.scanNodes(L, lo, loNode);
      lo = loNode;
      if (lo < hi) {
        const hiNode = Math.max(lo, hi - (hi & (FANOUT - 1)));
        this.scanNodes(L, hiNode, hi);
        hi = hiNode;
      }
      lo >>>= FANOUT_BITS;
      hi >>>= FANOUT_BITS;
    }
  }

  /** The first index in [a, b) with a finite value, or -1: whole empty nodes are skipped, largest first. */
  firstFinite(a: number, b: number): number {
    let i = a;
    while (i < b) {
      const skip = this.emptySpanAt(i, b);
      if (skip > 0) {
        i += skip;
        continue;
      }
      if (isFiniteNumber(this.columns.value(i))) return i;
      i++;
    }
    return -1;
  }

  /** The last index in [a, b) with a finite value, or -1. */
  lastFinite(a: number, b: number): number {
    let end = b; // exclusive
    while (end > a) {
      const skip = this.emptySpanBefore(end, a);
      if (skip > 0) {
        end -= skip;
        continue;
      }
      if (isFiniteNumber(this.columns.value(end - 1))) return end - 1;
      end--;
    }
    return -1;
  }

  /** The size of the largest empty node starting at i and ending by b, or 0. */
  private emptySpanAt(i: number, b: number): number {
    for (let L = this.levels.length - 1; L >= 0; L--) {
      const size = spanOf(L);
      if (i % size === 0 && i + size <= b && i + size <= this.count && this.isEmpty(L, Math.floor(i / size))) return size;
    }
    return 0;
  }

  /** The size of the largest empty node ending at `end` and starting at or after a, or 0. */
  private emptySpanBefore(end: number, a: number): number {
    for (let L = this.levels.length - 1; L >= 0; L--) {
      const size = spanOf(L);
      if (end % size === 0 && end - size >= a && this.isEmpty(L, end / size - 1)) return size;
    }
    return 0;
  }

  private resetBest(): void {
    this.bestMin = Infinity;
    this.bestMax = -Infinity;
    this.minAt = -1;
    this.maxAt = -1;
  }

  private scanPoints(a: number, b: number): void {
    const values = this.columns.values;
    for (let i = a; i < b; ) {
      const chunk = values[i >>> CHUNK_BITS];
      const end = Math.min(b, ((i >>> CHUNK_BITS) + 1) << CHUNK_BITS);
      for (; i < end; i++) {
        const v = chunk[i & CHUNK_MASK];
        if (v - v !== 0) continue;
        if (v < this.bestMin) {
          this.bestMin = v;
          this.minAt = i;
        } else if (v === this.bestMin && i < this.minAt) this.minAt = i;
        if (v > this.bestMax) {
          this.bestMax = v;
          this.maxAt = i;
        } else if (v === this.bestMax && i < this.maxAt) this.maxAt = i;
      }
    }
  }

  private scanNodes(L: number, a: number, b: number): void {
    const level = this.levels[L];
    for (let k = a; k < b; k++) {
      const at = level.minAt[k];
      if (at < 0) continue;
      const mn = level.min[k];
      if (mn < this.bestMin || (mn === this.bestMin && at < this.minAt)) {
        this.bestMin = mn;
        this.minAt = at;
      }
      const mx = level.max[k];
      const maxAt = level.maxAt[k];
      if (mx > this.bestMax || (mx === this.bestMax && maxAt < this.maxAt)) {
        this.bestMax = mx;
        this.maxAt = maxAt;
      }
    }
  }

  private nodeCount(L: number): number {
    return Math.ceil(this.count / spanOf(L));
  }

  /** Adds a level on top, computed from the current top. */
  private addLevel(): void {
    const L = this.levels.length;
    const below = this.levels[L - 1];
    const nodes = this.nodeCount(L);
    const level = new Level(Math.max(FIRST_NODES, nodes * 2));
    this.levels.push(level);
    this.addLevelAbove = spanOf(L) * FANOUT;
    for (let k = 0; k < nodes; k++) this.combine(level, k, below, k << FANOUT_BITS, Math.min((k + 1) << FANOUT_BITS, below.capacity));
  }

  private combine(level: Level, node: number, below: Level, a: number, b: number): void {
    for (let k = a; k < b; k++) {
      if (below.minAt[k] < 0) continue;
      if (below.min[k] < level.min[node]) {
        level.min[node] = below.min[k];
        level.minAt[node] = below.minAt[k];
      }
      if (below.max[k] > level.max[node]) {
        level.max[node] = below.max[k];
        level.maxAt[node] = below.maxAt[k];
      }
    }
  }
}

/** Points covered by one node of level L: FANOUT^(L+1). */
function spanOf(L: number): number {
  return SPANS[L];
}
const SPANS = Array.from({ length: 8 }, (_, L) => 2 ** (FANOUT_BITS * (L + 1)));

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}
