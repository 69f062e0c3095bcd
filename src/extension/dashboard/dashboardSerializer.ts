/** Restores the dashboard after a window reload; the webview brings back its own view from its saved state. */
import * as vscode from 'vscode';
import { DashboardPanel } from './dashboardPanel';
import type { DashboardHost } from './dashboardPanel';

export class DashboardSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly extensionUri: vscode.Uri, private readonly host: DashboardHost) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    DashboardPanel.revive(panel, this.extensionUri, this.host);
  }
}
