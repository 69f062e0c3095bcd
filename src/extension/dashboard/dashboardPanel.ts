/**
 * The dashboard webview panel: one at a time, created or revealed on demand and revived after a
 * window reload by the serializer. It owns its disposables, validates every message from the
 * webview, queues messages until the webview says it is ready, and lets callers wait until the
 * webview reports that a comparison (or a watched log's snapshot) has been drawn.
 */
import * as vscode from 'vscode';
import { validateWebviewMessage } from '../../core/protocol';
import type { HostMessage, WebviewMessage, WireComparison, WireFixTrial, WireLogRun, WireLogRunEntry } from '../../core/protocol';
import { dashboardHtml } from './html';
import { ComparisonCancelledError, FixTrialError, runFixTrial, type FixTrialRequest } from './fixTrials';
import { coalesce } from './messageQueue';
import { copyExport, saveExport } from './exports';
import { rerunWithSettings, SettingsRerunError } from './settingsRerun';
import { log } from '../log';

export const DASHBOARD_VIEW_TYPE = 'optimizerLens.dashboard';

/** How long to wait for the webview to confirm it drew a comparison. */
const RENDER_TIMEOUT_MS = 30_000;

/**
 * How long the host may take to answer 'showTags' with a snapshot before the dashboard says the run is no
 * longer watched (a host that does not follow the run may simply not answer; a late snapshot still shows).
 */
const TAGS_ANSWER_TIMEOUT_MS = 5_000;

export interface DashboardHost {
  /** The user clicked "Run comparison…" in the panel. */
  requestComparison(): void;
  /**
   * The user changed which tags of a watched log are charted, or a reloaded dashboard asks for the run it
   * showed: the host answers with a fresh snapshot (showLogRun). Returning false says the run is not
   * watched any more, and the dashboard says so. `smoothing`: TensorBoard's weight the snapshots' smoothed lines
   * should use from now on (absent: unchanged).
   */
  showLogTags?(runId: string, tags: string[], smoothing?: number): boolean | void;
  /** The user chose which watched runs to chart over the one in front (or a reloaded dashboard restores them). */
  overlayLogRuns?(runIds: string[]): void;
  /**
   * TensorBoard's weight for the smoothed lines of the snapshots from now on, without changing which run is in
   * front (a run the host pushed on its own is answered with this, so a late answer cannot steal the focus).
   */
  setLogSmoothing?(smoothing: number): void;
}

/** What the webview reported after drawing a log snapshot. */
export interface LogRendered {
  runId: string;
  version: number;
  lastStep: number | null;
}

interface LogRenderWaiter {
  runId: string;
  version: number;
  resolve(rendered: LogRendered | undefined): void;
}

