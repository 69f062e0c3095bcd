/**
 * `optlens lint PATH... [--json]`: the optimizer settings of training scripts and configs (files, or
 * folders searched for *.py, *.yaml, *.yml, *.json, *.jsonc), as the editor sees them, and the diagnostics of
 * the config rules (src/core/config/rules) on them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extractSettings, languageOf, MAX_CONFIG_CHARS } from '../core/config';
import { runRules } from '../core/config/rules';
import { writeLintJson, writeLintText, type LintedFile } from './lintOutput';
import { lintSarif } from './lintSarif';
import { CliInputError, type CliIo } from './io';

export type LintFormat = 'text' | 'json' | 'sarif';

/** Folders that hold dependencies, caches or history, never the user's own configs. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.ipynb_checkpoints']);

/**
 * UTF-8 takes at most 3 bytes per UTF-16 unit of the extractor's cap, so a bigger file would be skipped
 * after reading anyway: skip it before reading.
 */
const MAX_FILE_BYTES = MAX_CONFIG_CHARS * 3;

/** A path on the command line that does not exist: exit code 2, before any output. */
export class LintInputError extends CliInputError {
  constructor(message: string) {
    super(message, 'LintInputError');
  }
}

export type LintIo = CliIo;

function toSlashes(path: string): string {
  return path.split('\\').join('/');
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${e.message}` : error instanceof Error ? error.message : String(error);
}

function filesUnder(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // an unreadable folder inside the tree: nothing of it to lint
  }
  for (const name of names) {
    const path = `${dir}/${name}`;
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      continue; // a dangling symlink
    }
    if (isDirectory) {
      if (!SKIPPED_DIRS.has(name)) filesUnder(path, out);
    } else if (languageOf(name) !== null) {
      out.push(path);
    }
  }
}

/** The files to lint: explicit files as given (whatever their extension), folders searched. */
export function lintTargets(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = toSlashes(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new LintInputError(`cannot read ${given}: ${errorText(error)}`);
    }
    if (isDirectory) filesUnder(path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path, files);
    else files.push(path);
  }
  return [...new Set(files)];
}

function lintFile(path: string): LintedFile {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    return { path, settings: [], diagnostics: [], problems: [], readError: errorText(error) };
  }
  if (size > MAX_FILE_BYTES) {
    return { path, settings: [], diagnostics: [], problems: [`skipped: ${size} bytes, more than the ${MAX_FILE_BYTES} a config is read up to`] };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { path, settings: [], diagnostics: [], problems: [], readError: errorText(error) };
  }
  const result = extractSettings(path, text);
  return { path, settings: result.settings, diagnostics: runRules(result), problems: result.problems };
}

/**
 * Lints `paths` and writes the report. Returns true when every file could be read (exit 0), false when
 * some could not (exit 2; the others are still reported). Throws LintInputError for a missing path.
 */
export function lintCommand(paths: readonly string[], format: LintFormat, io: LintIo): boolean {
  const files = lintTargets(paths).map(lintFile);
  for (const f of files) if (f.readError) io.stderr(`optlens: cannot read ${f.path}: ${f.readError}\n`);
  const readable = files.filter((f) => !f.readError);
  if (format === 'json') writeLintJson(readable, io.stdout);
  else if (format === 'sarif') io.stdout(JSON.stringify(lintSarif(readable), null, 2) + '\n');
  else writeLintText(readable, io.stdout);
  return readable.length === files.length;
}
