/**
 * SeriesStore: where the points of one run land (it is the ScalarSink readers deliver to) and what charts read.
 *
 * API
 *   const store = new SeriesStore({ maxPoints?, exactWallTime? });
 *   reader.push(bytes, store); ...                // store.add(tag, step, wallTime | null, value) per point
 *   store.version                                 // bumps on every change: a cheap "anything new?" check
 *   store.tags                                    // tags in first-appearance order
 *   store.get(tag) -> Series | undefined
 *   store.restarts, store.restartCount            // steps that went backwards (first MAX_RESTARTS_KEPT listed)
 *   store.pointCount, store.byteSize, store.rejectedPoints
 *
 *   series.length, series.step(i), series.value(i), series.wallTime(i) (NaN = none)
 *   series.lastStep, series.lastValue (NaN when empty), series.version
 *   series.nonFiniteCount, series.firstNonFiniteStep (null when none)
 *   series.compacted                              // older data reduced to its extremes (point budget)
 *   series.columns()                              // copies: { step, wallTime, value } Float64Arrays
 *   series.decimate(fromStep, toStep, pixels)     // -> Decimated { step, value, nonFinite, nonFiniteInRange, exact }
 *
 * Behaviour
 * - Steps within a tag never decrease. Restarts the way TensorBoard's event accumulator purges: when a tag gets
 *   a step smaller than its last one (a run resumed from a checkpoint), every point of that tag with step >= the
 *   new step is dropped, the restart is recorded, then the new point is appended. Equal steps are kept.
 * - NaN and +-Infinity values are stored as such, counted per series and listed apart by decimate (a chart
 *   cannot draw them; it marks them). A point whose step is not finite cannot be placed and is dropped
 *   (counted in rejectedPoints; readers take steps from integers, so this only guards bad input).
 * - Memory: 20 bytes per point (step and value Float64; wall time Float32 seconds relative to the tag's first
 *   wall time: 4 bytes instead of 8, and still ~8 ms resolution a day into a run, 0.25 s a month in, plenty for a
 *   time axis) plus under 1 byte per point of min/max pyramid. `exactWallTime: true` keeps Float64 wall times
 *   (24 bytes per point) for outputs that must print what the file holds (optlens read).
 * - Budget: `maxPoints` (default DEFAULT_MAX_POINTS = 8,000,000 = 160 MB of columns, which leaves room for Node
 *   itself, the reader and the file chunks under 300 MB). Over it, the oldest half of the largest series is
 *   reduced to its min and max points per 64-point block (the spikes survive, at their real steps) and marked
 *   `compacted`; a store of only tiny series (< 128 points each) cannot compact and may exceed it. A chart of a
 *   10-million-point series works as well: give such a store maxPoints >= 10,000,000 (about 210 MB).
 *   Compaction works in place, and the chunks it frees are kept by the store for the next growth (not left to
 *   the garbage collector), so a store following a growing log stays near its budget (bench/logMemory.ts).
 */
import { ChunkPool } from './pointColumns';
import { Series } from './series';
import type { ScalarSink } from './types';

export { Series } from './series';
export type { Decimated } from './decimate';
export { MAX_NON_FINITE_LISTED } from './decimate';

export const DEFAULT_MAX_POINTS = 8_000_000;
/** Restarts listed in `restarts` (a pathological file could restart on every point); restartCount counts all. */
export const MAX_RESTARTS_KEPT = 1000;

/** Points added over budget before trying again a compaction that could free nothing. */
const COMPACTION_RETRY_POINTS = 65_536;

export interface StoreOptions {
  /** Total point budget across the store's tags (default DEFAULT_MAX_POINTS); Infinity never compacts. */
  maxPoints?: number;
  /** Keep wall times as Float64 seconds (exact) instead of Float32 relative seconds. Default false. */
  exactWallTime?: boolean;
}

/** A step going backwards in one tag: points with step >= `step` (`purged` of them) were dropped. */
export interface Restart {
  tag: string;
  step: number;
  previousStep: number;
  purged: number;
}

export class SeriesStore implements ScalarSink {
  private readonly byTag = new Map<string, Series>();
  private readonly tagOrder: string[] = [];
  private readonly restartList: Restart[] = [];
  private restartTotal = 0;
  private total = 0;
  private changes = 0;
  private rejected = 0;
  private readonly maxPoints: number;
  private readonly exactWallTime: boolean;
  /** Chunks released by compaction and restarts, reused before new ones are allocated. */
  private readonly pool = new ChunkPool();
  /** After a compaction that freed nothing (only tiny series), wait this long before scanning the tags again. */
  private retryCompactionAt = 0;

  constructor(options: StoreOptions = {}) {
    this.maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
    this.exactWallTime = options.exactWallTime ?? false;
  }

  add(tag: string, step: number, wallTime: number | null, value: number): void {
    if (step - step !== 0) {
      this.rejected++;
      this.changes++;
      return;
    }
    let series = this.byTag.get(tag);
    if (series === undefined) {
      series = new Series(tag, this.exactWallTime, this.pool);
      this.byTag.set(tag, series);
      this.tagOrder.push(tag);
    } else if (step < series.lastStep) {
      const previousStep = series.lastStep;
      const purged = series.purgeFrom(step);
      this.total -= purged;
      this.restartTotal++;
      if (this.restartList.length < MAX_RESTARTS_KEPT) this.restartList.push({ tag, step, previousStep, purged });
    }
    series.append(step, wallTime, value);
    this.total++;
    this.changes++;
    if (this.total > this.maxPoints && this.total >= this.retryCompactionAt) this.compact();
  }

  get tags(): readonly string[] {
    return this.tagOrder;
  }

  get(tag: string): Series | undefined {
    return this.byTag.get(tag);
  }

  get restarts(): readonly Restart[] {
    return this.restartList;
  }

  /** Every restart, including those beyond MAX_RESTARTS_KEPT. */
  get restartCount(): number {
    return this.restartTotal;
  }

  get version(): number {
    return this.changes;
  }

  get pointCount(): number {
    return this.total;
  }

  /** Bytes held by every series' columns, pyramids and indices (allocated, not just used) and free chunks kept for reuse. */
  get byteSize(): number {
    let bytes = this.pool.byteSize;
    for (const series of this.byTag.values()) bytes += series.byteSize;
    return bytes;
  }

  /** Points dropped because their step was not a finite number. */
  get rejectedPoints(): number {
    return this.rejected;
  }

  private compact(): void {
    while (this.total > this.maxPoints) {
      let largest: Series | undefined;
      for (const series of this.byTag.values()) if (!largest || series.length > largest.length) largest = series;
      const freed = largest ? largest.compactOldest() : 0;
      if (freed === 0) {
        this.retryCompactionAt = this.total + COMPACTION_RETRY_POINTS;
        return;
      }
      this.total -= freed;
    }
  }
}
