/**
 * Loading a spec file in the extension: from the open editor when the file is open (so unsaved edits run),
 * else through vscode.workspace.fs (works in remote and virtual workspaces). Errors name the file, the
 * line and column, and the JSON path of the bad value.
 */
import * as vscode from 'vscode';
import type { RunSpec } from '../../core/train/spec';
import { parseSpecText, SpecTextError } from '../../core/train/specText';

export const SPEC_FILE_GLOB = '**/*.optlens.json';
/** The language package.json gives *.optlens.json files (JSON highlighting, JSON language server, own activation). */
export const SPEC_LANGUAGE_ID = 'optlens-spec';
/**
 * Where the CodeLenses apply: spec documents, and *.optlens.json files a user has mapped back to plain JSON
 * (files.associations or "Change Language Mode").
 */
export const SPEC_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { language: SPEC_LANGUAGE_ID },
  { language: 'json', pattern: SPEC_FILE_GLOB },
];

export class SpecFileError extends Error {
  constructor(
    message: string,
    readonly uri?: vscode.Uri,
    readonly position?: vscode.Position,
  ) {
    super(message);
    this.name = 'SpecFileError';
  }
}

export interface LoadedSpec {
  uri: vscode.Uri;
  /** Short name for titles and messages (the path relative to the workspace). */
  name: string;
  specs: RunSpec[];
}

/** A URI object, a URI string ("file:///...", "vscode-vfs://...") or a path (absolute or workspace-relative). */
export function specUri(target: unknown): vscode.Uri {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'object' && target !== null && typeof (target as { scheme?: unknown }).scheme === 'string') {
    return vscode.Uri.from(target as { scheme: string; path?: string; authority?: string; query?: string; fragment?: string });
  }
  if (typeof target !== 'string' || target.trim() === '') {
    throw new SpecFileError(`specFile must be a path or a URI, not ${JSON.stringify(target)}.`);
  }
  if (/^[a-zA-Z][\w+.-]+:\/\//.test(target)) return vscode.Uri.parse(target, true);
  if (/^([a-zA-Z]:[\\/]|[\\/])/.test(target)) return vscode.Uri.file(target);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new SpecFileError(`"${target}" is a relative path, but no folder is open to resolve it against.`);
  return vscode.Uri.joinPath(folder.uri, target);
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    const detail = error instanceof vscode.FileSystemError && error.code === 'FileNotFound'
      ? 'no such file'
      : error instanceof Error ? error.message : String(error);
    throw new SpecFileError(`${vscode.workspace.asRelativePath(uri)}: ${detail}.`, uri);
  }
}

/** Reads and validates a spec file; throws SpecFileError with a located message. */
export async function loadSpecFile(target: unknown): Promise<LoadedSpec> {
  const uri = specUri(target);
  const name = vscode.workspace.asRelativePath(uri);
  const text = await readText(uri);
  try {
    return { uri, name, specs: parseSpecText(text) };
  } catch (error) {
    if (error instanceof SpecTextError) {
      throw new SpecFileError(`${name}:${error.message}`, uri, new vscode.Position(error.line - 1, error.column - 1));
    }
    throw error;
  }
}

/** Keeps the runs `run` selects: an index into the spec's runs or a run id; all runs when undefined. */
export function selectRuns(loaded: LoadedSpec, run: unknown): RunSpec[] {
  if (run === undefined) return loaded.specs;
  const found = typeof run === 'number' ? loaded.specs[run] : loaded.specs.find((s) => s.id === run);
  if (!found) {
    throw new SpecFileError(`${loaded.name} has no run ${JSON.stringify(run)}; its runs are ${loaded.specs.map((s) => s.id).join(', ')}.`, loaded.uri);
  }
  return [found];
}
