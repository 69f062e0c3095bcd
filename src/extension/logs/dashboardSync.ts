/**
 * Keeps the dashboard showing the focused run: when that run grows (or the focus moves) a fresh decimated
 * snapshot is built in the worker and pushed, at most `MAX_PUSHES_PER_SECOND` times a second (the latest
 * state always goes out last: throttled, never dropped).
 */
import * as vscode from 'vscode';
import { DEFAULT_SNAPSHOT_PIXELS } from '../../core/logs/logRunSnapshot';
import { DEFAULT_SMOOTHING_WEIGHT } from '../../core/chart/smoothing';
import type { WireLogRun } from '../../core/protocol';
import { log } from '../log';
import { dashboardShowsLogRuns, showLogRunInDashboard } from './dashboardBridge';
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

  constructor(
    private readonly runs: LogRuns,
    private readonly worker: LogWorkerClient,
  ) {
    this.subscriptions = [
      runs.onDidChange((run) => {
        if (!run || run === runs.focusedRun) this.schedule();
      }),
      runs.onDidChangeFocus(() => this.schedule()),
    ];
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
    // Findings change with the store, except when the diagnosis is rebuilt (settings) or settled (a report).
    const findings = run.summary.findings?.map((f) => `${f.kind}:${f.step_start}:${f.step_end}:${f.severity}`).join(',') ?? 'off';
    const key = `${run.id}|${run.summary.version}|${run.watching}|${(run.shownTags ?? []).join('\u0000')}|${findings}|${this.smoothing}`;
    if (!force && key === this.pushedKey) return this.lastSnapshot;
    this.pushing = true;
    this.lastPush = Date.now();
    try {
      const snapshot = await this.snapshot(run);
      if (showLogRunInDashboard(snapshot)) {
        this.pushes++;
        this.pushedKey = key;
        this.lastSnapshot = snapshot;
      }
      return snapshot;
    } catch (error) {
      log().warn(`Could not build the dashboard snapshot of ${run.label}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      this.pushing = false;
    }
  }

  snapshot(run: RunFollower): Promise<WireLogRun> {
    return this.worker.snapshot({
      type: 'snapshot',
      runId: run.id,
      identity: { id: run.id, label: run.label, path: run.path, format: run.format, watching: run.watching },
      options: { pixels: DEFAULT_SNAPSHOT_PIXELS, smoothing: this.smoothing, ...(run.shownTags ? { shownTags: run.shownTags } : {}) },
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
