/**
 * The TensorBoard-smoothed line of one watched series, kept next to its SeriesStore (in the log worker) and
 * brought up to date from the store on each snapshot: only the points appended since the last snapshot are
 * smoothed and decimated (StreamingM4), so a live append costs O(new points) whatever the run's length.
 *
 * Why host-side: the dashboard only receives min/max samples, and smoothing samples is not TensorBoard's curve
 * (the average of extremes is not the average of the data). Here every raw point the store holds goes through
 * the debiased EMA (smoothing.ts) in order, then the smoothed values are min/max-decimated, so every spike of
 * the smoothed line survives the decimation.
 *
 * The track remembers how many points it took and the first and last of them. When the store no longer has
 * those points where they were (a restart purged the tail, or compaction rewrote older points to their extremes
 * to stay in the point budget) it starts over from the store's points, O(points) once. After compaction the
 * store keeps only each block's extremes of old data, so the EMA then runs over what it kept (documented in
 * the README: beyond the store's budget, the oldest part of the smoothed line is over the kept points).
 */
import type { SteppedValues } from './smoothedDecimation';
import { smoothingWeight } from './smoothing';
import { DEFAULT_M4_CAPACITY, StreamingM4 } from './streamingM4';

export interface SmoothedLine {
  step: Float64Array;
  value: Float64Array;
  length: number;
}

export class SmoothedTrack {
  private readonly m4: StreamingM4;
  private fed = 0;
  private firstStep = NaN;
  private firstValue = NaN;
  private lastStep = NaN;
  private lastValue = NaN;
  /** Full re-feeds so far (the first feed included), for tests and the bench. */
  refeeds = 0;

  constructor(weight: number, capacity: number = DEFAULT_M4_CAPACITY) {
    this.m4 = new StreamingM4(capacity, smoothingWeight(weight));
  }

  get weight(): number {
    return this.m4.weight;
  }

  /** Points of the series taken so far. */
  get taken(): number {
    return this.fed;
  }

  /** Takes the points the series gained since the last call (or all of them when it changed underneath). */
  sync(series: SteppedValues): void {
    const n = series.length;
    if (!this.unchangedPrefix(series, n)) {
      this.m4.reset();
      this.fed = 0;
      this.refeeds++;
    }
    try {
      for (let i = this.fed; i < n; i++) this.m4.push(series.step(i), series.value(i));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // A step before the last one taken: the data changed in a way the fingerprint missed. Start over.
      this.m4.reset();
      this.refeeds++;
      for (let i = 0; i < n; i++) this.m4.push(series.step(i), series.value(i));
      this.fed = 0;
    }
    if (n > this.fed) {
      if (this.fed === 0) {
        this.firstStep = series.step(0);
        this.firstValue = series.value(0);
      }
      this.lastStep = series.step(n - 1);
      this.lastValue = series.value(n - 1);
    }
    this.fed = n;
  }

  /** The whole run's smoothed line for a chart `pixels` wide (at most 4 points per pixel column, step order). */
  line(pixels: number): SmoothedLine {
    const width = Number.isFinite(pixels) && pixels >= 1 ? Math.floor(pixels) : 1;
    const out = { step: new Float64Array(4 * width), value: new Float64Array(4 * width) };
    const length = this.m4.decimate(width, out);
    return { step: out.step, value: out.value, length };
  }

  /** True when points [0, fed) are still the ones taken (checked by the first and last of them: O(1)). */
  private unchangedPrefix(series: SteppedValues, n: number): boolean {
    if (this.fed === 0) return true;
    if (n < this.fed) return false;
    return same(series.step(0), this.firstStep) && same(series.value(0), this.firstValue)
      && same(series.step(this.fed - 1), this.lastStep) && same(series.value(this.fed - 1), this.lastValue);
  }
}

/** `===` that also holds for NaN (a logged NaN value is a value like any other here). */
function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * The tracks of one run, by tag, for one weight: asking with another weight drops them all (the EMA depends
 * on the weight from the first point on), and tags no longer asked for are dropped by `retain`.
 */
export class SmoothedTracks {
  private readonly tracks = new Map<string, SmoothedTrack>();
  private weight = NaN;

  constructor(private readonly capacity: number = DEFAULT_M4_CAPACITY) {}

  /** The smoothed line of `tag` at `weight`, brought up to date with `series`. */
  line(tag: string, series: SteppedValues, weight: number, pixels: number): SmoothedLine {
    const w = smoothingWeight(weight);
    if (w !== this.weight) {
      this.tracks.clear();
      this.weight = w;
    }
    let track = this.tracks.get(tag);
    if (!track) {
      track = new SmoothedTrack(w, this.capacity);
      this.tracks.set(tag, track);
    }
    track.sync(series);
    return track.line(pixels);
  }

  /** Drops the tracks of tags not in `tags` (the tags shown changed). */
  retain(tags: Iterable<string>): void {
    const keep = new Set(tags);
    for (const tag of [...this.tracks.keys()]) if (!keep.has(tag)) this.tracks.delete(tag);
  }

  get(tag: string): SmoothedTrack | undefined {
    return this.tracks.get(tag);
  }

  clear(): void {
    this.tracks.clear();
  }
}
