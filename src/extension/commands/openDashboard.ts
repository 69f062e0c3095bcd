/** "Open Dashboard": show the panel (empty state with a Run button until a comparison has run). */
import * as vscode from 'vscode';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import type { DashboardHost } from '../dashboard/dashboardPanel';

export const OPEN_DASHBOARD_COMMAND = 'optimizerLens.openDashboard';

export function openDashboardCommand(context: vscode.ExtensionContext, host: DashboardHost): void {
  DashboardPanel.createOrShow(context.extensionUri, host);
}
