/**
 * Everything of the training-log side, created and registered in one place: the log worker, the followed
 * runs, the Training Runs view, the status bar item, the dashboard sync and their commands. All of it goes
 * into context.subscriptions; a configuration change re-applies the settings in one call.
 */
import * as vscode from 'vscode';
import type { DashboardHost } from '../dashboard/dashboardPanel';
import { log } from '../log';
import { DIAGNOSIS_SETTINGS } from '../settings';
import { dashboardLogRendered, revealDashboard } from './dashboardBridge';
import { DashboardSync } from './dashboardSync';
import { DIAGNOSE_LOG_COMMAND, diagnoseLogCommand } from './diagnoseLogCommand';
import { showFixes } from './findingFixes';
import { FindingNotifier } from './findingNotifier';
import { LogRuns } from './logRuns';
import { LOGS_STATE_COMMAND, logsState } from './logsState';
import { LogWorkerClient } from './logWorkerClient';
import { RunStatusBar } from './runStatusBar';
import { findingOfNode, FOCUS_RUN_COMMAND, RunsTreeProvider, SHOW_FIXES_COMMAND, TRAINING_RUNS_VIEW } from './runsTreeView';
import type { RunsTreeNode } from './runsTreeView';
import { WATCH_LOG_COMMAND, watchLogCommand } from './watchLogCommand';

export const REFRESH_RUNS_COMMAND = 'optimizerLens.logs.refresh';
export const OPEN_RUN_IN_DASHBOARD_COMMAND = 'optimizerLens.logs.openInDashboard';
export const STOP_WATCHING_COMMAND = 'optimizerLens.logs.stopWatching';
/** Overlays a run on the dashboard's log charts (Training Runs context menu). */
export const ADD_RUN_TO_CHART_COMMAND = 'optimizerLens.logs.addToChart';
/** Internal (tests): resolves when the dashboard drew a version of a run. */
export const DASHBOARD_RENDERED_COMMAND = 'optimizerLens.logs.dashboardRendered';

export interface TrainingRuns {
  /**
   * For the dashboard host: the user picked which tags of a run to chart, or a reloaded dashboard asks for
   * the run it showed. False when the run is no longer followed.
   */
  showLogTags(runId: string, tags: string[], smoothing?: number): boolean | undefined;
  /** The dashboard chose the runs overlaid on the one in front (after a reload: those it showed). */
  overlayLogRuns(runIds: string[]): void;
  /** The dashboard's smoothing weight changed (or it answers a run pushed with another): the focus stays. */
  setLogSmoothing(smoothing: number): void;
}

/** The run's folder or file from its id (`scheme://authority/path`, see groupIntoRuns), or undefined. */
export function runRootUri(runId: string): vscode.Uri | undefined {
  const at = runId.indexOf('://');
  if (at <= 0) return undefined;
  const rest = runId.slice(at + 3);
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  return vscode.Uri.from({ scheme: runId.slice(0, at), authority: rest.slice(0, slash), path: rest.slice(slash) });
}

