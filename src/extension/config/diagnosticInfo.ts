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

/** The command a diagnostic's code runs: it opens the README bundled with the extension at the rule's row. */
export const RULE_DOCS_COMMAND = 'optimizerLens.openRuleDocs';

/** What a rule code looks like (OL001...): the command's argument is checked against it. */
const RULE_CODE = /^OL\d{3}$/;

/**
 * Where a code such as OL004 links to: a `command:` URI (VS Code's hover and Problems view open a
 * Diagnostic.code target with commands allowed) running RULE_DOCS_COMMAND with the code. So the link works
 * offline and in any install, without a web address: the extension ships its README.
 */
export function codeTarget(code: string): string {
  return `command:${RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** The rule code a RULE_DOCS_COMMAND call was given, or null for anything else (it may come from any link). */
export function ruleCodeArgument(arg: unknown): string | null {
  return typeof arg === 'string' && RULE_CODE.test(arg) ? arg : null;
}

/** The README's anchor of a rule's row in the "Config rules" table. */
export function ruleAnchor(code: string): string {
  return `config-rules-${code.toLowerCase()}`;
}

/** The 0-based line of the README that holds the rule's anchor, or -1 when it has none. */
export function ruleDocsLine(readme: string, code: string): number {
  const needle = `id="${ruleAnchor(code)}"`;
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  return -1;
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
