/**
 * Webview entry point: restores the saved state, renders the dashboard (the comparison section and,
 * once a training log is watched, the log section behind a tab), and handles the messages of
 * src/core/protocol.ts. Every host message is validated first; invalid ones are ignored and reported
 * back to the host as 'webviewError'.
 */
import { validateHostMessage, type HostMessage, type WebviewState, type WireLogRun } from '../core/protocol';
import { Dashboard } from './dashboard';
import { h } from './dom';
import { LogView } from './log/logView';
import { currentXAxis, overlayEntries, withHiddenRuns, withOverlay, withXAxis } from './log/logRunsState';
import {
  chartUsesLog, currentFixTrial, currentSmoothing, currentView, restoreState, showsTable, withAllChartsLog, withChartLog, withComparison, withFixTrial,
  withLogRun, withShownTags, withSmoothing, withTableChart, withTagScale, withView, type DashboardView,
} from './state';
import { ViewTabs } from './tabs';
import { savesWhilePlaying, withPathPlayback } from './paths/pathState';
import { readTheme, watchTheme } from './theme';
import { connectToHost } from './vscodeApi';
import { rerunContext } from './stability/rerunContext';

const host = connectToHost();

function reportError(message: string): void {
  host.post({ type: 'webviewError', message: message.slice(0, 9000) });
}

window.addEventListener('error', (event) => reportError(`${event.message} (${event.filename}:${event.lineno})`));
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  reportError(reason instanceof Error ? `${reason.message}\n${reason.stack ?? ''}` : String(reason));
});

const restored = restoreState(host.loadState());
if (restored.rejected) reportError(`ignored saved state: ${restored.rejected}`);
let state: WebviewState = restored.state;
/** Bumped on every render so a slow, superseded render does not report "rendered". */
let renderToken = 0;

/** Bumped for every log snapshot, so only the newest one is stamped on the page and acknowledged. */
let logToken = 0;

const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const comparisonRoot = h('div', { id: 'comparison-view', class: 'view' });
const logRoot = h('section', { id: 'log-view', class: 'view' });
const tabs = new ViewTabs({ comparison: comparisonRoot, log: logRoot }, (view) => selectView(view));
app.append(tabs.element, comparisonRoot, logRoot);

const dashboard = new Dashboard(comparisonRoot, {
  runComparison: () => host.post({ type: 'runComparison' }),
  setLogScale: (on) => {
    state = withAllChartsLog(state, on);
    host.saveState(state);
    for (const box of comparisonRoot.querySelectorAll<HTMLInputElement>('input.chart-log')) box.checked = on;
    void announceWhenDrawn(dashboard.setLogScale(on));
  },
  setChartLog: (chart, on) => {
    save(withChartLog(state, chart, on));
    void dashboard.redraw();
  },
  setTable: (chart, shown) => {
    save(withTableChart(state, chart, shown));
    showState();
  },
  setSmoothing: (weight, commit) => {
    state = withSmoothing(state, weight);
    if (commit) host.saveState(state);
    // The watched log's smoothed line is computed by the host over every raw point: ask for it at this weight.
    if (commit && state.log) askSmoothing(state.log.runId, state.log.shownTags);
    void dashboard.redraw();
    void logView.setSmoothing(currentSmoothing(state));
  },
  runAtSettings: (lr, momentum, nesterov) => {
    const comparison = state.comparison;
    if (!comparison) return;
    dashboard.setStatus({ kind: 'running', title: `the comparison again with SGD at lr ${lr.toPrecision(3)}, momentum ${momentum.toPrecision(3)}` });
    // The context lets a host that no longer remembers the comparison (after a window reload) re-run it.
    const context = rerunContext(comparison);
    host.post({ type: 'runAtSettings', comparisonFinishedAt: comparison.finishedAt, lr, momentum, nesterov, ...(context ? { context } : {}) });
  },
  saveFile: (format, fileName, data) => host.post({ type: 'saveFile', format, fileName, data }),
  copyText: (text, what) => host.post({ type: 'copyText', text, what }),
  setPathPlayback: (playback, commit) => {
    state = withPathPlayback(state, playback);
    if (commit || savesWhilePlaying(state.comparison)) host.saveState(state);
  },
  reportError,
  tryFix: (runIndex, findingIndex, fixIndex) => {
    const comparison = state.comparison;
    if (!comparison) return;
    void dashboard.setFixTrial({ kind: 'running', runIndex, title: 'Asking the extension to re-run with the fix…' });
    host.post({ type: 'tryFix', comparisonFinishedAt: comparison.finishedAt, runIndex, findingIndex, fixIndex });
  },
}, () => ({
  log: (chart) => chartUsesLog(state, chart),
  table: (chart) => showsTable(state, chart),
  smoothing: currentSmoothing(state),
  paths: state.paths,
}));

const logView = new LogView(logRoot, {
  showTags: (runId, tags) => {
    save(withShownTags(state, tags));
    askSmoothing(runId, tags);
  },
  setTagScale: (tag, log) => {
    save(withTagScale(state, tag, log));
    void logView.setLinearTags(state.log?.linearTags ?? []);
  },
  saveFile: (format, fileName, data) => host.post({ type: 'saveFile', format, fileName, data }),
  copyText: (text, what) => host.post({ type: 'copyText', text, what }),
  setXAxis: (mode) => save(withXAxis(state, 'log', mode)),
  setOverlay: (overlay) => {
    save(withOverlay(state, overlay));
    host.post({ type: 'overlayLogRuns', runIds: overlay.map((r) => r.id) });
  },
  setHiddenRuns: (hidden) => save(withHiddenRuns(state, hidden)),
}, readTheme(), currentSmoothing(state));
void logView.setRuns(currentXAxis(state, 'log'), state.log?.overlay ?? [], state.log?.hiddenRuns ?? []);

