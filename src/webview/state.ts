/**
 * What the dashboard remembers across reloads and while hidden: the last comparison, the log-scale
 * toggle, the section in front and which watched log (and which of its tags) it showed. Saved with
 * VS Code's `setState`, restored (after validation) on load. A log snapshot itself is not saved: it
 * changes many times a second and the host re-sends it on request.
 */
import { DEFAULT_SMOOTHING_WEIGHT, smoothingWeight } from '../core/chart/smoothing';
import {
  type ComparisonChartId, PROTOCOL_VERSION, validateWebviewState, type WebviewLogState, type WebviewState, type WireComparison, type WireFixTrial, type WireLogRun,
} from '../core/protocol';

export type DashboardView = NonNullable<WebviewState['view']>;

export function initialState(): WebviewState {
  return { version: PROTOCOL_VERSION, comparison: null, logScale: true };
}

/** The saved state if it is valid, else the initial state and the reason it was rejected. */
export function restoreState(saved: unknown): { state: WebviewState; rejected: string | null } {
  if (saved === undefined || saved === null) return { state: initialState(), rejected: null };
  const result = validateWebviewState(saved);
  return result.ok ? { state: result.value, rejected: null } : { state: initialState(), rejected: result.error };
}

/** A new comparison comes to the front; the fix trial of the previous one goes. */
export function withComparison(state: WebviewState, comparison: WireComparison): WebviewState {
  return { ...state, comparison, view: 'comparison', fixTrial: null };
}

/** Keeps the answer to "Try this fix" when it belongs to the comparison shown (a late answer to an older one is dropped). */
export function withFixTrial(state: WebviewState, trial: WireFixTrial): WebviewState {
  return state.comparison && state.comparison.finishedAt === trial.comparisonFinishedAt ? { ...state, fixTrial: trial } : state;
}

/** The saved fix trial if it belongs to the comparison shown. */
export function currentFixTrial(state: WebviewState): WireFixTrial | null {
  const trial = state.fixTrial;
  return trial && state.comparison && trial.comparisonFinishedAt === state.comparison.finishedAt ? trial : null;
}

export function withLogScale(state: WebviewState, logScale: boolean): WebviewState {
  return { ...state, logScale };
}

export function withView(state: WebviewState, view: DashboardView): WebviewState {
  return { ...state, view };
}

/** The section to show: the saved one, else whichever has content (the comparison when both or neither). */
export function currentView(state: WebviewState): DashboardView {
  if (state.view === 'log' && state.log) return 'log';
  if (state.view === 'comparison') return 'comparison';
  return !state.comparison && state.log ? 'log' : 'comparison';
}

/**
 * Remembers a snapshot's run and tags. A different run comes to the front (the host focused it); another
 * snapshot of the same run leaves the section alone, so live updates never pull the user away from the
 * comparison. Scale choices are kept for the same run only.
 */
export function withLogRun(state: WebviewState, run: WireLogRun): WebviewState {
  const sameRun = state.log?.runId === run.id;
  const linearTags = sameRun ? state.log?.linearTags ?? [] : [];
  const log: WebviewLogState = { runId: run.id, label: run.label, path: run.path, shownTags: [...run.shownTags], linearTags, ...keptOverlay(state.log, run.id) };
  return { ...state, log, view: sameRun ? currentView(state) : 'log' };
}

/** The tags the user asked for (the host confirms with a snapshot). */
export function withShownTags(state: WebviewState, tags: string[]): WebviewState {
  return state.log ? { ...state, log: { ...state.log, shownTags: [...tags] } } : state;
}

/** Switches a loss-like tag between the default log scale and linear. */
export function withTagScale(state: WebviewState, tag: string, log: boolean): WebviewState {
  if (!state.log) return state;
  const others = state.log.linearTags.filter((t) => t !== tag);
  return { ...state, log: { ...state.log, linearTags: log ? others : [...others, tag] } };
}

/** The smoothing weight shown (TensorBoard's default until the user moves the slider). */
export function currentSmoothing(state: WebviewState): number {
  return state.smoothing ?? DEFAULT_SMOOTHING_WEIGHT;
}

export function withSmoothing(state: WebviewState, weight: number): WebviewState {
  return { ...state, smoothing: smoothingWeight(weight) };
}

/** The header's "Log scale" applies to every comparison chart: the per-chart choices go. */
export function withAllChartsLog(state: WebviewState, logScale: boolean): WebviewState {
  return { ...state, logScale, chartLog: {} };
}

/** One comparison chart's scale, apart from the others. */
export function withChartLog(state: WebviewState, chart: ComparisonChartId, log: boolean): WebviewState {
  return { ...state, chartLog: { ...state.chartLog, [chart]: log } };
}

/** Whether a comparison chart is on a log scale: the user's choice for it, else the header's (lr: linear). */
export function chartUsesLog(state: WebviewState, chart: ComparisonChartId): boolean {
  const own = state.chartLog?.[chart];
  if (own !== undefined) return own;
  return chart === 'lr' ? false : state.logScale;
}

export function withTableChart(state: WebviewState, chart: string, table: boolean): WebviewState {
  const others = (state.tableCharts ?? []).filter((id) => id !== chart);
  return { ...state, tableCharts: table ? [...others, chart] : others };
}

export function showsTable(state: WebviewState, chart: string): boolean {
  return (state.tableCharts ?? []).includes(chart);
}

/** The overlaid and hidden runs survive snapshots and a change of the run in front (which leaves the overlay). */
function keptOverlay(log: WebviewLogState | null | undefined, frontId: string): Pick<WebviewLogState, 'overlay' | 'hiddenRuns'> {
  const overlay = log?.overlay?.filter((r) => r.id !== frontId);
  return { ...(overlay?.length ? { overlay } : {}), ...(log?.hiddenRuns?.length ? { hiddenRuns: [...log.hiddenRuns] } : {}) };
}
