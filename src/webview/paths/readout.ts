/**
 * What the path animation says about the current step, per run: its row (a diverged run stops at its
 * last one) and loss there. The same words go to the visible readout and, throttled, to the live region.
 */
import { formatExponential, formatSteps } from '../format';
import { rowAt } from './playback';

export interface ReadoutRun {
  label: string;
  stepsRun: number;
  loss: readonly (number | null)[];
  diverged: boolean;
}

export interface ReadoutLine {
  label: string;
  row: number;
  /** The loss at the row, formatted ("—" where not finite). */
  loss: string;
  /** True once the run has stopped (it diverged before the shown step). */
  stopped: boolean;
}

export function readoutLines(runs: readonly ReadoutRun[], step: number): ReadoutLine[] {
  return runs.map((run) => {
    const row = rowAt(step, run.stepsRun);
    return { label: run.label, row, loss: formatExponential(run.loss[row]), stopped: run.diverged && step > run.stepsRun };
  });
}

/** "Step 12 of 500", the slider's value text. */
export function stepText(step: number, lastStep: number): string {
  return `Step ${formatSteps(step)} of ${formatSteps(lastStep)}`;
}

/** One sentence for screen readers: the step, then each run's loss (and where a run stopped). */
export function announcement(runs: readonly ReadoutRun[], step: number, lastStep: number, playing: boolean): string {
  const lines = readoutLines(runs, step).map((line) =>
    line.stopped ? `${line.label} diverged at step ${formatSteps(line.row)}` : `${line.label} loss ${line.loss}`);
  return `${stepText(step, lastStep)}${playing ? ', playing' : ''}. ${lines.join('; ')}.`;
}
