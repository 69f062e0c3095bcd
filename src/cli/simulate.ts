/**
 * `optlens simulate SPEC.json [--output FILE]`: read a run spec, run it, print (or write) the JSON output.
 * Every problem with the input (missing file, invalid JSON, invalid spec) is a SpecInputError (exit 2)
 * whose message names the file, the line and column, and for spec errors the JSON path.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SpecError } from '../core/specError';
import type { RunSpec } from '../core/train/spec';
import { locateSpecError, parseSpecText, SpecTextError } from '../core/train/specText';
import { simulateRuns } from '../core/train/simulate';
import { CliInputError } from './io';

/** An input problem: reported on stderr, exit code 2. */
export class SpecInputError extends CliInputError {
  constructor(message: string) {
    super(message, 'SpecInputError');
  }
}

/** Reads and validates a spec file; throws SpecInputError with a located message. */
export function readSpecFile(file: string): { text: string; specs: RunSpec[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SpecInputError(`${file}: no such file.`);
    if (code === 'EISDIR') throw new SpecInputError(`${file}: is a directory, not a spec file.`);
    throw new SpecInputError(`${file}: cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    return { text, specs: parseSpecText(text) };
  } catch (error) {
    if (error instanceof SpecTextError) throw new SpecInputError(`${file}:${error.message}`);
    throw error;
  }
}

/** Runs the spec file and returns the output JSON text (with a final newline). */
export function simulateFile(file: string): string {
  const { text, specs } = readSpecFile(file);
  try {
    return JSON.stringify(simulateRuns(specs)) + '\n';
  } catch (error) {
    // Settings only the engine can check (e.g. a problem's size against the steps) are spec errors too.
    if (error instanceof SpecError) throw new SpecInputError(`${file}:${locateSpecError(text, error).message}`);
    throw error;
  }
}

export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new SpecInputError(`cannot write ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
}
