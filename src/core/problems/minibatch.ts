import { createRng, mixSeed } from '../random';

/**
 * Which samples the gradient of update `step` uses, decided by (seed, step) alone, like a PyTorch
 * DataLoader with shuffle=True and drop_last=True: epoch e = floor((step - 1) / batchesPerEpoch) is a
 * fresh Fisher-Yates shuffle of 0..n-1 seeded by (seed, e), cut into floor(n / batchSize) batches; the
 * n mod batchSize samples left over are skipped that epoch (different ones each epoch). A batch of the
 * whole dataset is never shuffled, so full-batch gradients sum in the same order as the full loss.
 * The shuffle is recomputed only when the epoch changes; nothing is allocated per step.
 */
export class MinibatchSampler {
  readonly batchesPerEpoch: number;
  /** The current epoch's order; the batch of the last `select` is order[offset .. offset + batchSize). */
  readonly order: Int32Array;
  private epoch = -1;
  private readonly rng = createRng(0);

  constructor(readonly n: number, readonly batchSize: number, private readonly seed: number) {
    this.batchesPerEpoch = Math.floor(n / batchSize);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
  }

  get fullBatch(): boolean {
    return this.batchSize === this.n;
  }

  /** Prepares the batch of update `step` (1-based) and returns its offset into `order`. */
  select(step: number): number {
    if (this.fullBatch) return 0;
    const k = Math.max(1, Math.floor(step)) - 1;
    const epoch = Math.floor(k / this.batchesPerEpoch);
    if (epoch !== this.epoch) this.shuffle(epoch);
    return (k - epoch * this.batchesPerEpoch) * this.batchSize;
  }

  private shuffle(epoch: number): void {
    const order = this.order;
    const n = this.n;
    for (let i = 0; i < n; i++) order[i] = i;
    this.rng.reseed(mixSeed(this.seed, epoch));
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    this.epoch = epoch;
  }
}
