/**
 * The followed runs of this window: discovered in the workspace (auto-discovery, re-run when matching files
 * appear) or picked with "Watch Training Log...". Owns the followers, the polling timer, the creation watchers
 * and which run is focused; the tree view, the status bar and the dashboard bridge listen to its events.
 */
import * as vscode from 'vscode';
import { readDiagnoseSettings, readLogSettings } from '../settings';
import type { LogSettings } from '../settings';
import { log } from '../log';
import { detectFile, discoverRunsAt, discoverWorkspaceRuns, groupIntoRuns } from './logDiscovery';
import type { DiscoveredRun } from './logDiscovery';
import type { LogWorkerClient } from './logWorkerClient';
import type { DiagnosisSettings } from './logWorkerProtocol';
import { RunFollower } from './runFollower';

/** How often the polling fallback also lists folder runs for files no watcher event announced. */
const RESCAN_INTERVAL_MS = 5000;
/** Files created in a burst (a framework creating its log folder) trigger one discovery. */
const REDISCOVER_DEBOUNCE_MS = 500;

export class LogRuns implements vscode.Disposable {
  private readonly followers = new Map<string, RunFollower>();
  private settings: LogSettings = readLogSettings();
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private creationWatchers: vscode.Disposable[] = [];
  private rediscoverTimer: ReturnType<typeof setTimeout> | undefined;
  private discovery: Promise<void> | undefined;
  private discoveryCancel: vscode.CancellationTokenSource | undefined;
  private focused: string | undefined;
  private disposed = false;
  private started = false;
  /** Fires for a run whose summary or state changed (undefined: the list of runs changed). */
  private readonly changed = new vscode.EventEmitter<RunFollower | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly focusChanged = new vscode.EventEmitter<RunFollower | undefined>();
  readonly onDidChangeFocus = this.focusChanged.event;
  /** Discoveries completed (for tests and the state command). */
  discoveries = 0;

  constructor(private readonly worker: LogWorkerClient) {}

  get runs(): RunFollower[] {
    return [...this.followers.values()];
  }

  get(id: string): RunFollower | undefined {
    return this.followers.get(id);
  }

  get focusedRun(): RunFollower | undefined {
    return this.focused === undefined ? undefined : this.followers.get(this.focused);
  }

  focus(id: string | undefined): void {
    if (id !== undefined && !this.followers.has(id)) return;
    if (this.focused === id) return;
    this.focused = id;
    this.focusChanged.fire(this.focusedRun);
  }

  /**
   * Starts discovery, polling and the creation watchers the first time something needs runs (the view opens,
   * a run is watched), not at activation: a command of the comparison side must not start searching files.
   */
  ensureStarted(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.applySettings();
  }

  /** (Re)applies the settings: polling, creation watchers, discovery. Called at start and on every change. */
  applySettings(): void {
    if (!this.started || this.disposed) return;
    this.settings = readLogSettings();
    // A search under the old globs is moot: the discovery below replaces it.
    this.discoveryCancel?.cancel();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    if (this.settings.pollIntervalMs > 0) {
      let polls = 0;
      const rescanEvery = Math.max(1, Math.round(RESCAN_INTERVAL_MS / this.settings.pollIntervalMs));
      this.pollTimer = setInterval(() => {
        const rescan = ++polls % rescanEvery === 0;
        for (const follower of this.followers.values()) {
          void follower.poke();
          if (rescan) void follower.rescan().catch(() => undefined);
        }
      }, this.settings.pollIntervalMs);
    }
    for (const w of this.creationWatchers) w.dispose();
    this.creationWatchers = [];
    if (this.settings.autoDiscover) {
      for (const include of this.settings.include) {
        const watcher = vscode.workspace.createFileSystemWatcher(include, false, true, true);
        watcher.onDidCreate(() => this.scheduleRediscovery());
        this.creationWatchers.push(watcher);
      }
      void this.discover();
    }
  }