export function registerTrainingRuns(context: vscode.ExtensionContext, host: DashboardHost): TrainingRuns {
  const worker = new LogWorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath, (message) => {
    log().error(message);
    runs.workerRestarted();
  });
  const runs = new LogRuns(worker);
  const tree = new RunsTreeProvider(runs);
  const view = vscode.window.createTreeView(TRAINING_RUNS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new RunStatusBar(runs, OPEN_RUN_IN_DASHBOARD_COMMAND);
  const sync = new DashboardSync(runs, worker);

  /** The node of a view item, a run id (status bar, tests) or nothing (the focused run). */
  const runIdOf = (arg: unknown): string | undefined => {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object' && 'runId' in arg && typeof arg.runId === 'string') return arg.runId;
    return runs.focusedRun?.id;
  };
  const openInDashboard = async (runId: string) => {
    runs.focus(runId);
    revealDashboard(context.extensionUri, host);
    await sync.push(true);
  };
  const notifier = new FindingNotifier(runs, openInDashboard);

  context.subscriptions.push(
    { dispose: () => worker.dispose() },
    runs,
    tree,
    view,
    statusBar,
    sync,
    notifier,
    view.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node) runs.focus(node.runId);
    }),
    // A run focused from elsewhere (watched, opened from the status bar) is shown selected in the tree.
    runs.onDidChangeFocus((run) => {
      if (run && view.visible) void Promise.resolve(view.reveal(tree.runNode(run.id), { select: true, focus: false })).catch(() => undefined);
    }),
    vscode.commands.registerCommand(WATCH_LOG_COMMAND, (arg?: unknown) => watchLogCommand(runs, openInDashboard, arg)),
    vscode.commands.registerCommand(DIAGNOSE_LOG_COMMAND, (arg?: unknown) => diagnoseLogCommand(runs, openInDashboard, arg)),
    vscode.commands.registerCommand(SHOW_FIXES_COMMAND, async (node?: RunsTreeNode) => {
      const finding = node ? findingOfNode(runs, node) : undefined;
      if (!node || !finding) return undefined;
      runs.focus(node.runId);
      return showFixes(finding, runs.get(node.runId)?.label ?? '');
    }),
    vscode.commands.registerCommand(REFRESH_RUNS_COMMAND, () => runs.refresh()),
    vscode.commands.registerCommand(OPEN_RUN_IN_DASHBOARD_COMMAND, async (arg?: unknown) => {
      const id = runIdOf(arg);
      if (id && runs.get(id)) await openInDashboard(id);
      else revealDashboard(context.extensionUri, host);
    }),
    vscode.commands.registerCommand(ADD_RUN_TO_CHART_COMMAND, async (arg?: unknown) => {
      const id = runIdOf(arg);
      if (!id || !runs.get(id)) return;
      // Without a run in front, the run simply comes to the front.
      if (!runs.focusedRun || runs.focusedRun.id === id) {
        await openInDashboard(id);
        return;
      }
      revealDashboard(context.extensionUri, host);
      sync.addToOverlay(id);
      await sync.push(true);
    }),
    vscode.commands.registerCommand(STOP_WATCHING_COMMAND, (arg?: unknown) => {
      const id = runIdOf(arg);
      if (id) runs.stopWatching(id);
    }),
    vscode.commands.registerCommand(FOCUS_RUN_COMMAND, (arg?: unknown) => {
      const id = runIdOf(arg);
      if (id) runs.focus(id);
    }),
    vscode.commands.registerCommand(LOGS_STATE_COMMAND, () => logsState(runs, statusBar, sync, notifier, tree)),
    vscode.commands.registerCommand(DASHBOARD_RENDERED_COMMAND, (runId: string, version: number, timeoutMs = 15_000) => dashboardLogRendered(runId, version, timeoutMs)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('optimizerLens.logs')) runs.applySettings();
      if (DIAGNOSIS_SETTINGS.some((name) => e.affectsConfiguration(name))) runs.applyDiagnosisSettings();
    }),
  );
  const rewatch = async (runId: string, tags: string[]) => {
    const root = runRootUri(runId);
    if (!root) return;
    try {
      await runs.watch(root);
    } catch {
      return;
    }
    const run = runs.get(runId);
    if (!run) return;
    if (tags.length) run.shownTags = [...tags];
    runs.focus(runId);
    await sync.push(true);
  };

  return {
    overlayLogRuns(runIds) {
      sync.setOverlay(runIds);
      // A dashboard restored after a window reload names runs this window may not follow yet: follow them again.
      for (const id of runIds) {
        const root = runs.get(id) ? undefined : runRootUri(id);
        if (root) void runs.watch(root).then(() => sync.push(true), () => undefined);
      }
    },
    setLogSmoothing(smoothing) {
      if (smoothing === sync.smoothing) return;
      sync.smoothing = smoothing;
      void sync.push(true);
    },
    showLogTags(runId, tags, smoothing) {
      if (smoothing !== undefined) sync.smoothing = smoothing;
      const run = runs.get(runId);
      if (!run) {
        // A dashboard restored after a window reload asks for the run it showed: follow it again if it is
        // still there (no answer at all lets the dashboard say "no longer watched" after its timeout).
        void rewatch(runId, tags);
        return undefined;
      }
      if (!run.watching) return false;
      // An empty list from a reloaded dashboard means "what you showed by default".
      run.shownTags = tags.length ? [...tags] : run.shownTags;
      // The dashboard shows this run now: it becomes the focused one (status bar included).
      runs.focus(runId);
      void sync.push(true);
      return true;
    },
  };
}
