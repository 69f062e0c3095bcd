/**
 * Finding training runs: candidate files from the include/exclude globs (`workspace.findFiles`, bounded and
 * cancellable) or from a folder the user picked, each one's format from its name and first 4 KiB
 * (`detectFormat`), and the files grouped into runs (`groupRuns`: a TensorBoard directory, a Lightning
 * version folder, an MLflow run...).
 */
import * as vscode from 'vscode';
import { detectFormat } from '../../core/logs/detect';
import { groupRuns } from '../../core/logs/runGrouping';
import type { LogFormat } from '../../core/logs/types';
import type { LogSettings } from '../settings';
import { readHead } from './fileBytes';
import { runLabel } from './runLabel';
import type { RunFiles } from './runFollower';

export interface DetectedFile {
  uri: vscode.Uri;
  format: LogFormat;
}

export interface DiscoveredRun extends RunFiles {
  /** True when the run is a folder (watched recursively), false for a lone file. */
  isFolder: boolean;
}

/** Files detected at once (each reads 4 KiB). */
const DETECT_CONCURRENCY = 8;
/** Outside `file:` a head read fetches the whole file: bigger files are recognised by name only. */
const MAX_WHOLE_READ_FOR_DETECTION = 16 * 1024 * 1024;

/** Runs in the workspace folders matching the settings' globs. */
export async function discoverWorkspaceRuns(settings: LogSettings, token?: vscode.CancellationToken): Promise<DiscoveredRun[]> {
  if (!vscode.workspace.workspaceFolders?.length || settings.include.length === 0) return [];
  const exclude = settings.exclude.length ? `{${settings.exclude.join(',')}}` : null;
  const seen = new Map<string, vscode.Uri>();
  // One search per include glob: brace-joining globs that contain braces themselves is not reliable.
  for (const include of settings.include) {
    if (token?.isCancellationRequested || seen.size >= settings.maxFiles) break;
    const found = await vscode.workspace.findFiles(include, exclude, settings.maxFiles - seen.size, token);
    for (const uri of found) seen.set(uri.toString(), uri);
  }
  const files = await detectFiles([...seen.values()], token);
  return groupIntoRuns(files);
}

/** Runs in a file or folder the user picked (any location, not only the workspace). */
export async function discoverRunsAt(uri: vscode.Uri, settings: LogSettings, token?: vscode.CancellationToken): Promise<{ runs: DiscoveredRun[]; examined: number }> {
  const stat = await vscode.workspace.fs.stat(uri);
  const candidates = stat.type & vscode.FileType.Directory ? await listFiles(uri, settings.maxFiles, token) : [uri];
  const files = await detectFiles(candidates, token);
  const runs = groupIntoRuns(files);
  return { runs, examined: candidates.length };
}

/** Directory names never descended into when listing a picked folder (the exclude globs' usual suspects). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.venv', 'venv', 'site-packages', '__pycache__', '.ipynb_checkpoints']);

/** Files under `root` (breadth-first, sorted per folder, at most `maxFiles`), skipping the usual dependency folders. */
export async function listFiles(root: vscode.Uri, maxFiles: number, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const queue: vscode.Uri[] = [root];
  while (queue.length && out.length < maxFiles && !token?.isCancellationRequested) {
    const dir = queue.shift() as vscode.Uri;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      continue;
    }
    entries.sort((a, b) => a[0].localeCompare(b[0]));
    for (const [name, type] of entries) {
      const child = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) {
        if (!SKIPPED_DIRECTORIES.has(name)) queue.push(child);
      } else if (type & vscode.FileType.File && out.length < maxFiles) {
        out.push(child);
      }
    }
  }
  return out;
}

/** The format of each file that is a log; others are dropped. */
export async function detectFiles(uris: vscode.Uri[], token?: vscode.CancellationToken): Promise<DetectedFile[]> {
  const formats: (LogFormat | null)[] = new Array(uris.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < uris.length && !token?.isCancellationRequested) {
      const i = next++;
      formats[i] = await detectFile(uris[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DETECT_CONCURRENCY, uris.length) }, worker));
  const out: DetectedFile[] = [];
  uris.forEach((uri, i) => {
    const format = formats[i];
    if (format) out.push({ uri, format });
  });
  return out;
}

/** The format of one file, or null (not a log, unreadable, or too big to sniff on a remote file system). */
export async function detectFile(uri: vscode.Uri): Promise<LogFormat | null> {
  try {
    if (uri.scheme !== 'file') {
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > MAX_WHOLE_READ_FOR_DETECTION) return detectByNameOnly(uri);
    }
    return detectFormat(uri.path, await readHead(uri));
  } catch {
    return null;
  }
}

/** Formats recognisable from the name alone (their detection does not depend on the content). */
function detectByNameOnly(uri: vscode.Uri): LogFormat | null {
  const format = detectFormat(uri.path, new Uint8Array(0));
  return format === 'tfevents' || format === 'trainer-state' || format === 'jsonl' ? format : null;
}

/** Groups detected files into runs (TensorBoard directories, Lightning versions, MLflow runs, lone files). */
export function groupIntoRuns(files: DetectedFile[]): DiscoveredRun[] {
  const byPath = new Map<string, vscode.Uri>();
  for (const f of files) byPath.set(f.uri.path, f.uri);
  return groupRuns(files.map((f) => ({ path: f.uri.path, format: f.format }))).map((run) => {
    const first = byPath.get(run.files[0]?.path ?? '') ?? vscode.Uri.file(run.path);
    const isFolder = !(run.files.length === 1 && run.files[0].path === run.path);
    return {
      id: `${first.scheme}://${first.authority}${run.id}`,
      label: runLabel(run.label, run.path),
      root: first.with({ path: run.path }),
      isFolder,
      files: run.files.map((f) => ({ uri: byPath.get(f.path) ?? first.with({ path: f.path }), format: f.format, ...(f.tag !== undefined ? { tag: f.tag } : {}) })),
    };
  });
}

