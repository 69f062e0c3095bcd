/**
 * The "Training Runs" tree: one item per followed run (health icon, format and last step, a tooltip with the
 * path, points and warnings) and under it first its findings (most severe, then earliest, first: "divergence
 * in train/loss from step 120", severity icon; the tooltip says "at steps 120-180" with the message and the
 * fixes), then one item per metric (last value, points, NaN count). Selecting a run focuses it (status bar,
 * dashboard).
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

/**
 * Tree refreshes are coalesced: a fast writer must not redraw the tree hundreds of times per second, and a
 * row redrawn during the workbench's hover delay (workbench.hover.delay, 1.5 s by default) never shows its
 * tooltip. Once a second keeps steps and values current; the status bar follows the focused run live.
 */
const REFRESH_INTERVAL_MS = 1000;
/** How long a hovered run's rows stay as they are (time to read a finding's message and fixes). */
const HOVER_HOLD_MS = 15_000;

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
  private readonly emitter = new vscode.EventEmitter<RunsTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** One node object per run, finding and tag: VS Code maps elements to rows by identity. */
  private readonly nodes = new Map<string, RunsTreeNode>();
  /** What each row showed when VS Code last asked (label, description, icon...), to refresh only changed rows. */
  private readonly shown = new Map<RunsTreeNode, string>();
  /** Each run's children when VS Code last asked. */
  private readonly shownChildren = new Map<string, RunsTreeNode[]>();
  /** Runs changed since the last refresh; `wholeTree` when the list of runs itself changed. */
  private readonly changedRuns = new Set<string>();
  private wholeTree = false;
  /** Runs whose rows the user hovers: refreshed after this time (ms since the epoch). */
  private readonly heldUntil = new Map<string, number>();

  constructor(private readonly runs: LogRuns) {
    this.subscription = runs.onDidChange((run) => this.scheduleRefresh(run?.id));
  }

  /**
   * Refreshes only the runs that changed, and of those only the rows whose content changed. VS Code re-renders
   * a refreshed row and every row under it, and a re-rendered row closes the tooltip the user is reading: at
   * an append every 200 ms the tooltip of a finding (its message and fixes) could never be read. So a run
   * whose row the user hovers (VS Code asks resolveTreeItem for its tooltip) is held: its refreshes wait
   * HOVER_HOLD_MS (the status bar stays live meanwhile), then go out at once.
   */
  private scheduleRefresh(runId: string | undefined, wait = REFRESH_INTERVAL_MS): void {
    if (runId === undefined) this.wholeTree = true;
    else if (runId !== '') this.changedRuns.add(runId);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const now = Date.now();
      const ready = [...this.changedRuns].filter((id) => (this.heldUntil.get(id) ?? 0) <= now);
      for (const id of ready) this.changedRuns.delete(id);
      const changed = this.wholeTree ? undefined : ready.flatMap((id) => this.changedRows(id));
      this.wholeTree = false;
      if (changed === undefined || changed.length) this.emitter.fire(changed);
      // Held runs: look again when the first hold ends.
      const ends = [...this.changedRuns].map((id) => this.heldUntil.get(id) ?? now);
      if (ends.length) this.scheduleRefresh('', Math.max(REFRESH_INTERVAL_MS, Math.min(...ends) - now));
    }, wait);
  }

  /** The run's rows to refresh: the run itself when its children changed (added, removed, reordered), else the rows that look different. */
  private changedRows(runId: string): RunsTreeNode[] {
    if (!this.runs.get(runId)) return [];
    const runNode = this.runNode(runId);
    const before = this.shownChildren.get(runId);
    const now = this.childrenOf(runNode);
    if (!before || before.length !== now.length || before.some((node, i) => node !== now[i])) return [runNode];
    return [runNode, ...now].filter((node) => this.shown.get(node) !== rowSignature(this.getTreeItem(node)));
  }

  private node(key: string, make: () => RunsTreeNode): RunsTreeNode {
    let node = this.nodes.get(key);
    if (!node) {
      node = make();
      this.nodes.set(key, node);
    }
    return node;
  }

  /** The same node object per run, so `TreeView.reveal` and selection find it again. */
  runNode(runId: string): RunsTreeNode {
    return this.node(`run\u0000${runId}`, () => ({ kind: 'run', runId }));
  }

  private childrenOf(node: RunsTreeNode): RunsTreeNode[] {
    const run = this.runs.get(node.runId);
    // The summary's findings are already in the tree's order (most severe, then earliest).
    const findings = (run?.summary?.findings ?? []).map((f) => {
      const key = findingKey(f);
      return this.node(`finding\u0000${node.runId}\u0000${key}`, () => ({ kind: 'finding', runId: node.runId, key }));
    });
    const tags = (run?.summary?.tags ?? []).map((t) => this.node(`tag\u0000${node.runId}\u0000${t.tag}`, () => ({ kind: 'tag', runId: node.runId, tag: t.tag })));
    return [...findings, ...tags];
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) {
      this.runs.ensureStarted();
      const ids = new Set(this.runs.runs.map((r) => r.id));
      // Nodes of runs no longer listed are dropped (a run followed again gets fresh ones).
      for (const [key, n] of this.nodes) {
        if (!ids.has(n.runId)) {
          this.nodes.delete(key);
          this.shown.delete(n);
          this.shownChildren.delete(n.runId);
        }
      }
      return this.runs.runs.map((r) => this.runNode(r.id));
    }
    if (node.kind !== 'run') return [];
    const children = this.childrenOf(node);
    this.shownChildren.set(node.runId, children);
    return children;
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return node.kind === 'run' ? undefined : this.runNode(node.runId);
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    const item = this.itemOf(node);
    this.shown.set(node, rowSignature(item));
    return item;
  }

  /** Tooltips are built when the user hovers, from the run's latest summary; the run's rows are held meanwhile. */
  resolveTreeItem(item: vscode.TreeItem, node: RunsTreeNode): vscode.TreeItem {
    this.heldUntil.set(node.runId, Date.now() + HOVER_HOLD_MS);
    item.tooltip = this.tooltipOf(node);
    return item;
  }

  tooltipOf(node: RunsTreeNode): vscode.MarkdownString | string | undefined {
    const run = this.runs.get(node.runId);
    if (!run) return undefined;
    if (node.kind === 'run') return runTooltip(run, run.summary);
    if (node.kind === 'finding') {
      const finding = findingOfNode(this.runs, node);
      return finding ? findingTooltip(finding) : undefined;
    }
    return tagTooltip(node.tag, run.summary?.tags.find((t) => t.tag === node.tag));
  }

  private itemOf(node: RunsTreeNode): vscode.TreeItem {
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

/** What a row shows, tooltip aside (resolved on hover). */
function rowSignature(item: vscode.TreeItem): string {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  // The icon's id says it (each id comes in one color per row kind: a tag's NaN color follows its fixed role).
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
  return [label, String(item.description ?? ''), icon, String(item.collapsibleState), item.contextValue ?? ''].join('\u0000');
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
  item.contextValue = run.watching ? 'optimizerLens.logRun.watching' : 'optimizerLens.logRun.stopped';
  item.command = { command: FOCUS_RUN_COMMAND, title: 'Focus Run', arguments: [run.id] };
  item.resourceUri = undefined;
  return item;
}

/** Internal: clicking a run in the tree focuses it. */
export const FOCUS_RUN_COMMAND = 'optimizerLens.logs.focusRun';
/** On a finding of the tree (click, inline button, context menu): its fixes in a QuickPick. */
export const SHOW_FIXES_COMMAND = 'optimizerLens.logs.showFixes';

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
  // "from step N", not the growing range: a label that changed at every append would re-render the row and
  // close its tooltip (which shows the current range, the message and the fixes).
  const item = new vscode.TreeItem(`${finding.kind} in ${finding.metric} from step ${formatCount(finding.step_start)}`, vscode.TreeItemCollapsibleState.None);
  item.id = `finding:${run.id}:${findingKey(finding)}`;
  item.description = finding.severity;
  item.iconPath = SEVERITY_ICONS[finding.severity];
  item.contextValue = 'optimizerLens.finding';
  // A click shows the fixes: readable however fast the run is written (a tooltip needs the row to hold still).
  item.command = { command: SHOW_FIXES_COMMAND, title: 'Show Fixes', arguments: [{ kind: 'finding', runId: run.id, key: findingKey(finding) }] };
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
  item.contextValue = 'optimizerLens.logTag';
  item.command = { command: FOCUS_RUN_COMMAND, title: 'Focus Run', arguments: [run.id] };
  return item;
}

function tagTooltip(tag: string, summary: LogTagSummary | undefined): string {
  return summary
    ? `${tag}: ${formatCount(summary.points)} points${summary.lastStep !== null ? `, last step ${formatCount(summary.lastStep)}` : ''}${summary.lastValue !== null ? `, last value ${formatValue(summary.lastValue)}` : ''}${summary.nonFinite ? `, ${summary.nonFinite} NaN/Inf` : ''}`
    : tag;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
