/**
 * The robust running picture of a loss-like series that several detectors read: a ring of the last finite
 * values, the "level" (median of the last `levelWindow` values, refreshed every `levelEvery` values), a ring of
 * past levels, and the best (lowest) level with the steps it covers. Values are measured above a floor (the known
 * minimum loss, else 0) so ratios mean "how far from the optimum". A series that goes below its floor (a loss that
 * can be negative) is marked `signed`, and ratio rules are then off for it.
 */
import { median8, medianInPlace } from './smallMedian';
import type { DiagnoseThresholds } from './thresholds';

/**
 * Finite values kept (a power of two, so the index wraps with a mask): 128 holds the oscillation detector's
 * raw window (up to 64) plus its half-window look back (up to 32).
 */
export const VALUE_RING = 128;
const VALUE_MASK = VALUE_RING - 1;

export class LossLevels {
  /** Excess over the floor of the last finite values, their natural logs (NaN when not above the floor), steps. */
  readonly values = new Float64Array(VALUE_RING);
  readonly logs = new Float64Array(VALUE_RING);
  readonly steps = new Float64Array(VALUE_RING);
  /** Finite values seen. */
  count = 0;
  /** Non-finite values seen. */
  nonFinite = 0;
  signed = false;

  /** Past levels (excess) and the step at each window's middle, newest at (levelCount - 1) % historySize. */
  readonly levelValues: Float64Array;
  readonly levelSteps: Float64Array;
  /** ln of each past level (NaN when the level is not above the floor): taken once here for every reader. */
  readonly levelLogs: Float64Array;
  levelCount = 0;
  /** True only right after `push` computed a new level. */
  fresh = false;
  /** True when that level is on the regular cadence (every levelEvery points), not an early per-point one. */
  regular = false;
  level = NaN;
  /** ln(level), NaN when the level is not above the floor. */
  levelLog = NaN;
  levelStep = NaN;
  firstLevel = NaN;
  best = Infinity;
  /** Middle step of the best level's window, first step of that window, and its index in the level sequence. */
  bestStep = NaN;
  bestStartStep = NaN;
  bestIndex = -1;
  /** The lowest single finite value (excess) and its step. */
  rawMin = Infinity;
  rawMinStep = NaN;

  private readonly scratch: Float64Array;
  /** The newest 4 values sorted at the last median of 8, the count they ended at, and a spare block (medianOfEight). */
  private sortedBlock = new Float64Array(4);
  private spareBlock = new Float64Array(4);
  private sortedAt = -1;
  private readonly window: number;
  private readonly every: number;
  private sinceLevel = 0;
  /** levelCount mod historySize: the slot the next level goes to. */
  private levelSlot = 0;

  constructor(readonly floor: number, thresholds: DiagnoseThresholds) {
    this.window = Math.min(thresholds.levelWindow, VALUE_RING);
    this.every = thresholds.levelEvery;
    this.scratch = new Float64Array(this.window);
    this.levelValues = new Float64Array(thresholds.levelHistory);
    this.levelSteps = new Float64Array(thresholds.levelHistory);
    this.levelLogs = new Float64Array(thresholds.levelHistory);
  }

  get historySize(): number {
    return this.levelValues.length;
  }

  /** The i-th newest finite value (0 = the latest); i < min(count, VALUE_RING). */
  valueAgo(i: number): number {
    return this.values[(this.count - 1 - i) & VALUE_MASK];
  }

  /** ln of the i-th newest excess (NaN when it was not above the floor). */
  logAgo(i: number): number {
    return this.logs[(this.count - 1 - i) & VALUE_MASK];
  }

  stepAgo(i: number): number {
    return this.steps[(this.count - 1 - i) & VALUE_MASK];
  }

  /** The level computed `i` levels ago (0 = the latest); i < min(levelCount, historySize). */
  levelAgo(i: number): number {
    return this.levelValues[this.levelIndexAgo(i)];
  }

  /** ln of the level computed `i` levels ago (NaN when that level was not above the floor). */
  levelLogAgo(i: number): number {
    return this.levelLogs[this.levelIndexAgo(i)];
  }

  levelStepAgo(i: number): number {
    return this.levelSteps[this.levelIndexAgo(i)];
  }

  /** Slot of the level `i` ago: (levelCount - 1 - i) mod historySize, without an integer division (hot loops). */
  private levelIndexAgo(i: number): number {
    const k = this.levelSlot - 1 - i;
    return k >= 0 ? k : k + this.levelValues.length;
  }

