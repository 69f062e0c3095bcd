/**
 * The whole history of a series in 64 slots: each slot the mean of a block of values, the block size doubling
 * (adjacent slots merged) whenever the slots fill. O(1) amortized per value, fixed memory, and any trailing
 * fraction of the run can be read back at a resolution of 1/32 of the run or better.
 */
export const COARSE_SLOTS = 64;

export class CoarseHistory {
  readonly means = new Float64Array(COARSE_SLOTS);
  /** Step of the last value in each slot. */
  readonly ends = new Float64Array(COARSE_SLOTS);
  /** Filled slots. */
  length = 0;
  /** Values per slot. */
  blockSize = 1;
  private sum = 0;
  private inBlock = 0;

  /** Adds a value; returns true when it completed a slot. */
  push(value: number, step: number): boolean {
    this.sum += value;
    if (++this.inBlock < this.blockSize) return false;
    this.means[this.length] = this.sum / this.inBlock;
    this.ends[this.length] = step;
    this.length++;
    this.sum = 0;
    this.inBlock = 0;
    if (this.length === COARSE_SLOTS) {
      const half = COARSE_SLOTS >> 1;
      for (let i = 0; i < half; i++) {
        this.means[i] = 0.5 * (this.means[2 * i] + this.means[2 * i + 1]);
        this.ends[i] = this.ends[2 * i + 1];
      }
      this.length = half;
      this.blockSize *= 2;
    }
    return true;
  }

  /** Index of the first slot ending at or after `step` (length when none). */
  firstEndingAtOrAfter(step: number): number {
    let i = this.length;
    while (i > 0 && this.ends[i - 1] >= step) i--;
    return i;
  }

  /** Mean of slots [from, to). */
  mean(from: number, to: number): number {
    let s = 0;
    for (let i = from; i < to; i++) s += this.means[i];
    return s / (to - from);
  }
}
