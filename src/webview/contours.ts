/**
 * Contour lines by marching squares.
 *
 * The loss is sampled on a regular grid of `nx` x `ny` values (row-major: value (i, j) at
 * `grid[j * nx + i]`, i along x, j along y). For one level, each grid cell is classified by which of
 * its four corners lie at or above the level (a 4-bit case number); the case says which cell edges
 * the contour crosses, and the crossing points are found by linear interpolation along those edges.
 * The two ambiguous "saddle" cases (diagonally opposite corners above) are resolved with the value at
 * the cell centre (mean of the corners). Cells with a non-finite corner are skipped.
 *
 * The result is a flat list of independent segments in grid coordinates, [x0, y0, x1, y1, ...], which
 * a canvas strokes in one path; no joining into polylines is needed for drawing.
 */

// Edges of a cell, numbered: 0 bottom (c0-c1), 1 right (c1-c2), 2 top (c3-c2), 3 left (c0-c3),
// with corners c0 = (i, j), c1 = (i+1, j), c2 = (i+1, j+1), c3 = (i, j+1).
// For each case (bit k set when corner k is above the level), the pairs of edges to join.
const SEGMENTS: readonly (readonly number[])[] = [
  [], [3, 0], [0, 1], [3, 1],
  [1, 2], [3, 0, 1, 2], [0, 2], [3, 2],
  [2, 3], [2, 0], [0, 1, 2, 3], [2, 1],
  [1, 3], [1, 0], [0, 3], [],
];
// The saddle cases above (5: c0 and c2 above, 10: c1 and c3 above) cut off the corners that are
// above the level, which is right when the cell centre is below it. When the centre is above, the
// corners below are the ones cut off: that is the other saddle's pair of segments.

/** Position along an edge where the interpolated value equals `level` (0..1 from the first corner). */
function crossing(a: number, b: number, level: number): number {
  const d = b - a;
  return d === 0 ? 0.5 : (level - a) / d;
}

/** Segments of the `level` contour of `grid`, in grid coordinates. */
export function contourSegments(grid: ArrayLike<number>, nx: number, ny: number, level: number): Float64Array {
  if (grid.length < nx * ny) throw new RangeError(`grid has ${grid.length} values, expected ${nx} x ${ny}`);
  const out: number[] = [];
  const point = (edge: number, i: number, j: number, c0: number, c1: number, c2: number, c3: number) => {
    switch (edge) {
      case 0: out.push(i + crossing(c0, c1, level), j); break;
      case 1: out.push(i + 1, j + crossing(c1, c2, level)); break;
      case 2: out.push(i + crossing(c3, c2, level), j + 1); break;
      default: out.push(i, j + crossing(c0, c3, level)); break;
    }
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const c0 = grid[j * nx + i];
      const c1 = grid[j * nx + i + 1];
      const c2 = grid[(j + 1) * nx + i + 1];
      const c3 = grid[(j + 1) * nx + i];
      if (!(Number.isFinite(c0) && Number.isFinite(c1) && Number.isFinite(c2) && Number.isFinite(c3))) continue;
      const kase = (c0 >= level ? 1 : 0) | (c1 >= level ? 2 : 0) | (c2 >= level ? 4 : 0) | (c3 >= level ? 8 : 0);
      let edges = SEGMENTS[kase];
      if ((kase === 5 || kase === 10) && (c0 + c1 + c2 + c3) / 4 >= level) edges = SEGMENTS[15 - kase];
      for (let k = 0; k < edges.length; k += 2) {
        point(edges[k], i, j, c0, c1, c2, c3);
        point(edges[k + 1], i, j, c0, c1, c2, c3);
      }
    }
  }
  return Float64Array.from(out);
}

/**
 * Contour levels between the smallest and largest finite grid values: evenly spaced, or evenly
 * spaced in log10 when the loss spans decades (the lowest level then sits at most `maxDecades`
 * below the highest). The extreme values themselves are excluded (their contours are points).
 */
export function contourLevels(grid: ArrayLike<number>, count: number, log: boolean, maxDecades = 6): number[] {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (let k = 0; k < grid.length; k++) {
    const v = grid[k];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  if (!(max > min) || count < 1) return [];
  const levels: number[] = [];
  if (log && max > 0 && minPositive < Infinity) {
    const hi = Math.log10(max);
    const lo = Math.max(Math.log10(minPositive), hi - maxDecades);
    for (let k = 1; k <= count; k++) levels.push(Math.pow(10, lo + ((hi - lo) * k) / (count + 1)));
  } else {
    for (let k = 1; k <= count; k++) levels.push(min + ((max - min) * k) / (count + 1));
  }
  return levels;
}
