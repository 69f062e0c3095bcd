/**
 * The "Training Runs" tree: one item per followed run (health icon, format and last step, a tooltip with the
 * path, points and warnings) and under it first its findings (most severe, then earliest, first: "divergence
 * in train/loss at steps 120-180", the message and the fixes in the tooltip), then one item per metric (last
 * value, points, NaN count). Selecting a run focuses it (status bar, dashboard).
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/diagnose/types';
import { findingKey, findingTitle } from '../../core/logs/findingText';
import type { LogRunSummary, LogTagSummary } from '../../core/logs/logRunSnapshot';
import type { LogHealth } from '../../core/protocol';
import type { LogRuns } from './logRuns';
import type { RunFollower } from './runFollower';
import { formatCount, formatValue, TREND_ARROWS } from './logFormatting';

export const TRAINING_RUNS_VIEW = 'optimizerLens.trainingRuns';

/** Tree refreshes are coalesced: a fast writer must not redraw the tree hundreds of times per second. */
const REFRESH_INTERVAL_MS = 200;

export type RunsTreeNode =
  | { kind: 'run'; runId: string }
  | { kind: 'finding'; runId: string; key: string }
  | { kind: 'tag'; runId: string; tag: string };

/** A finding of a run by its tree node (the node keeps only its key; the summary holds the finding). */
export function findingOfNode(runs: LogRuns, node: RunsTreeNode): Finding | undefined {
  if (node.kind !== 'finding') return undefined;
  return runs.get(node.runId)?.summary?.findings?.find((f) => findingKey(f) === node.key);
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly nodes = new Map<string, RunsTreeNode>();

  constructor(private readonly runs: LogRuns) {
    this.subscription = runs.onDidChange(() => this.scheduleRefresh());
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.emitter.fire(undefined);
    }, REFRESH_INTERVAL_MS);
  }

  /** The same node object per run, so `TreeView.reveal` and selection find it again. */
  runNode(runId: string): RunsTreeNode {
    let node = this.nodes.get(runId);
    if (!node) {
      node = { kind: 'run', runId };
      this.nodes.set(runId, node);
    }
    return node;
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) {
      this.runs.ensureStarted();
      return this.runs.runs.map((r) => this.runNode(r.id));
    }
    if (node.kind !== 'run') return [];
    const run = this.runs.get(node.runId);
    // The summary's findings are already in the tree's order (most severe, then earliest).
    const findings: RunsTreeNode[] = (run?.summary?.findings ?? []).map((f) => ({ kind: 'finding', runId: node.runId, key: findingKey(f) }));
    const tags: RunsTreeNode[] = (run?.summary?.tags ?? []).map((t) => ({ kind: 'tag', runId: node.runId, tag: t.tag }));
    return [...findings, ...tags];
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return node.kind === 'run' ? undefined : this.runNode(node.runId);
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    const run = this.runs.get(node.runId);
    if (!run) return new vscode.TreeItem('(gone)');
    if (node.kind === 'run') return runItem(run);
    if (node.kind === 'finding') {
      const finding = findingOfNode(this.runs, node);
      return finding ? findingItem(run, finding) : new vscode.TreeItem('(gone)');
    }
    const tag = run.summary?.tags.find((t) => t.tag === node.tag);
    return tagItem(run, node.tag, tag);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

const HEALTH_ICONS: Record<LogHealth, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

