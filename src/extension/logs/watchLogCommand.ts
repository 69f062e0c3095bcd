/**
 * "Watch Training Log...": a file or folder (from an open dialog, the explorer's context menu, or a URI
 * argument in tests), its runs detected and followed, the first one focused and shown in the dashboard.
 * Resolves to what was read, so tests (and other commands) can check it.
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { displayPath } from './displayPath';
import type { LogRuns } from './logRuns';

export const WATCH_LOG_COMMAND = 'optimizerLens.watchLog';

export interface WatchLogResult {
  ok: boolean;
  /** Why nothing is watched (unknown format, unreadable path...). */
  error?: string;
  runs: { id: string; label: string; format: string; points: number; lastStep: number | null; warnings: number }[];
  focusedRunId?: string;
}

const KNOWN_FORMATS = 'TensorBoard event files (events.out.tfevents.*), Lightning/Keras CSV or any CSV with a header, trainer_state.json, JSON lines, Keras progress output, print-style text logs (step 10 loss=0.4), MLflow metric files';

export async function watchLogCommand(runs: LogRuns, openInDashboard: (runId: string) => Promise<void>, arg?: unknown): Promise<WatchLogResult | undefined> {
  let uri = toUri(arg);
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Watch',
      title: 'Watch Training Log',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    uri = picked?.[0];
    if (!uri) return undefined;
  }
  const name = displayPath(uri);
  let watched;
  try {
    watched = await runs.watch(uri);
  } catch (error) {
    const message = `Cannot watch ${name}: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, error: message, runs: [] };
  }
  if (watched.runs.length === 0) {
    const what = watched.examined === 1 ? `${name} is not a training log in a format Optimizer Lens reads` : `No training log found in ${name} (${watched.examined} files examined)`;
    const message = `${what}. Readable: ${KNOWN_FORMATS}.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, error: message, runs: [] };
  }
  const first = watched.runs[0];
  runs.focus(first.id);
  log().info(`Watching ${watched.runs.map((r) => `${r.label} (${r.format})`).join(', ')}.`);
  await openInDashboard(first.id);
  return {
    ok: true,
    runs: watched.runs.map((r) => ({
      id: r.id,
      label: r.label,
      format: r.format,
      points: r.summary?.points ?? 0,
      lastStep: r.summary?.lastStep ?? null,
      warnings: r.summary?.warningCount ?? 0,
    })),
    focusedRunId: first.id,
  };
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return arg.includes('://') || arg.startsWith('file:') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}
