/**
 * One status bar item with the focused run's live state: `$(pulse) run · step 1,200 · loss 0.431 ↓`, and its
 * top finding when it has one: `· $(error) divergence in loss at steps 120-180` (error or warning background).
 * Hidden while no run is focused; a click opens the run in the dashboard.
 */
import * as vscode from 'vscode';
import { findingTitle } from '../../core/logs/findingText';
import { formatCount, formatValue, TREND_ARROWS } from './logFormatting';
import type { LogRuns } from './logRuns';
import type { RunFollower } from './runFollower';

export const RUN_STATUS_BAR_ID = 'optimizerLens.trainingRun';

export class RunStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly runs: LogRuns,
    private readonly openCommand: string,
  ) {
    this.item = vscode.window.createStatusBarItem(RUN_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'Optimizer Lens: Training Run';
    this.subscriptions = [
      runs.onDidChange((run) => {
        if (!run || run === runs.focusedRun) this.update();
      }),
      runs.onDidChangeFocus(() => this.update()),
    ];
  }

  private visible = false;

  /** The text shown, or undefined when hidden (for the state command). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  update(): void {
    const run = this.runs.focusedRun;
    if (!run) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = statusText(run);
    this.item.tooltip = statusTooltip(run);
    this.item.command = { command: this.openCommand, title: 'Open in Dashboard', arguments: [run.id] };
    const health = run.summary?.health;
    this.item.backgroundColor =
      health === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : health === 'warning' && topFinding(run) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

export function statusText(run: RunFollower): string {
  const s = run.summary;
  const parts = [`${run.watching ? '$(pulse)' : '$(debug-pause)'} ${run.label}`];
  if (s?.lastStep !== null && s?.lastStep !== undefined) parts.push(`step ${formatCount(s.lastStep)}`);
  const loss = s?.lossTag ? s.tags.find((t) => t.tag === s.lossTag) : undefined;
  if (loss && loss.lastValue !== null) parts.push(`${loss.tag} ${formatValue(loss.lastValue)}${s?.trend ? ` ${TREND_ARROWS[s.trend]}` : ''}`);
  const top = topFinding(run);
  if (top) parts.push(`${top.severity === 'error' ? '$(error)' : '$(warning)'} ${findingTitle(top)}`);
  return parts.join(' · ');
}

/** The run's most severe, earliest error or warning finding (info findings do not take the status bar). */
function topFinding(run: RunFollower) {
  const top = run.summary?.findings?.[0];
  return top && top.severity !== 'info' ? top : undefined;
}

function statusTooltip(run: RunFollower): vscode.MarkdownString {
  const s = run.summary;
  const md = new vscode.MarkdownString(`**${run.label}** (${run.format}) — ${run.watching ? 'watching' : 'not watching'}\n\n`);
  if (s) {
    md.appendMarkdown(`${formatCount(s.points)} points, ${s.tags.length} metrics\n\n`);
    for (const t of s.tags.filter((t) => t.role !== 'other').slice(0, 6)) {
      md.appendMarkdown(`- ${t.tag}: ${t.lastValue === null ? '—' : formatValue(t.lastValue)}\n`);
    }
    for (const reason of s.healthReasons) md.appendMarkdown(`\n$(warning) ${reason}`);
    const top = topFinding(run);
    if (top) md.appendMarkdown(`\n\n${top.message}${top.fixes[0] ? `\n\nBest fix: ${top.fixes[0].text}` : ''}`);
  }
  md.appendMarkdown('\n\nClick to open in the dashboard.');
  md.supportThemeIcons = true;
  return md;
}