  /** Feeds one point; returns whether it was finite. */
  push(step: number, value: number): boolean {
    this.fresh = false;
    if (!Number.isFinite(value)) {
      this.nonFinite++;
      return false;
    }
    const excess = value - this.floor;
    if (excess < 0 && !this.signed) this.checkSigned(excess);
    const slot = this.count & VALUE_MASK;
    this.values[slot] = excess;
    this.logs[slot] = excess > 0 ? Math.log(excess) : NaN;
    this.steps[slot] = step;
    this.count++;
    if (excess < this.rawMin) this.newRawMin(excess, step);
    // While the window fills, a level per point: a run that blows up in a handful of steps must be seen.
    this.regular = ++this.sinceLevel >= this.every;
    if (this.regular || this.count <= this.window) {
      if (this.regular) this.sinceLevel = 0;
      this.computeLevel();
    }
    return true;
  }

  // Rare branches of push() as methods: push runs for every point and stays small enough to inline.
  private checkSigned(excess: number): void {
    this.signed = excess < -1e-12 * Math.max(1, Math.abs(this.floor));
  }

  private newRawMin(excess: number, step: number): void {
    this.rawMin = excess;
    this.rawMinStep = step;
  }

  /**
   * The median of the last 8 values (the default window). The newest 4 are sorted (5 compare-exchanges) and kept;
   * when the older 4 are the block sorted at the previous level (levelEvery = 4, the default), the two middle
   * values of the 8 come from merging the two sorted blocks (4-5 comparisons), fewer unpredictable branches than
   * the 17 of median8, which serves the other cases. Both return the mean of the 4th and 5th smallest: the same.
   */
  private medianOfEight(): number {
    const v = this.values;
    const c = this.count;
    let a = v[(c - 4) & VALUE_MASK];
    let b = v[(c - 3) & VALUE_MASK];
    let d = v[(c - 2) & VALUE_MASK];
    let e = v[(c - 1) & VALUE_MASK];
    let t: number;
    if (a > b) { t = a; a = b; b = t; }
    if (d > e) { t = d; d = e; e = t; }
    if (a > d) { t = a; a = d; d = t; }
    if (b > e) { t = b; b = e; e = t; }
    if (b > d) { t = b; b = d; d = t; }
    const older = this.sortedBlock;
    const newer = this.spareBlock;
    newer[0] = a;
    newer[1] = b;
    newer[2] = d;
    newer[3] = e;
    this.sortedBlock = newer;
    this.spareBlock = older;
    const merge = this.sortedAt === c - 4;
    this.sortedAt = c;
    if (!merge) return median8(v, (c - 8) & VALUE_MASK, VALUE_MASK);
    // Three smallest of the union passed over, then the 4th and the 5th.
    let i = 0;
    let j = 0;
    if (older[i] <= newer[j]) i++; else j++;
    if (older[i] <= newer[j]) i++; else j++;
    if (older[i] <= newer[j]) i++; else j++;
    // i + j = 3 here, so both indices are in range.
    let fourth: number;
    let fifth: number;
    if (older[i] <= newer[j]) {
      fourth = older[i++];
      fifth = i < 4 && older[i] <= newer[j] ? older[i] : newer[j];
    } else {
      fourth = newer[j++];
      fifth = j < 4 && newer[j] < older[i] ? newer[j] : older[i];
    }
    return 0.5 * (fourth + fifth);
  }

  private computeLevel(): void {
    const n = Math.min(this.count, this.window);
    let level: number;
    if (n === 8) {
      level = this.medianOfEight();
    } else {
      for (let i = 0; i < n; i++) this.scratch[i] = this.valueAgo(i);
      level = medianInPlace(this.scratch, n);
    }
    const middleStep = this.stepAgo(n >> 1);
    const slot = this.levelSlot;
    this.levelSlot = slot + 1 === this.levelValues.length ? 0 : slot + 1;
    const levelLog = level > 0 ? Math.log(level) : NaN;
    this.levelValues[slot] = level;
    this.levelSteps[slot] = middleStep;
    this.levelLogs[slot] = levelLog;
    this.levelCount++;
    this.level = level;
    this.levelLog = levelLog;
    this.levelStep = middleStep;
    this.fresh = true;
    if (this.levelCount === 1) this.firstLevel = level;
    if (level < this.best) {
      this.best = level;
      this.bestStep = middleStep;
      this.bestStartStep = this.stepAgo(n - 1);
      this.bestIndex = this.levelCount - 1;
    }
  }
}
