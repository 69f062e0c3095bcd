/**
 * Which runs of a log chart are drawn: the run in front and the overlaid ones, minus those the user hid with
 * the legend. Pure, so it is unit-tested without a DOM.
 */
import { LOG_LIMITS, type WireLogRunEntry } from '../../core/protocol';

/** The hidden runs after a click on `runId`'s legend entry (hidden runs of runs no longer shown are dropped). */
export function toggledHidden(hidden: readonly string[], runId: string, shown: readonly string[]): string[] {
  const kept = hidden.filter((id) => id !== runId && shown.includes(id));
  return hidden.includes(runId) || !shown.includes(runId) ? kept : [...kept, runId];
}

/** The runs drawn, in legend order. */
export function visibleRuns(shown: readonly string[], hidden: readonly string[]): string[] {
  return shown.filter((id) => !hidden.includes(id));
}

/**
 * The overlay after ticking (`on`) or unticking `run` in the run list: never the front run, no duplicates,
 * at most LOG_LIMITS.overlayRuns (a tick beyond is ignored; the list disables the boxes then).
 */
export function toggledOverlay(overlay: readonly WireLogRunEntry[], run: WireLogRunEntry, on: boolean, frontId: string | null): WireLogRunEntry[] {
  const without = overlay.filter((r) => r.id !== run.id && r.id !== frontId);
  if (!on || run.id === frontId) return without;
  return without.length >= LOG_LIMITS.overlayRuns ? without : [...without, { id: run.id, label: run.label }];
}
