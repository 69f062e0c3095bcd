/**
 * The one place the log watcher talks to the dashboard panel. The panel's `showLogRun` arrives with the
 * dashboard branch; until then it is called through a guarded optional method, so merging that branch
 * changes only this file.
 */
import * as vscode from 'vscode';
import type { WireLogRun } from '../../core/protocol';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import type { DashboardHost } from '../dashboard/dashboardPanel';

interface LogRunDisplay {
  showLogRun?(run: WireLogRun): unknown;
}

/** True when a dashboard is open and can chart a watched run. */
export function dashboardShowsLogRuns(): boolean {
  const panel = DashboardPanel.currentPanel as unknown as LogRunDisplay | undefined;
  return typeof panel?.showLogRun === 'function';
}

/** Sends a snapshot to the open dashboard; false when there is none (or it cannot chart logs yet). */
export function showLogRunInDashboard(run: WireLogRun): boolean {
  const panel = DashboardPanel.currentPanel as unknown as LogRunDisplay | undefined;
  if (typeof panel?.showLogRun !== 'function') return false;
  void Promise.resolve(panel.showLogRun(run)).catch(() => undefined);
  return true;
}

export function revealDashboard(extensionUri: vscode.Uri, host: DashboardHost): void {
  DashboardPanel.createOrShow(extensionUri, host);
}
