/**
 * The saved-state side of the log view's run choices: the runs overlaid on the one in front, those hidden
 * with the legend, and each view's x-axis mode. Pure transitions of the WebviewState (src/webview/state.ts
 * holds the others).
 */
import type { WebviewState, WireLogRunEntry, XAxisMode } from '../../core/protocol';

type View = 'comparison' | 'log';

/** The view's x-axis (by step until the user picks another). */
export function currentXAxis(state: WebviewState, view: View): XAxisMode {
  return state.xAxis?.[view] ?? 'step';
}

export function withXAxis(state: WebviewState, view: View, mode: XAxisMode): WebviewState {
  return { ...state, xAxis: { ...state.xAxis, [view]: mode } };
}

export function withOverlay(state: WebviewState, overlay: readonly WireLogRunEntry[]): WebviewState {
  if (!state.log) return state;
  const kept = overlay.filter((r) => r.id !== state.log?.runId).map((r) => ({ id: r.id, label: r.label }));
  const { overlay: _old, ...log } = state.log;
  return { ...state, log: kept.length ? { ...log, overlay: kept } : log };
}

export function withHiddenRuns(state: WebviewState, hidden: readonly string[]): WebviewState {
  if (!state.log) return state;
  const { hiddenRuns: _old, ...log } = state.log;
  return { ...state, log: hidden.length ? { ...log, hiddenRuns: [...hidden] } : log };
}

/**
 * The overlay the host reports (ids), as entries: labels from the host's run list, else from the saved
 * overlay (a run the host no longer lists keeps its name), else the id.
 */
export function overlayEntries(ids: readonly string[], runs: readonly WireLogRunEntry[], saved: readonly WireLogRunEntry[]): WireLogRunEntry[] {
  return ids.map((id) => ({ id, label: runs.find((r) => r.id === id)?.label ?? saved.find((r) => r.id === id)?.label ?? id }));
}
