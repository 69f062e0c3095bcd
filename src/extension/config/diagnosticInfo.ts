/**
 * The pure parts of the editor's config diagnostics (no vscode, so unit tests run them): which documents are
 * checked and as what, where a diagnostic's code links to, its severity, and the settings with their bounds.
 */
import { languageOf } from '../../core/config';
import type { Severity } from '../../core/diagnose/types';

/** `Diagnostic.source`: the name the Problems view and hovers show. */
export const CONFIG_SOURCE = 'Optimizer Lens';

/** The languages whose documents are checked (VS Code language ids). */
export const CONFIG_LANGUAGES = ['python', 'yaml', 'json', 'jsonc'] as const;

const EXTENSION_OF: Record<string, string> = { python: '.py', yaml: '.yaml', json: '.json', jsonc: '.jsonc' };

/**
 * The name the extractor reads a document under: its own path when the extension says what it is, else
 * (an untitled editor, `Dockerfile`-style names mapped to a language) the path plus the language's
 * extension. Null for any other language, and for run specs (*.optlens.json have their own language).
 */
export function extractionPath(path: string, languageId: string): string | null {
  const suffix = EXTENSION_OF[languageId];
  if (suffix === undefined) return null;
  return languageOf(path) !== null ? path : `${path}${suffix}`;
}

/**
 * Where a code such as OL004 links to: the README's "Config rules" table, whose rows carry the anchors
 * `config-rules-ol004`, at the repository's README (GitHub renders the README at the repository's URL).
 * Undefined when the manifest names no repository (the code is then shown without a link).
 */
export function codeTarget(repositoryUrl: string | undefined, code: string): string | undefined {
  if (!repositoryUrl || !/^https?:\/\//.test(repositoryUrl.replace(/^git\+/, ''))) return undefined;
  const base = repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return `${base}#config-rules-${code.toLowerCase()}`;
}

/** The manifest's `repository` (a string or `{url}`), as a URL or undefined. */
export function repositoryUrlOf(packageJson: unknown): string | undefined {
  const repo = (packageJson as { repository?: unknown } | undefined)?.repository;
  if (typeof repo === 'string') return repo;
  const url = (repo as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

/** vscode.DiagnosticSeverity's values (Error 0, Warning 1, Information 2): info is shown as Information. */
export function severityIndex(severity: Severity): 0 | 1 | 2 {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

export interface ConfigDiagnosticsSettings {
  enabled: boolean;
  /** Quiet time after the last keystroke before a document is checked again. */
  debounceMs: number;
}

export const DEFAULT_DEBOUNCE_MS = 300;
export const MAX_DEBOUNCE_MS = 5000;

/** The settings as read, with out-of-range or mistyped values replaced by the defaults. */
export function configDiagnosticsSettings(enabled: unknown, debounceMs: unknown): ConfigDiagnosticsSettings {
  const ms = typeof debounceMs === 'number' && Number.isFinite(debounceMs) && debounceMs >= 0 && debounceMs <= MAX_DEBOUNCE_MS
    ? Math.round(debounceMs) : DEFAULT_DEBOUNCE_MS;
  return { enabled: enabled !== false, debounceMs: ms };
}
