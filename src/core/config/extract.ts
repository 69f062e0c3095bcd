/**
 * `extractSettings(path, text)`: the settings of one file, by its name: `.py` with the Python grammar,
 * `.yaml`/`.yml` with the YAML parser, `.json`/`.jsonc` with the JSON(C) parser. Never throws: binary,
 * huge or broken input gives what could be read plus a problem saying why the rest is missing.
 */
import { extractJson } from './json/extract';
import { extractPython, type PieceCache } from './python/extract';
import { IncrementalPythonParser } from './python/incremental';
import type { ConfigExtraction, ConfigLanguage } from './types';
import { extractYaml } from './yaml/extract';
import { IncrementalYaml } from './yaml/incremental';
import { IncrementalJson } from './json/incremental';

/**
 * Above this many UTF-16 units a file is not a training config a person edits (a data dump, a minified
 * bundle): reading it would cost far more than the 5 ms refresh budget, so it is skipped with a problem.
 */
export const MAX_CONFIG_CHARS = 2_000_000;

/** Bytes that never occur in text: a NUL in the first 8 KiB marks a binary file (as git decides). */
const BINARY_PROBE = 8192;

export function languageOf(path: string): ConfigLanguage | null {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (ext === 'py' || ext === 'pyw') return 'python';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json' || ext === 'jsonc') return 'json';
  return null;
}

function empty(language: ConfigLanguage | null, problem?: string): ConfigExtraction {
  return { language, settings: [], loopCalls: [], hints: [], problems: problem ? [problem] : [] };
}

export function extractSettings(path: string, text: string): ConfigExtraction {
  return extractWith(path, text, null);
}

/** What an editor keeps of a document between refreshes. */
interface PythonState {
  parser: IncrementalPythonParser;
  cache: { pieces: PieceCache | null };
}

/** The editor's state per language (a document renamed to another extension changes language). */
interface EditorState {
  python: PythonState;
  yaml: IncrementalYaml;
  json: IncrementalJson;
}

/**
 * For an editor: one extractor per open document. Python is re-parsed incrementally (the previous tree's
 * untouched parts are reused) and only the pieces of the file whose text changed, or whose names changed
 * meaning, are read again (python/pieces.ts), so a refresh after a keystroke costs far less than a full
 * read. YAML and JSON reuse the trees of the top-level blocks or properties an edit did not touch
 * (yaml/incremental.ts, json/incremental.ts). For an error-free text the result is extractSettings's; while
 * the text has an error, what lies outside the edited chunk (Python) or block (YAML) is read as before the edit.
 */
export function createSettingsExtractor(): (path: string, text: string) => ConfigExtraction {
  const state: EditorState = {
    python: { parser: new IncrementalPythonParser(), cache: { pieces: null } },
    yaml: new IncrementalYaml(),
    json: new IncrementalJson(),
  };
  return (path, text) => extractWith(path, text, state);
}

function extractWith(path: string, text: string, editor: EditorState | null): ConfigExtraction {
  const language = languageOf(path);
  if (language === null) return empty(null, 'not a Python, YAML or JSON file (by its extension)');
  if (text.length > MAX_CONFIG_CHARS) return empty(language, `skipped: ${text.length} characters, more than the ${MAX_CONFIG_CHARS} a config is read up to`);
  if (text.slice(0, BINARY_PROBE).includes('\u0000')) return empty(language, 'skipped: binary content (a NUL byte)');
  try {
    switch (language) {
      case 'python':
        if (!editor) return extractPython(text);
        return extractPython(text, editor.python.parser.parse(text), editor.python.cache, editor.python.parser.lastChange);
      case 'yaml':
        return editor ? editor.yaml.extract(text) : extractYaml(text);
      case 'json':
        return editor ? editor.json.extract(text) : extractJson(text);
    }
  } catch (error) {
    // A parser bug must not take the editor or the CLI down: report it as a problem of this file.
    return empty(language, `internal error while reading: ${error instanceof Error ? error.message : String(error)}`);
  }
}