export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private trialRunning = false;
  private rerunning = false;
  private pending: HostMessage[] = [];
  private readonly renderWaiters = new Map<number, (labels: string[]) => void>();
  private logWaiters: LogRenderWaiter[] = [];
  private lastLogRendered: LogRendered | undefined;
  /**
   * The newest snapshot handed to the webview. A webview reloaded while hidden asks for its run again; when
   * nothing changed since, the host has nothing new to send (it skips unchanged snapshots), so this answers.
   */
  private latestLogRun: WireLogRun | undefined;
  /** Runs the webview asked about ('showTags') that no snapshot has answered yet. */
  private readonly unanswered = new Map<string, ReturnType<typeof setTimeout>>();

  static get currentPanel(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  static createOrShow(extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal(undefined, false);
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Optimizer Lens', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, host);
    return DashboardPanel.current;
  }

  /** Called by the serializer after a reload: the webview restores its own view from getState(). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel {
    DashboardPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, host);
    return DashboardPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = dashboardHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Without retainContextWhenHidden VS Code discards a hidden webview's content and reloads it when the
      // panel is shown again (it then restores its view from getState and says 'ready'). A message posted in
      // between would be lost, so from the moment the panel is hidden, messages wait for that 'ready'.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  /** Shows a comparison and resolves with the run labels the webview reports as drawn. */
  showComparison(comparison: WireComparison): Promise<string[]> {
    this.panel.reveal(undefined, true);
    const drawn = new Promise<string[]>((resolve) => {
      const timer = setTimeout(() => {
        this.renderWaiters.delete(comparison.finishedAt);
        log().warn(`The dashboard did not confirm drawing the comparison within ${RENDER_TIMEOUT_MS / 1000} s.`);
        resolve([]);
      }, RENDER_TIMEOUT_MS);
      this.renderWaiters.set(comparison.finishedAt, (labels) => {
        clearTimeout(timer);
        resolve(labels);
      });
    });
    this.post({ type: 'comparison', comparison });
    return drawn;
  }

  /**
   * Shows a snapshot of a watched log (the webview brings a new run to the front; further snapshots of the
   * same run update its charts in place). Does not reveal the panel: live updates must not steal the
   * editor from the user. While the webview cannot take messages only the newest snapshot per run waits.
   */
  showLogRun(run: WireLogRun, overlay = false): void {
    this.post(overlay ? { type: 'logRun', run, overlay: true } : { type: 'logRun', run });
  }

  /** The watched runs the dashboard may overlay, and the ones overlaid now. */
  showLogRunList(runs: WireLogRunEntry[], overlay: string[]): void {
    this.post({ type: 'logRunList', runs, overlay });
  }

  /**
   * Resolves when the webview reports having drawn `version` (or a newer one) of run `runId`, or with
   * undefined after `timeoutMs` or when the panel closes. Snapshots may be coalesced, so a newer version
   * counts.
   */
  logRendered(runId: string, version: number, timeoutMs = RENDER_TIMEOUT_MS): Promise<LogRendered | undefined> {
    const last = this.lastLogRendered;
    if (last && last.runId === runId && last.version >= version) return Promise.resolve(last);
    return new Promise((resolve) => {
      const waiter: LogRenderWaiter = {
        runId,
        version,
        resolve: (rendered) => {
          clearTimeout(timer);
          this.logWaiters = this.logWaiters.filter((w) => w !== waiter);
          resolve(rendered);
        },
      };
      const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
      this.logWaiters.push(waiter);
    });
  }

  /**
   * "Try this fix" (from the webview's button or the tryFix command): tells the webview a re-run started,
   * runs the trial in the worker and shows its answer. Resolves with the trial, or undefined when it failed or
   * was cancelled (the webview then says why).
   */
  async tryFix(request: FixTrialRequest): Promise<WireFixTrial | undefined> {
    if (this.trialRunning) {
      // One re-run at a time (the buttons are disabled meanwhile; this guards the command).
      this.post({ type: 'fixTrialFailed', runIndex: request.runIndex, message: 'Another fix is being tried; wait for it to finish or cancel it.' });
      return undefined;
    }
    this.trialRunning = true;
    this.post({ type: 'fixTrialRunning', runIndex: request.runIndex, title: 'Re-running the same problem and seed with the fix…' });
    try {
      const trial = await runFixTrial(this.extensionUri, request);
      this.post({ type: 'fixTrial', trial });
      return trial;
    } catch (error) {
      const cancelled = error instanceof ComparisonCancelledError;
      const message = cancelled ? 'The re-run was cancelled.' : error instanceof Error ? error.message : String(error);
      if (!cancelled && !(error instanceof FixTrialError)) log().error(`Trying a fix failed: ${message}`);
      this.post({ type: 'fixTrialFailed', runIndex: request.runIndex, message });
      return undefined;
    } finally {
      this.trialRunning = false;
    }
  }

  /** A click on the stability map: the comparison again with one more run at those settings. */
  private async runAtSettings(request: Parameters<typeof rerunWithSettings>[1]): Promise<void> {
    if (this.rerunning) {
      this.post({ type: 'runFailed', message: 'A re-run from the stability map is already running; wait for it or cancel it.' });
      return;
    }
    this.rerunning = true;
    try {
      const comparison = await rerunWithSettings(this.extensionUri, request);
      await this.showComparison(comparison);
    } catch (error) {
      const cancelled = error instanceof ComparisonCancelledError;
      const message = cancelled ? 'The re-run was cancelled.' : error instanceof Error ? error.message : String(error);
      if (!cancelled && !(error instanceof SettingsRerunError)) log().error(`Re-running from the stability map failed: ${message}`);
      this.post({ type: 'runFailed', message });
    } finally {
      this.rerunning = false;
    }
  }

  showRunning(title: string): void {
    this.post({ type: 'running', title });
  }

  showFailure(message: string): void {
    this.post({ type: 'runFailed', message });
  }

  private post(message: HostMessage): void {
    if (message.type === 'logRun' && !message.overlay) {
      this.latestLogRun = message.run;
      this.answered(message.run.id);
    }
    if (!this.ready || !this.panel.visible) {
      this.ready = false;
      this.pending = coalesce(this.pending, message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      log().warn(`Ignored a malformed message from the dashboard: ${checked.error}`);
      return;
    }
    this.handle(checked.value);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready': {
        // A (re)loaded webview: deliver what was queued while it was loading.
        this.ready = true;
        const queued = this.pending;
        this.pending = [];
        for (const m of queued) void this.panel.webview.postMessage(m);
        break;
      }
      case 'runComparison':
        this.host.requestComparison();
        break;
      case 'rendered': {
        const waiter = this.renderWaiters.get(message.finishedAt);
        this.renderWaiters.delete(message.finishedAt);
        waiter?.(message.labels);
        break;
      }
      case 'webviewError':
        log().error(`Dashboard: ${message.message}`);
        break;
      case 'showTags':
        this.requestTags(message.runId, message.tags, message.smoothing);
        break;
      case 'overlayLogRuns':
        this.host.overlayLogRuns?.(message.runIds);
        break;
      case 'setLogSmoothing':
        this.host.setLogSmoothing?.(message.smoothing);
        break;
      case 'tryFix':
        void this.tryFix({ comparisonFinishedAt: message.comparisonFinishedAt, runIndex: message.runIndex,
          findingIndex: message.findingIndex, fixIndex: message.fixIndex });
        break;
      case 'runAtSettings':
        void this.runAtSettings(message);
        break;
      case 'saveFile':
        void saveExport(message.format, message.fileName, message.data);
        break;
      case 'copyText':
        void copyExport(message.text, message.what);
        break;
      case 'logRendered': {
        const rendered: LogRendered = { runId: message.runId, version: message.version, lastStep: message.lastStep };
        this.lastLogRendered = rendered;
        for (const waiter of [...this.logWaiters]) {
          if (waiter.runId === rendered.runId && rendered.version >= waiter.version) waiter.resolve(rendered);
        }
        break;
      }
    }
  }

  /**
   * Passes the webview's request on. A host without log support, or one that says it does not follow the
   * run, gets the webview to say so at once. When the newest snapshot already shows those tags it is sent
   * again straight away (the host may follow with a fresher one); otherwise a host that stays silent for
   * TAGS_ANSWER_TIMEOUT_MS gets the run marked as no longer watched.
   */
  private requestTags(runId: string, tags: string[], smoothing?: number): void {
    const answer = this.host.showLogTags ? this.host.showLogTags(runId, tags, smoothing) : false;
    if (answer === false) {
      this.post({ type: 'logUnwatched', runId });
      return;
    }
    const latest = this.latestLogRun;
    if (latest && latest.id === runId && latest.shownTags.length === tags.length && latest.shownTags.every((t, i) => t === tags[i])) {
      this.post({ type: 'logRun', run: latest });
      return;
    }
    this.answered(runId);
    this.unanswered.set(runId, setTimeout(() => {
      this.unanswered.delete(runId);
      this.post({ type: 'logUnwatched', runId });
    }, TAGS_ANSWER_TIMEOUT_MS));
  }

  private answered(runId: string): void {
    clearTimeout(this.unanswered.get(runId));
    this.unanswered.delete(runId);
  }

  dispose(): void {
    // panel.dispose() fires onDidDispose, which calls back here: run once.
    if (this.disposed) return;
    this.disposed = true;
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    for (const waiter of this.renderWaiters.values()) waiter([]);
    this.renderWaiters.clear();
    for (const waiter of [...this.logWaiters]) waiter.resolve(undefined);
    for (const timer of this.unanswered.values()) clearTimeout(timer);
    this.unanswered.clear();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
