/**
 * A run's path in canvas pixels, thinned for drawing frame after frame: consecutive rows closer than
 * `minPx` to the last kept vertex are dropped (a converging run of 10^6 steps piles up on a few pixels), and
 * each kept vertex remembers its row, so the animation draws the prefix up to any step without walking
 * every row. Computed once per size; the first and the last finite row are always kept.
 */
export interface PathVertices {
  /** Pixel coordinates, [x0, y0, x1, y1, ...] for `count` vertices. */
  xy: Float32Array;
  /** Row of each kept vertex, increasing. */
  rows: Int32Array;
  count: number;
  /** Last finite row of the path (-1 when even the start is not finite). */
  lastRow: number;
}

/** Canvas coordinates are clamped to this: far-off points of a diverging run would overflow, the clip hides them. */
const LIMIT = 1e5;

export function pathVertices(params: readonly (number | null)[], toX: (v: number) => number, toY: (v: number) => number, minPx = 0.75): PathVertices {
  const rows = Math.floor(params.length / 2);
  const xy = new Float32Array(2 * rows);
  const kept = new Int32Array(rows);
  let count = 0;
  let lastRow = -1;
  let lx = 0;
  let ly = 0;
  let pendingRow = -1;
  let px = 0;
  let py = 0;
  const min2 = minPx * minPx;
  for (let k = 0; k < rows; k++) {
    const x = params[2 * k];
    const y = params[2 * k + 1];
    if (x === null || y === null) break;
    const cx = Math.max(-LIMIT, Math.min(LIMIT, toX(x)));
    const cy = Math.max(-LIMIT, Math.min(LIMIT, toY(y)));
    lastRow = k;
    if (count > 0 && (cx - lx) * (cx - lx) + (cy - ly) * (cy - ly) < min2) {
      pendingRow = k;
      px = cx;
      py = cy;
      continue;
    }
    xy[2 * count] = cx;
    xy[2 * count + 1] = cy;
    kept[count++] = k;
    lx = cx;
    ly = cy;
    pendingRow = -1;
  }
  if (pendingRow >= 0) {
    xy[2 * count] = px;
    xy[2 * count + 1] = py;
    kept[count++] = pendingRow;
  }
  return { xy, rows: kept, count, lastRow };
}

/** Index of the last kept vertex at or before `row` (-1 when none). Binary search. */
export function vertexAtOrBefore(path: PathVertices, row: number): number {
  let lo = 0;
  let hi = path.count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (path.rows[mid] <= row) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
