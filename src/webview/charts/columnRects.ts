/**
 * A dense line as one filled rectangle per device-pixel column, instead of an antialiased stroke.
 *
 * Why: a live chart of a min/max-decimated series has about 4 points per pixel column. Stroking that polyline
 * with antialiasing is what a software-rasterized canvas (Chromium without GPU) spends a frame on; filling
 * axis-aligned, integer-aligned rectangles is several times cheaper and covers the same pixels: in a column the
 * polyline covers everything between its lowest and highest point there, plus the part of the segments that
 * enter and leave the column. So each column's rectangle spans its points' extremes, the line's height at the
 * column's right edge (where the next segment leaves), and the segment that enters it from one column back
 * (from the previous point when that is nearer). Reaching one column back is what a 1.5-px stroke does: a
 * near-vertical segment between two columns (the flank of a one-point spike) is covered in both, full height, as
 * the stroke covers it, instead of as two offset half-height bars. Neighbouring columns always share a height,
 * so the line stays connected; columns a long segment crosses without a point get its span there the same way.
 *
 * Pure (no DOM, no uPlot): positions come from `toX`/`toY` (canvas pixels; a log axis is the caller's mapping),
 * rectangles go into a reusable buffer, so a redraw allocates nothing per point.
 */

/** The rectangles of one line: column i covers x in [x[i], x[i] + 1) and y in [top[i], bottom[i]) (canvas pixels). */
export class ColumnBuffer {
  x: Int32Array<ArrayBuffer> = new Int32Array(0);
  top: Int32Array<ArrayBuffer> = new Int32Array(0);
  bottom: Int32Array<ArrayBuffer> = new Int32Array(0);
  length = 0;

  /** Empties the buffer, keeping room for `capacity` columns. */
  reset(capacity: number): void {
    if (this.x.length < capacity) {
      this.x = new Int32Array(capacity);
      this.top = new Int32Array(capacity);
      this.bottom = new Int32Array(capacity);
    }
    this.length = 0;
  }

  private push(x: number, top: number, bottom: number): void {
    if (this.length === this.x.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(Math.max(16, a.length * 2));
        b.set(a);
        return b;
      };
      this.x = grow(this.x);
      this.top = grow(this.top);
      this.bottom = grow(this.bottom);
    }
    this.x[this.length] = x;
    this.top[this.length] = top;
    this.bottom[this.length] = bottom;
    this.length++;
  }

  /** Adds column `x` spanning y from `lo` to `hi` (lo <= hi), thickened by `thickness` px and rounded to whole pixels. */
  add(x: number, lo: number, hi: number, thickness: number): void {
    const half = thickness / 2;
    const top = Math.round(lo - half);
    // At least one pixel row: a flat line stays visible whatever its thickness rounds to.
    const bottom = Math.max(top + 1, Math.round(hi + half));
    this.push(x, top, bottom);
  }
}

/**
 * Fills `out` with the columns of the line through (xs[i], ys[i]) for i in [idx0, idx1], xs ascending.
 * ys[i] null breaks the line (a gap, as uPlot's spanGaps: false); undefined is no point of this line at that x
 * (the line goes on over it, as uPlot does); a value whose position is not finite (a log axis at <= 0) is a gap.
 * `thickness` is the line width in canvas pixels. Returns the number of columns.
 */
export function buildColumns(
  xs: ArrayLike<number | null | undefined>,
  ys: ArrayLike<number | null | undefined>,
  idx0: number,
  idx1: number,
  toX: (value: number) => number,
  toY: (value: number) => number,
  thickness: number,
  out: ColumnBuffer,
): number {
  out.reset(Math.max(0, idx1 - idx0 + 1));
  // The column being built: its x, its y extent so far; and the last point (to connect the next one to).
  let col = 0;
  let lo = 0;
  let hi = 0;
  let open = false;
  let lastX = 0;
  let lastY = 0;
  for (let i = idx0; i <= idx1; i++) {
    const yv = ys[i];
    if (yv === undefined) continue;
    const xv = xs[i];
    const x = xv === null || xv === undefined ? NaN : toX(xv);
    const y = yv === null ? NaN : toY(yv);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      // A gap: close the column, start afresh at the next point.
      if (open) out.add(col, lo, hi, thickness);
      open = false;
      continue;
    }
    const c = Math.floor(x);
    if (!open) {
      col = c;
      lo = hi = y;
      open = true;
    } else if (c === col) {
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    } else {
      // x ascends (uPlot's x column); a point left of the column being built cannot be joined: start afresh.
      if (c < col) {
        out.add(col, lo, hi, thickness);
        col = c;
        lo = hi = y;
        lastX = x;
        lastY = y;
        continue;
      }
      // The segment from the last point to this one leaves column `col` at its right edge, crosses the columns
      // between and ends in column c; each column k it enters takes its height from x = k - 1 (or the last
      // point, if nearer) to its right edge (or this point).
      const slope = (y - lastY) / (x - lastX);
      const leave = lastY + slope * (col + 1 - lastX);
      out.add(col, Math.min(lo, leave), Math.max(hi, leave), thickness);
      for (let k = col + 1; k < c; k++) {
        const from = lastY + slope * (Math.max(k - 1, lastX) - lastX);
        const to = lastY + slope * (k + 1 - lastX);
        out.add(k, Math.min(from, to), Math.max(from, to), thickness);
      }
      const from = lastY + slope * (Math.max(c - 1, lastX) - lastX);
      col = c;
      lo = Math.min(from, y);
      hi = Math.max(from, y);
    }
    lastX = x;
    lastY = y;
  }
  if (open) out.add(col, lo, hi, thickness);
  return out.length;
}
