/**
 * Pops up a notification when a watched run gets a new finding worth it (NotificationPolicy decides which and
 * when), with "Show in Dashboard" and "Show Fixes". The runs' summaries carry the findings; this listens to
 * their changes. What was shown is kept for the state command (tests).
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/diagnose/types';
import { findingTitle } from '../../core/logs/findingText';
import { readDiagnoseSettings } from '../settings';
import { showFixes } from './findingFixes';
import type { LogRuns } from './logRuns';
import { NotificationPolicy } from './notificationPolicy';

export interface ShownNotification {
  runId: string;
  kind: string;
  severity: string;
  text: string;
}

export class FindingNotifier implements vscode.Disposable {
  private readonly policy = new NotificationPolicy();
  private readonly subscription: vscode.Disposable;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Every notification shown, oldest first (the state command returns the latest). */
  readonly shown: ShownNotification[] = [];

  constructor(
    private readonly runs: LogRuns,
    private readonly openInDashboard: (runId: string) => Promise<void>,
  ) {
    this.subscription = runs.onDidChange(() => this.check());
  }

  private check(): void {
    const decision = this.policy.decide(
      this.runs.runs.map((r) => ({ runId: r.id, findings: r.summary?.findings ?? [], live: r.live })),
      readDiagnoseSettings().notifications,
      Date.now(),
    );
    if (!decision) return;
    if ('retryAt' in decision) {
      if (!this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.check();
        }, Math.max(0, decision.retryAt - Date.now()));
      }
      return;
    }
    const { runId, finding } = decision.notify;
    const run = this.runs.get(runId);
    if (run) void this.notify(runId, run.label, finding);
  }

  private async notify(runId: string, label: string, finding: Finding): Promise<void> {
    const text = `${label}: ${findingTitle(finding)}. ${finding.message}`;
    this.shown.push({ runId, kind: finding.kind, severity: finding.severity, text });
    if (this.shown.length > 50) this.shown.shift();
    const actions = finding.fixes.length ? ['Show in Dashboard', 'Show Fixes'] : ['Show in Dashboard'];
    const picked = finding.severity === 'error' ? await vscode.window.showErrorMessage(text, ...actions) : await vscode.window.showWarningMessage(text, ...actions);
    if (picked === 'Show in Dashboard') await this.openInDashboard(runId);
    else if (picked === 'Show Fixes') await showFixes(finding, label);
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.subscription.dispose();
  }
}
