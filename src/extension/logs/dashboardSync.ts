/**
 * Keeps the dashboard showing the focused run: when that run grows (or the focus moves) a fresh decimated
 * snapshot is built in the worker and pushed, at most `MAX_PUSHES_PER_SECOND` times a second (the latest
 * state always goes out last: throttled, never dropped). Runs overlaid on it (the dashboard's run list, or
 * "Add Run to Chart") get their snapshots the same way, with the focused run's tags (tags merge by name).
 */
import * as vscode from 'vscode';
import { DEFAULT_SNAPSHOT_PIXELS } from '../../core/logs/logRunSnapshot';
import { DEFAULT_SMOOTHING_WEIGHT } from '../../core/chart/smoothing';
import { LOG_LIMITS, type WireLogRun } from '../../core/protocol';
import { log } from '../log';
import { dashboardShowsLogRuns, showLogRunInDashboard, showLogRunListInDashboard } from './dashboardBridge';
import type { LogRuns } from './logRuns';
import type { LogWorkerClient } from './logWorkerClient';
import type { RunFollower } from './runFollower';

const MAX_PUSHES_PER_SECOND = 10;
const MIN_PUSH_INTERVAL_MS = 1000 / MAX_PUSHES_PER_SECOND;

export class DashboardSync implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPush = 0;
  private pushing = false;
  private pushedKey = '';
  /** A forced push asked for while another was being built: the next one goes out even if unchanged. */
  private forceNext = false;
  /**
   * TensorBoard's smoothing weight the dashboard shows (its slider; 0: off): snapshots carry each series' smoothed
   * line computed in the worker over every raw point. Starts at TensorBoard's default, like the slider.
   */
  smoothing = DEFAULT_SMOOTHING_WEIGHT;
  /** Snapshots handed to the dashboard (for the state command and tests). */
  pushes = 0;
  lastSnapshot: WireLogRun | undefined;
  /** Runs charted over the focused one, and the key of the snapshot of each last pushed. */
  private overlay: string[] = [];
  private readonly overlayKeys = new Map<string, string>();

  constructor(
    private readonly runs: LogRuns,
    private readonly worker: LogWorkerClient,
  ) {
    this.subscriptions = [
      runs.onDidChange((run) => {
        if (!run || run === runs.focusedRun || this.overlay.includes(run.id)) this.schedule();
        if (!run) this.sendRunList();
      }),
      runs.onDidChangeFocus((run) => {
        // The run in front is never overlaid on itself.
        if (run && this.overlay.includes(run.id)) this.setOverlay(this.overlay);
        this.schedule();
      }),
    ];
  }

  /** The runs overlaid on the focused one (ids; the focused run and repeats are left out, at most LOG_LIMITS.overlayRuns). */
  get overlaid(): readonly string[] {
    return this.overlay;
  }

  /** Sets the overlaid runs, tells the dashboard and pushes their snapshots. */
  setOverlay(runIds: readonly string[]): void {
    const focused = this.runs.focusedRun?.id;
    this.overlay = [...new Set(runIds)].filter((id) => id !== focused).slice(0, LOG_LIMITS.overlayRuns);
    for (const id of [...this.overlayKeys.keys()]) if (!this.overlay.includes(id)) this.overlayKeys.delete(id);
    this.sendRunList();
    this.schedule();
  }

  /** "Add Run to Chart": one more run over the focused one (the oldest overlaid one goes when full). */
  addToOverlay(runId: string): void {
    if (this.overlay.includes(runId) || runId === this.runs.focusedRun?.id) return;
    const next = [...this.overlay, runId];
    this.setOverlay(next.slice(Math.max(0, next.length - LOG_LIMITS.overlayRuns)));
  }

  /** The watched runs and the overlaid ones, for the dashboard's run list. */
  sendRunList(): void {
    if (!dashboardShowsLogRuns()) return;
    const runs = this.runs.runs.slice(0, LOG_LIMITS.runList).map((r) => ({ id: r.id, label: r.label }));
    showLogRunListInDashboard(runs, [...this.overlay]);
  }

  /** Pushes soon, respecting the rate limit. */
  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPush + MIN_PUSH_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.push();
    }, wait);
  }

  /** Builds and sends the focused run's snapshot now (unless nothing changed since the last one). */
  async push(force = false): Promise<WireLogRun | undefined> {
    const run = this.runs.focusedRun;
    if (!run || !run.summary || !dashboardShowsLogRuns()) return undefined;
    if (this.pushing) {
      this.forceNext ||= force;
      this.schedule();
      return undefined;
    }
    force ||= this.forceNext;
    this.forceNext = false;
    // A forced push is a dashboard opened or asked again: it also needs the list of runs it may overlay.
    if (force) this.sendRunList();
    // Findings change with the store, except when the diagnosis is rebuilt (settings) or settled (a report).
    const findings = run.summary.findings?.map((f) => `${f.kind}:${f.step_start}:${f.step_end}:${f.severity}`).join(',') ?? 'off';
    const key = `${run.id}|${run.summary.version}|${run.watching}|${(run.shownTags ?? []).join('\u0000')}|${findings}|${this.smoothing}`;
    if (!force && key === this.pushedKey) {
      await this.pushOverlay(run, force);
      return this.lastSnapshot;
    }
    this.pushing = true;
    this.lastPush = Date.now();
    try {
      const snapshot = await this.snapshot(run);
      if (showLogRunInDashboard(snapshot)) {
        this.pushes++;
        this.pushedKey = key;
        this.lastSnapshot = snapshot;
      }
      await this.pushOverlay(run, force);
      return snapshot;
    } catch (error) {
      log().warn(`Could not build the dashboard snapshot of ${run.label}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      this.pushing = false;
    }
  }

  /** Snapshots of the overlaid runs that changed, charting the focused run's tags. */
  private async pushOverlay(front: RunFollower, force: boolean): Promise<void> {
    const tags = front.shownTags ?? this.lastSnapshot?.shownTags;
    for (const id of [...this.overlay]) {
      const run = this.runs.get(id);
      if (!run || !run.summary) continue;
      const key = `${run.summary.version}|${run.watching}|${(tags ?? []).join('\u0000')}|${this.smoothing}`;
      if (!force && this.overlayKeys.get(id) === key) continue;
      try {
        const snapshot = await this.snapshot(run, tags);
        if (this.overlay.includes(id) && showLogRunInDashboard(snapshot, true)) this.overlayKeys.set(id, key);
      } catch (error) {
        log().warn(`Could not build the dashboard snapshot of ${run.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  snapshot(run: RunFollower, shownTags = run.shownTags): Promise<WireLogRun> {
    return this.worker.snapshot({
      type: 'snapshot',
      runId: run.id,
      identity: { id: run.id, label: run.label, path: run.path, format: run.format, watching: run.watching },
      options: { pixels: DEFAULT_SNAPSHOT_PIXELS, smoothing: this.smoothing, ...(shownTags ? { shownTags } : {}) },
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
