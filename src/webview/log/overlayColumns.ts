/**
 * Several runs on one uPlot chart need one shared x column (uPlot's aligned data). Each run's points keep
 * their own x; the shared column is the merge of all of them, and a run holds `undefined` at the x values
 * only other runs have. uPlot draws straight across `undefined` (no point there) but breaks the line at
 * `null` (a NaN or infinity the run logged), so overlaying never invents or hides a gap.
 * An x that a run repeats (a step logged twice) keeps every repeat. Pure, so it is unit-tested without a DOM.
 */

export type AlignedValue = number | null | undefined;

export interface RunLine {
  /** Ascending x values of the run's points. */
  xs: readonly number[];
  /** `undefined` where the run has no raw point at that x (the host's smoothed line has its own steps). */
  ys: readonly AlignedValue[];
  /** The smoothed line, same length as `ys` (`undefined` where it has no point), or null when not smoothing. */
  smoothed: readonly AlignedValue[] | null;
}

export interface AlignedLines {
  xs: number[];
  ys: AlignedValue[][];
  smoothed: (AlignedValue[] | null)[];
}

/** Merges the runs' x columns (O(points x runs); runs are few). */
export function alignLines(lines: readonly RunLine[]): AlignedLines {
  const k = lines.length;
  // One run (the common live chart): its own columns are the aligned ones; copying them is several times
  // cheaper than the merge below, which ran on every live redraw.
  if (k === 1) {
    const [line] = lines;
    return { xs: line.xs.slice(), ys: [line.ys.slice()], smoothed: [line.smoothed ? line.smoothed.slice() : null] };
  }
  const xs: number[] = [];
  const ys: AlignedValue[][] = lines.map(() => []);
  const smoothed: (AlignedValue[] | null)[] = lines.map((l) => (l.smoothed ? [] : null));
  const at = new Array<number>(k).fill(0);
  const repeats = new Array<number>(k).fill(0);
  for (;;) {
    let x = Infinity;
    for (let j = 0; j < k; j++) if (at[j] < lines[j].xs.length && lines[j].xs[at[j]] < x) x = lines[j].xs[at[j]];
    if (x === Infinity) break;
    let slots = 0;
    for (let j = 0; j < k; j++) {
      const line = lines[j].xs;
      let c = 0;
      while (at[j] + c < line.length && line[at[j] + c] === x) c++;
      repeats[j] = c;
      if (c > slots) slots = c;
    }
    for (let s = 0; s < slots; s++) {
      xs.push(x);
      for (let j = 0; j < k; j++) {
        const has = s < repeats[j];
        const i = at[j] + s;
        ys[j].push(has ? lines[j].ys[i] : undefined);
        smoothed[j]?.push(has ? lines[j].smoothed![i] : undefined);
      }
    }
    for (let j = 0; j < k; j++) at[j] += repeats[j];
  }
  return { xs, ys, smoothed };
}

/** A column for the data table and CSV: `undefined` (no point of that run there) reads as empty too. */
export function tableColumn(column: readonly AlignedValue[]): (number | null)[] {
  return column.map((v) => (v === undefined ? null : v));
}
