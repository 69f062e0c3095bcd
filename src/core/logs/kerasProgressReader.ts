import { ConsoleReader, type ConsoleLine } from './consoleReader';
import { parseLoggedNumber } from './numbers';
import type { ScalarSink } from './types';

export const KERAS_EPOCH_LINE = /^\s*Epoch (\d+)\/(\d+)\s*$/;
/**
 * The start of a progress update: `current/target` then a bar (Keras 2 `[====>...]`, Keras 3 `━━━`), a
 * dash (verbose=2: `422/422 - 47s - loss: ...`) or a time (Keras 3 with an unknown target: `422/Unknown 47s`).
 */
const PROGRESS_START = /^\s*(\d+)\/(\d+|Unknown)\s+(?:\[[=>.]*\]|[━─]+|-\s|\d)/;
/** `name: value` between the ` - ` separators of an update; `ETA: 1:23` and timings are not metrics. */
const METRIC = /^\s*([^\s:][^:]*?):\s*(\S+)\s*$/;

/** Whether a segment of console text is a Keras progress update with at least one metric (final or not). */
export function isKerasUpdate(segment: string): boolean {
  const progress = PROGRESS_START.exec(segment);
  return progress !== null && segment.slice(progress[0].length).split(' - ').some((part) => METRIC.test(part) && !/^\s*ETA:/.test(part));
}

/**
 * Keras 1/2/3 progress output captured from stdout. `Epoch N/M` starts an epoch; the step of its points is
 * N as printed (1-based). Only an update with current == target (`422/422`) is a point: the intermediate
 * updates are running means of a partial epoch, not per-batch values, and are skipped. Keras prints
 * current == target twice per epoch (after the last batch, then at the epoch end with the `val_*` metrics),
 * so within an epoch the first value of a tag wins and later updates only add tags not yet seen.
 * Progress updates before any `Epoch` line (a bare `evaluate`/`predict`) have no step and are skipped. Other
 * lines are ignored silently; a metric in a final update that is not a number is a warning. An epoch number
 * going backwards (a second `fit` in the same log) is reported as a restart.
 */
export class KerasProgressReader extends ConsoleReader {
  readonly format = 'keras-progress' as const;
  private epoch: number | undefined;
  private readonly seenInEpoch = new Set<string>();

  protected readSegment(segment: ConsoleLine, sink: ScalarSink): void {
    const epochMatch = KERAS_EPOCH_LINE.exec(segment.text);
    if (epochMatch) {
      const epoch = Number(epochMatch[1]);
      if (!Number.isFinite(epoch)) {
        // A number of 309 digits is no epoch: the updates that follow have no step.
        this.epoch = undefined;
        return;
      }
      if (this.epoch !== undefined && epoch < this.epoch) {
        this.warn(segment, `restart at line ${segment.line}: epoch ${epoch} after ${this.epoch}`);
      }
      this.epoch = epoch;
      this.seenInEpoch.clear();
      return;
    }
    const progress = PROGRESS_START.exec(segment.text);
    if (!progress || progress[1] !== progress[2] || this.epoch === undefined) return;
    const parts = segment.text.slice(progress[0].length).split(' - ');
    for (const part of parts) {
      const metric = METRIC.exec(part);
      if (!metric || metric[1] === 'ETA') continue;
      const tag = metric[1];
      const value = parseLoggedNumber(metric[2]);
      if (value === undefined) {
        this.warn(segment, `line ${segment.line}: the value of "${tag.slice(0, 40)}" ("${metric[2].slice(0, 40)}") is not a number`);
        continue;
      }
      if (this.seenInEpoch.has(tag)) continue;
      this.seenInEpoch.add(tag);
      sink.add(tag, this.epoch, null, value);
    }
  }
}
