import { ConsoleReader, type ConsoleLine } from './consoleReader';
import { KeyValueScanner } from './keyValueScanner';
import type { ScalarSink } from './types';

/** Keys that count training steps, in order of preference when a line has several. */
const STEP_KEYS = ['step', 'global_step', 'iter', 'iteration', 'it', 'batch'];
const EPOCH_KEY = 'epoch';
/** A tqdm bar (`45%|████▌ | 450/1000 [00:10<00:12, 45.0it/s, loss=0.4]`): a refreshing display, not a log line. */
const TQDM_BAR = /\|\s*\d+(?:\/\d+)?\s*\[[\d:]+(?:<[\d:?]+)?/;

/**
 * Print-style training logs (`step 120 loss=0.43 lr=1e-3`, `Step 120/1000 | loss: 0.43`, `[epoch 3][iter 120]
 * loss 0.43`, `Epoch [1/5], Step [100/600], Loss: 0.22`, the Hugging Face Trainer's printed dicts
 * `{'loss': 0.43, 'learning_rate': 5e-05, 'epoch': 0.5}`). Conservative, because stdout is mostly prose:
 * a line gives points only when it has a step — the first of step/global_step/iter/iteration/it/batch, else
 * `epoch`, else (a printed dict) the dict's position among the dicts — and at least one metric. Metrics are
 * `name=number` / `name: number` pairs; bare `name number` pairs count only on lines without stray words
 * (so `step 12 took 3.2 s` gives nothing). Counters (`100/600`) and quantities with units (`0.2s`) are not
 * metrics; an epoch that is not the step is the tag `epoch`. tqdm bars are skipped.
 *
 * A step counted per epoch (`Epoch [2/5], Step [100/600]`) is continued across epochs: when the epoch grows
 * and the step falls back, later steps are offset by the epoch's length (the printed total, else the last
 * step + 1). A step falling back without a new epoch is reported as a restart (points kept; the store purges).
 */
export class TextLogReader extends ConsoleReader {
  readonly format = 'text' as const;
  private readonly scanner = new KeyValueScanner();
  private dictIndex = 0;
  private offset = 0;
  private lastStep: number | undefined;
  private lastRawStep = 0;
  private lastEpoch: number | undefined;

  protected readSegment(segment: ConsoleLine, sink: ScalarSink): void {
    if (TQDM_BAR.test(segment.text)) return;
    const s = this.scanner;
    s.scan(segment.text);
    if (s.count === 0) return;
    let stepIndex = this.findKey(STEP_KEYS);
    const epochIndex = this.findKey([EPOCH_KEY]);
    if (stepIndex < 0 && !s.isDict) stepIndex = epochIndex;
    if (stepIndex < 0 && !s.isDict) return;
    let metrics = 0;
    for (let i = 0; i < s.count; i++) if (this.isMetric(i, stepIndex)) metrics++;
    if (metrics === 0) return;

    const step = stepIndex >= 0 ? this.continuedStep(segment, stepIndex, epochIndex) : this.dictIndex++;
    for (let i = 0; i < s.count; i++) {
      if (this.isMetric(i, stepIndex)) sink.add(s.keys[i], step, null, s.values[i]);
    }
  }

  /** The first pair whose key (case-insensitive) is one of `keys`, in the order of `keys`, with a finite value. */
  private findKey(keys: readonly string[]): number {
    const s = this.scanner;
    for (const key of keys) {
      for (let i = 0; i < s.count; i++) {
        if (s.keys[i].toLowerCase() === key && Number.isFinite(s.values[i])) return i;
      }
    }
    return -1;
  }

  private isMetric(i: number, stepIndex: number): boolean {
    const s = this.scanner;
    if (i === stepIndex || !Number.isNaN(s.totals[i])) return false;
    return s.explicit[i] || s.isDict || s.strayWords === 0;
  }

  private continuedStep(segment: ConsoleLine, stepIndex: number, epochIndex: number): number {
    const s = this.scanner;
    const raw = s.values[stepIndex];
    const epoch = epochIndex >= 0 && epochIndex !== stepIndex ? s.values[epochIndex] : undefined;
    let step = raw + this.offset;
    if (this.lastStep !== undefined && step < this.lastStep) {
      if (epoch !== undefined && this.lastEpoch !== undefined && epoch > this.lastEpoch) {
        const total = s.totals[stepIndex];
        this.offset += Number.isNaN(total) ? this.lastRawStep + 1 : total;
        step = raw + this.offset;
      } else {
        this.warn(segment, `restart at line ${segment.line}: step ${raw} after ${this.lastStep}`);
        this.offset = 0;
        step = raw;
      }
    }
    this.lastStep = step;
    this.lastRawStep = raw;
    if (epoch !== undefined) this.lastEpoch = epoch;
    return step;
  }
}
