/**
 * One quantile of a stream in O(1) memory and time per value: the P-square algorithm (Jain & Chlamtac, 1985),
 * five markers whose heights follow the quantile by piecewise-parabolic interpolation. Used for the gradient
 * norm's 90th percentile, the clipping threshold a fix suggests.
 */
export class StreamingQuantile {
  private readonly q = new Float64Array(5);
  private readonly n = new Float64Array(5);
  private readonly desired = new Float64Array(5);
  private readonly increment: Float64Array;
  private count = 0;

  constructor(readonly p: number) {
    this.increment = new Float64Array([0, p / 2, p, (1 + p) / 2, 1]);
  }

  get size(): number {
    return this.count;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    const q = this.q;
    const n = this.n;
    if (this.count < 5) {
      q[this.count++] = x;
      if (this.count === 5) {
        q.sort();
        for (let i = 0; i < 5; i++) {
          n[i] = i;
          this.desired[i] = 4 * this.increment[i];
        }
      }
      return;
    }
    this.count++;
    let k: number;
    if (x < q[0]) {
      q[0] = x;
      k = 0;
    } else if (x >= q[4]) {
      q[4] = Math.max(q[4], x);
      k = 3;
    } else {
      k = 0;
      while (k < 3 && x >= q[k + 1]) k++;
    }
    for (let i = k + 1; i < 5; i++) n[i]++;
    for (let i = 0; i < 5; i++) this.desired[i] += this.increment[i];
    for (let i = 1; i < 4; i++) {
      const d = this.desired[i] - n[i];
      if ((d >= 1 && n[i + 1] - n[i] > 1) || (d <= -1 && n[i - 1] - n[i] < -1)) {
        const s = d >= 0 ? 1 : -1;
        const parabolic = q[i] + (s / (n[i + 1] - n[i - 1])) * (
          (n[i] - n[i - 1] + s) * (q[i + 1] - q[i]) / (n[i + 1] - n[i]) +
          (n[i + 1] - n[i] - s) * (q[i] - q[i - 1]) / (n[i] - n[i - 1]));
        if (q[i - 1] < parabolic && parabolic < q[i + 1]) q[i] = parabolic;
        else q[i] = q[i] + (s * (q[i + s] - q[i])) / (n[i + s] - n[i]);
        n[i] += s;
      }
    }
  }

  /** The current estimate; with fewer than 5 values, the nearest-rank quantile of those seen. NaN when empty. */
  value(): number {
    if (this.count === 0) return NaN;
    if (this.count < 5) {
      const seen = Array.from(this.q.subarray(0, this.count)).sort((a, b) => a - b);
      return seen[Math.min(seen.length - 1, Math.ceil(this.p * seen.length) - 1)];
    }
    return this.q[2];
  }
}
