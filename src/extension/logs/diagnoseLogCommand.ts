/**
 * "Diagnose Training Log...": a file or folder (open dialog, explorer context menu, a run of the Training Runs
 * tree, or a URI argument in tests) is read through the log worker under a cancellable progress notification,
 * its diagnosis settled (pending windows reported), and the findings shown: the run focused in the tree and
 * opened in the dashboard's log tab, plus a QuickPick of the findings (picking one shows its fixes) or a
 * "No problems found in N points" message. The runs stay followed, like "Watch Training Log...".
 * Resolves to what was found, so tests can check it without the UI.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/diagnose/types';
import { findingTitle, sortFindings } from '../../core/logs/findingText';
import { formatCount } from './logFormatting';
import { displayPath } from './displayPath';
import { showFixes } from './findingFixes';
import type { LogRuns } from './logRuns';
import type { RunFollower } from './runFollower';

export const DIAGNOSE_LOG_COMMAND = 'optimizerLens.diagnoseLog';

export interface DiagnoseLogResult {
  ok: boolean;
  /** Why nothing was diagnosed (not a log, unreadable, cancelled...). */
  error?: string;
  cancelled?: boolean;
  runs: { id: string; label: string; points: number; lastStep: number | null; diagnosed: boolean; findings: Finding[] }[];
}

export async function diagnoseLogCommand(runs: LogRuns, openInDashboard: (runId: string) => Promise<void>, arg?: unknown): Promise<DiagnoseLogResult | undefined> {
  const target = await pickTarget(runs, arg);
  if (!target) return undefined;
  const name = typeof target === 'string' ? (runs.get(target)?.label ?? target) : displayPath(target);
  let followers: RunFollower[] = [];
  let examined = 0;
  let cancelled = false;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Diagnosing ${name}`, cancellable: true },
      async (progress, token) => {
        if (typeof target === 'string') {
          const run = runs.get(target);
          if (run) followers = [run];
        } else {
          progress.report({ message: 'reading…' });
          const watched = await runs.watch(target, token);
          followers = watched.runs;
          examined = watched.examined;
        }
        cancelled = token.isCancellationRequested;
        if (cancelled) return;
        progress.report({ message: 'settling the findings…' });
        await Promise.all(followers.map((f) => f.report()));
        cancelled = token.isCancellationRequested;
      },
    );
  } catch (error) {
    const message = `Cannot diagnose ${name}: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, error: message, runs: [] };
  }
  if (cancelled) {
    void vscode.window.showInformationMessage(`Diagnosis of ${name} cancelled; what was read so far is in the Training Runs view.`);
    return { ok: false, cancelled: true, error: 'cancelled', runs: results(followers) };
  }
  if (followers.length === 0) {
    const message = examined === 1 ? `${name} is not a training log in a format Optimizer Lens reads.` : `No training log found in ${name} (${examined} files examined).`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, error: message, runs: [] };
  }
  const found = results(followers);
  runs.focus(followers[0].id);
  await openInDashboard(followers[0].id);
  void showFindings(found, name);
  return { ok: true, runs: found };
}

function results(followers: RunFollower[]): DiagnoseLogResult['runs'] {
  return followers.map((f) => ({
    id: f.id,
    label: f.label,
    points: f.summary?.points ?? 0,
    lastStep: f.summary?.lastStep ?? null,
    diagnosed: f.summary?.findings !== undefined,
    findings: f.summary?.findings ?? [],
  }));
}

/** A QuickPick of the findings (picking one shows its fixes), or the message that there are none. */
async function showFindings(found: DiagnoseLogResult['runs'], name: string): Promise<void> {
  const points = found.reduce((n, r) => n + r.points, 0);
  if (found.every((r) => !r.diagnosed)) {
    void vscode.window.showInformationMessage(`Read ${formatCount(points)} points of ${name}; diagnosis is switched off (optimizerLens.diagnose.enabled).`);
    return;
  }
  const items = found.flatMap((run) =>
    sortFindings(run.findings).map((f) => ({
      label: `${f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)'} ${findingTitle(f)}`,
      description: found.length > 1 ? run.label : undefined,
      detail: f.message,
      finding: f,
      runLabel: run.label,
    })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`No problems found in ${formatCount(points)} points of ${name}.`);
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${items.length} finding${items.length === 1 ? '' : 's'} in ${name} (${formatCount(points)} points)`,
    placeHolder: 'Pick a finding to see its fixes',
    matchOnDetail: true,
  });
  if (picked) await showFixes(picked.finding, picked.runLabel);
}

/** A run id (tree node, string id of a followed run), a URI or path, or the open dialog's pick. */
async function pickTarget(runs: LogRuns, arg: unknown): Promise<vscode.Uri | string | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'runId' in arg && typeof arg.runId === 'string') return arg.runId;
  if (typeof arg === 'string' && arg !== '') {
    if (runs.get(arg)) return arg;
    return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Diagnose',
    title: 'Diagnose Training Log',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