function runItem(run: RunFollower): vscode.TreeItem {
  const summary = run.summary;
  const item = new vscode.TreeItem(run.label, summary?.tags.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.id}`;
  const parts = [run.format];
  if (summary?.lastStep !== null && summary?.lastStep !== undefined) parts.push(`step ${formatCount(summary.lastStep)}`);
  if (summary?.trend) parts.push(TREND_ARROWS[summary.trend]);
  if (summary?.findingCount) parts.push(`${formatCount(summary.findingCount)} finding${summary.findingCount === 1 ? '' : 's'}`);
  if (!run.watching) parts.push('stopped');
  item.description = parts.join(' · ');
  item.iconPath = summary ? HEALTH_ICONS[summary.health] : new vscode.ThemeIcon('loading~spin');
  item.tooltip = runTooltip(run, summary);
  item.contextValue = run.watching ? 'optimizerLens.logRun.watching' : 'optimizerLens.logRun.stopped';
  item.command = { command: FOCUS_RUN_COMMAND, title: 'Focus Run', arguments: [run.id] };
  item.resourceUri = undefined;
  return item;
}

/** Internal: clicking a run in the tree focuses it. */
export const FOCUS_RUN_COMMAND = 'optimizerLens.logs.focusRun';

function runTooltip(run: RunFollower, summary: LogRunSummary | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(run.label)}** — ${escape(run.format)}${run.watching ? '' : ' (not watching)'}\n\n`);
  md.appendMarkdown(`\`${escape(run.path)}\`\n\n`);
  if (summary) {
    md.appendMarkdown(`${formatCount(summary.points)} points in ${summary.tags.length} metrics`);
    if (summary.lastStep !== null) md.appendMarkdown(`, last step ${formatCount(summary.lastStep)}`);
    md.appendMarkdown('\n\n');
    for (const reason of summary.healthReasons) md.appendMarkdown(`- ${escape(reason)}\n`);
    if (summary.warnings.length) {
      md.appendMarkdown('\nLatest warnings:\n');
      for (const w of summary.warnings) md.appendMarkdown(`- ${escape(w)}\n`);
    }
  }
  return md;
}

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

function findingItem(run: RunFollower, finding: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(findingTitle(finding), vscode.TreeItemCollapsibleState.None);
  item.id = `finding:${run.id}:${findingKey(finding)}`;
  item.description = finding.severity;
  item.iconPath = SEVERITY_ICONS[finding.severity];
  item.tooltip = findingTooltip(finding);
  item.contextValue = 'optimizerLens.finding';
  item.command = { command: FOCUS_RUN_COMMAND, title: 'Focus Run', arguments: [run.id] };
  return item;
}

/** The message, then the fixes best first. */
export function findingTooltip(finding: Finding): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(findingTitle(finding))}** (${finding.severity})\n\n${escape(finding.message)}\n\n`);
  if (finding.fixes.length) {
    md.appendMarkdown('Fixes, best first:\n\n');
    finding.fixes.forEach((fix, i) => md.appendMarkdown(`${i + 1}. ${escape(fix.text)}\n`));
  }
  return md;
}

function tagItem(run: RunFollower, tag: string, summary: LogTagSummary | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(tag, vscode.TreeItemCollapsibleState.None);
  item.id = `tag:${run.id}:${tag}`;
  const parts: string[] = [];
  if (summary?.lastValue !== null && summary?.lastValue !== undefined) parts.push(formatValue(summary.lastValue));
  parts.push(`${formatCount(summary?.points ?? 0)} pts`);
  if (summary?.nonFinite) parts.push(`${formatCount(summary.nonFinite)} NaN/Inf`);
  item.description = parts.join(' · ');
  item.iconPath = summary?.nonFinite
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor(summary.role === 'loss' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'))
    : new vscode.ThemeIcon('graph-line');
  item.tooltip = summary
    ? `${tag}: ${formatCount(summary.points)} points${summary.lastStep !== null ? `, last step ${formatCount(summary.lastStep)}` : ''}${summary.lastValue !== null ? `, last value ${formatValue(summary.lastValue)}` : ''}${summary.nonFinite ? `, ${summary.nonFinite} NaN/Inf` : ''}`
    : tag;
  item.contextValue = 'optimizerLens.logTag';
  item.command = { command: FOCUS_RUN_COMMAND, title: 'Focus Run', arguments: [run.id] };
  return item;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
