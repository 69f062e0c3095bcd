/**
 * The one place the log watcher talks to the dashboard panel: showing a snapshot of a watched run, waiting
 * until the webview drew it (tests), and opening the panel.
 */
import * as vscode from 'vscode';
import type { WireLogRun, WireLogRunEntry } from '../../core/protocol';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import type { DashboardHost, LogRendered } from '../dashboard/dashboardPanel';

/** True when a dashboard is open (snapshots are worth building). */
export function dashboardShowsLogRuns(): boolean {
  return DashboardPanel.currentPanel !== undefined;
}

/** Sends a snapshot to the open dashboard (which queues it while hidden); false when there is none. */
export function showLogRunInDashboard(run: WireLogRun, overlay = false): boolean {
  const panel = DashboardPanel.currentPanel;
  if (!panel) return false;
  panel.showLogRun(run, overlay);
  return true;
}

/** Tells the open dashboard which runs it may overlay and which it overlays; false when there is none. */
export function showLogRunListInDashboard(runs: WireLogRunEntry[], overlay: string[]): boolean {
  const panel = DashboardPanel.currentPanel;
  if (!panel) return false;
  panel.showLogRunList(runs, overlay);
  return true;
}

/** Resolves when the dashboard drew `version` (or newer) of the run; undefined without a panel or after the timeout. */
export function dashboardLogRendered(runId: string, version: number, timeoutMs: number): Promise<LogRendered | undefined> {
  return DashboardPanel.currentPanel?.logRendered(runId, version, timeoutMs) ?? Promise.resolve(undefined);
}

export function revealDashboard(extensionUri: vscode.Uri, host: DashboardHost): void {
  DashboardPanel.createOrShow(extensionUri, host);
}
