/**
 * A spec file's text to validated runs, with every error placed at a line and column: JSON syntax errors
 * where JSON.parse stopped, spec errors at the value their JSON path names. Shared by the CLI and the
 * extension, which add the file name.
 */
import { jsonSpans, lineColumnAt, locateJsonPath, parseJsonText } from '../jsonLocations';
import { SpecError } from '../specError';
import { parseRunSpecs, type RunSpec } from './spec';

export class SpecTextError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    /** The JSON path of the bad value ('' for the root), or null for a JSON syntax error. */
    readonly jsonPath: string | null,
    /** The message without the location. */
    readonly detail: string,
  ) {
    super(`${line}:${column}: ${detail}`);
    this.name = 'SpecTextError';
  }
}

/** Places a SpecError raised for `text` (by parsing or by building the runs) at its line and column. */
export function locateSpecError(text: string, error: SpecError): SpecTextError {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const span = locateJsonPath(jsonSpans(text), error.path);
  const where = span ? lineColumnAt(text, span.start) : { line: 1, column: 1 };
  return new SpecTextError(where.line, where.column, error.path, error.message);
}

/** Parses and validates a spec file's text; throws SpecTextError. */
export function parseSpecText(text: string): RunSpec[] {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new SpecTextError(parsed.line, parsed.column, null, `invalid JSON: ${parsed.message}.`);
  const raw = parsed.value;
  try {
    return parseRunSpecs(raw);
  } catch (error) {
    if (error instanceof SpecError) throw locateSpecError(parsed.body, error);
    throw error;
  }
}