function save(next: WebviewState): void {
  state = next;
  host.saveState(state);
}

function renderView(): void {
  tabs.render(currentView(state), state.log ? state.log.label : null);
}

function selectView(view: DashboardView): void {
  save(withView(state, view));
  renderView();
}

/** Shows a log snapshot; once drawn, stamps it on the section and tells the host (unless a newer one came). */
/** The smoothing weight the host was last asked for (its snapshots start at TensorBoard's default). */
let askedSmoothing: number | undefined;

/** Asks for `tags` of the run with the slider's smoothing weight (the host computes the smoothed lines). */
function askSmoothing(runId: string, tags: string[]): void {
  askedSmoothing = currentSmoothing(state);
  host.post({ type: 'showTags', runId, tags, smoothing: askedSmoothing });
}

async function showLogRun(run: WireLogRun): Promise<void> {
  // A run the host pushed on its own (a newly focused one) comes with the host's weight: tell it the slider's once.
  // (An empty tag list keeps the tags the host shows, defaults included.)
  // A weight only: this run may no longer be the host's focused one when the message arrives, so it must not
  // ask for the run (showTags focuses it).
  if (askedSmoothing !== currentSmoothing(state)) {
    askedSmoothing = currentSmoothing(state);
    host.post({ type: 'setLogSmoothing', smoothing: askedSmoothing });
  }
  const next = withLogRun(state, run);
  // Snapshots come several times a second; the saved state changes only with the run, its tags or the section.
  if (JSON.stringify(next.log) !== JSON.stringify(state.log) || next.view !== state.view) save(next);
  else state = next;
  renderView();
  const token = ++logToken;
  await logView.show(run, state.log?.linearTags ?? []);
  if (token !== logToken) return;
  logView.markDrawn(run);
  host.post({ type: 'logRendered', runId: run.id, version: run.version, lastStep: run.lastStep });
}

/**
 * Tells the host what is on screen once every chart has really drawn. There is deliberately no
 * timeout here: "rendered" is the host's (and the integration tests') proof that the charts drew,
 * so it must never be sent for charts that did not; the host applies its own timeout.
 */
async function announceWhenDrawn(drawn: Promise<void>): Promise<void> {
  const token = ++renderToken;
  await drawn;
  const comparison = state.comparison;
  if (token !== renderToken || !comparison) return;
  host.post({ type: 'rendered', labels: comparison.runs.map((run) => run.label), finishedAt: comparison.finishedAt });
}

function showState(): void {
  const trial = currentFixTrial(state);
  const drawn = dashboard.show(state.comparison, state.logScale)
    .then(() => dashboard.setFixTrial(trial ? { kind: 'done', trial } : { kind: 'none' }));
  void announceWhenDrawn(drawn);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'comparison':
      save(withComparison(state, message.comparison));
      renderView();
      dashboard.setStatus({ kind: 'idle' });
      showState();
      break;
    case 'running':
      dashboard.setStatus({ kind: 'running', title: message.title });
      break;
    case 'runFailed':
      dashboard.setStatus({ kind: 'failed', message: message.message });
      break;
    case 'logRun':
      if (message.overlay) void logView.showOverlay(message.run);
      else void showLogRun(message.run);
      break;
    case 'logRunList': {
      logView.setRunList(message.runs);
      const overlay = overlayEntries(message.overlay, message.runs, state.log?.overlay ?? []);
      if (JSON.stringify(overlay) !== JSON.stringify(state.log?.overlay ?? [])) {
        save(withOverlay(state, overlay));
        void logView.setRuns(currentXAxis(state, 'log'), state.log?.overlay ?? [], state.log?.hiddenRuns ?? []);
      }
      break;
    }
    case 'logUnwatched':
      logView.markUnwatched(message.runId);
      break;
    case 'fixTrialRunning':
      void dashboard.setFixTrial({ kind: 'running', runIndex: message.runIndex, title: message.title });
      break;
    case 'fixTrial':
      save(withFixTrial(state, message.trial));
      void dashboard.setFixTrial({ kind: 'done', trial: message.trial });
      break;
    case 'fixTrialFailed':
      void dashboard.setFixTrial({ kind: 'failed', runIndex: message.runIndex, message: message.message });
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const result = validateHostMessage(event.data);
  if (result.ok) handle(result.value);
  else reportError(`ignored invalid message from the extension: ${result.error}`);
});

watchTheme(() => {
  dashboard.applyTheme();
  void logView.setTheme(readTheme());
});
renderView();
showState();
const restoredLog = state.log;
if (restoredLog) logView.showRestored(restoredLog);
host.post({ type: 'ready' });
// The log snapshot is not saved: ask the host for a fresh one (it answers 'logUnwatched' if the run is gone).
if (restoredLog) askSmoothing(restoredLog.runId, restoredLog.shownTags);
// The runs overlaid before the reload (the host answers with its run list and their snapshots).
if (restoredLog) host.post({ type: 'overlayLogRuns', runIds: (restoredLog.overlay ?? []).map((r) => r.id) });
