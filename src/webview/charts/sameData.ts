/**
 * Whether a live snapshot changes what a chart shows: a watched log's snapshot re-sends every shown tag 10 times
 * a second, but a tag logged rarely (an eval loss, a learning rate set per epoch) is unchanged in most of them,
 * and repainting its chart would cost raster time for the same pixels. Comparing the columns is a pass over a
 * few thousand numbers (the decimated points), far cheaper than a repaint. Pure, unit-tested.
 */

/** Column by column, value by value (`Object.is`: NaN equals NaN, null and undefined differ). */
export function sameColumns(a: readonly ArrayLike<unknown>[] | null, b: readonly ArrayLike<unknown>[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let c = 0; c < a.length; c++) {
    const x = a[c];
    const y = b[c];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  }
  return true;
}
