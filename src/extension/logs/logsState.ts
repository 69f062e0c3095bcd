/**
 * `optimizerLens.logs.state` (internal, not in the palette): what the Training Runs view, the status bar and
 * the dashboard sync currently hold, as plain data. Integration tests poll it instead of sleeping.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/diagnose/types';
import type { LogTagSummary } from '../../core/logs/logRunSnapshot';
import type { DashboardSync } from './dashboardSync';
import type { FindingNotifier, ShownNotification } from './findingNotifier';
import type { LogRuns } from './logRuns';
import type { RunStatusBar } from './runStatusBar';
import type { RunsTreeProvider } from './runsTreeView';

export const LOGS_STATE_COMMAND = 'optimizerLens.logs.state';

export interface LogsState {
  discoveries: number;
  focusedRunId: string | null;
  statusBarText: string | null;
  dashboardPushes: number;
  /** The run and store version of the last snapshot handed to the dashboard. */
  dashboardLast: { runId: string; version: number; lastStep: number | null; findings: number | null } | null;
  /** Finding notifications shown so far (the latest 50). */
  notifications: ShownNotification[];
  runs: {
    id: string;
    label: string;
    path: string;
    format: string;
    files: string[];
    watching: boolean;
    truncations: number;
    points: number;
    lastStep: number | null;
    version: number;
    health: string | null;
    healthReasons: string[];
    trend: string | null;
    warningCount: number;
    warnings: string[];
    crcErrors: number;
    restarts: number;
    tags: LogTagSummary[];
    /** True once the run's existing content was read (later findings are news). */
    live: boolean;
    /** The findings, most severe then earliest first; null when diagnosis is off. */
    findings: Finding[] | null;
    /** The run's children in the Training Runs tree, as the provider renders them (findings, then metrics). */
    treeChildren: { label: string; description: string; icon: string; tooltip: string }[];
  }[];
}

export function logsState(runs: LogRuns, statusBar: RunStatusBar, sync: DashboardSync, notifier: FindingNotifier, tree: RunsTreeProvider): LogsState {
  return {
    discoveries: runs.discoveries,
    focusedRunId: runs.focusedRun?.id ?? null,
    statusBarText: statusBar.text ?? null,
    dashboardPushes: sync.pushes,
    dashboardLast: sync.lastSnapshot
      ? { runId: sync.lastSnapshot.id, version: sync.lastSnapshot.version, lastStep: sync.lastSnapshot.lastStep, findings: sync.lastSnapshot.findings?.length ?? null }
      : null,
    notifications: [...notifier.shown],
    runs: runs.runs.map((r) => ({
      id: r.id,
      label: r.label,
      path: r.path,
      format: r.format,
      files: r.fileUris.map((u) => u.toString()),
      watching: r.watching,
      truncations: r.truncations,
      points: r.summary?.points ?? 0,
      lastStep: r.summary?.lastStep ?? null,
      version: r.summary?.version ?? 0,
      health: r.summary?.health ?? null,
      healthReasons: r.summary?.healthReasons ?? [],
      trend: r.summary?.trend ?? null,
      warningCount: r.summary?.warningCount ?? 0,
      warnings: r.summary?.warnings ?? [],
      crcErrors: r.summary?.crcErrors ?? 0,
      restarts: r.summary?.restarts ?? 0,
      tags: r.summary?.tags ?? [],
      live: r.live,
      findings: r.summary?.findings ?? null,
      treeChildren: tree.getChildren(tree.runNode(r.id)).map((node) => {
        const item = tree.getTreeItem(node);
        const tooltip = tree.tooltipOf(node);
        return {
          label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
          description: typeof item.description === 'string' ? item.description : '',
          icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
          tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
        };
      }),
    })),
  };
}