  private scheduleRediscovery(): void {
    if (this.rediscoverTimer) clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => {
      this.rediscoverTimer = undefined;
      void this.discover();
    }, REDISCOVER_DEBOUNCE_MS);
  }

  /** Finds the workspace's runs and follows the new ones (and new files of known ones). */
  discover(): Promise<void> {
    if (this.discovery) return this.discovery.then(() => this.discover());
    this.discovery = (async () => {
      try {
        const cancel = new vscode.CancellationTokenSource();
        this.discoveryCancel = cancel;
        let runs: DiscoveredRun[];
        try {
          runs = await discoverWorkspaceRuns(this.settings, cancel.token);
          // A cancelled search found only part of the runs: forgetting the others would be wrong.
          if (this.disposed || cancel.token.isCancellationRequested) return;
        } finally {
          cancel.dispose();
          if (this.discoveryCancel === cancel) this.discoveryCancel = undefined;
        }
        this.forgetUndiscovered(new Set(runs.map((r) => r.id)));
        await Promise.all(runs.map((run) => this.follow(run)));
        this.discoveries++;
        this.changed.fire(undefined);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A search cancelled by a settings change is not a failure.
        if (message !== 'Canceled') log().error(`Training-run discovery failed: ${message}`);
      } finally {
        this.discovery = undefined;
      }
    })();
    return this.discovery;
  }

  /**
   * Follows the runs in a file or folder the user picked; resolves once their current content is read.
   * Cancelling `token` stops the search and stops following what it found (the runs stay listed, stopped).
   */
  async watch(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<{ runs: RunFollower[]; examined: number }> {
    this.ensureStarted();
    const { runs, examined } = await discoverRunsAt(uri, this.settings, token);
    const followers = await Promise.all(runs.map((run) => this.follow(run, true, token)));
    await Promise.all(followers.map((f) => f.idle()));
    this.changed.fire(undefined);
    return { runs: followers, examined };
  }

  /**
   * Runs found by an earlier discovery that this one did not find (the settings changed, the folder was
   * deleted) are no longer followed. Runs the user picked with "Watch Training Log..." stay.
   */
  private forgetUndiscovered(found: Set<string>): void {
    let removed = false;
    for (const [id, follower] of this.followers) {
      if (follower.pickedByUser || found.has(id)) continue;
      follower.dispose();
      this.followers.delete(id);
      if (this.focused === id) this.focus(undefined);
      removed = true;
    }
    if (removed) this.changed.fire(undefined);
  }

  private async follow(run: DiscoveredRun, pickedByUser = false, token?: vscode.CancellationToken): Promise<RunFollower> {
    const existing = this.followers.get(run.id);
    if (existing && pickedByUser) existing.pickedByUser = true;
    if (existing && (existing.watching || !pickedByUser)) {
      await existing.addFiles(run.files.filter((f) => !existing.fileUris.some((u) => u.toString() === f.uri.toString())));
      return existing;
    }
    existing?.dispose();
    const follower = new RunFollower(run, this.worker, {
      changed: (f) => this.changed.fire(f),
      error: (f, message) => log().error(`Reading ${f.label}: ${message}`),
      created: (f, uri) => this.fileCreatedIn(f, uri).catch(() => true),
      diagnosis: () => this.diagnosisSettings(),
    });
    follower.pickedByUser = pickedByUser;
    this.followers.set(run.id, follower);
    this.changed.fire(undefined);
    const cancelled = token?.onCancellationRequested(() => follower.stop());
    try {
      if (token?.isCancellationRequested) follower.stop();
      await follower.start(run.isFolder);
    } finally {
      cancelled?.dispose();
    }
    return follower;
  }

  private diagnosisSettings(): DiagnosisSettings {
    const { enabled, thresholds } = readDiagnoseSettings();
    return { enabled, thresholds };
  }

  /** The diagnosis settings changed: every run's diagnosis is rebuilt from what the worker holds. */
  applyDiagnosisSettings(): void {
    const diagnosis = this.diagnosisSettings();
    for (const follower of this.followers.values()) {
      void follower.configureDiagnosis(diagnosis).catch((error) => log().warn(`Diagnosing ${follower.label}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /**
   * A file appeared in a followed folder (also outside the include globs, for a folder the user picked): it
   * joins the run when grouping it with the run's files puts it there (a new event file in a TensorBoard
   * directory, a new MLflow metric), not when it starts a run of its own (a new `version_1` folder).
   */
  private async fileCreatedIn(follower: RunFollower, uri: vscode.Uri): Promise<boolean> {
    const format = await detectFile(uri);
    if (!format) {
      const size = await Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s.size, () => 0);
      return size === 0;
    }
    if (!follower.watching) return true;
    const regrouped = groupIntoRuns([...follower.detectedFiles, { uri, format }]);
    const mine = regrouped.find((run) => run.id === follower.id)?.files.find((f) => f.uri.toString() === uri.toString());
    if (mine) {
      await follower.addFiles([mine]);
      return true;
    }
    // A log of another run (a sub-folder with its own event files): discovery's business, once.
    if (this.settings.autoDiscover) this.scheduleRediscovery();
    return false;
  }

  /** The worker restarted after a crash: every followed run is read again from the start. */
  workerRestarted(): void {
    for (const follower of this.followers.values()) {
      if (follower.watching) void follower.reopen('The log worker restarted: read again from the start');
    }
  }

  /** Stops reading a run's files; it stays in the list (marked) until the next refresh. */
  stopWatching(id: string): void {
    this.followers.get(id)?.stop();
    this.changed.fire(undefined);
  }

  /** Forgets stopped runs and discovers again. */
  async refresh(): Promise<void> {
    this.ensureStarted();
    for (const [id, follower] of this.followers) {
      if (!follower.watching) {
        follower.dispose();
        this.followers.delete(id);
        if (this.focused === id) this.focus(undefined);
      }
    }
    this.changed.fire(undefined);
    await this.discover();
    await Promise.all(this.runs.map((f) => f.poke()));
  }

  dispose(): void {
    this.disposed = true;
    this.discoveryCancel?.cancel();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.rediscoverTimer) clearTimeout(this.rediscoverTimer);
    for (const w of this.creationWatchers) w.dispose();
    for (const f of this.followers.values()) f.dispose();
    this.followers.clear();
    this.changed.dispose();
    this.focusChanged.dispose();
  }
}
