/**
 * `optlens read PATH... [--json]`: reads training logs (files, or folders searched recursively) with the same
 * readers the extension uses, groups them into runs, and prints each run's series: a short table, or JSON
 * streamed run by run and a few thousand numbers at a time (a big run never becomes one giant string).
 * Files are fed to the readers in 1 MiB chunks, like appends to a live log.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createReader, detectFormat } from '../core/logs/detect';
import { groupRuns, type LogFile, type RunDescriptor } from '../core/logs/runGrouping';
import { SeriesStore } from '../core/logs/seriesStore';
import { TfEventsReader } from '../core/logs/tfevents/index';
import type { IncrementalReader, LogFormat, ReadWarning } from '../core/logs/types';
import { writeRunJson, writeRunTable, type RunResult } from './readOutput';
import { CliInputError, type CliIo } from './io';

export const READ_CHUNK_BYTES = 1 << 20;
const HEAD_BYTES = 4096;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** A path on the command line that does not exist: exit code 2. */
export class ReadInputError extends CliInputError {
  constructor(message: string) {
    super(message, 'ReadInputError');
  }
}

export type ReadIo = CliIo;

/** The log files found at `paths` (folders searched recursively), and files given explicitly in no known format. */
export interface FoundLogs {
  files: LogFile[];
  unknown: string[];
  /** Files the caller's `claim` took (before any log reader was asked), in path order. */
  claimed: string[];
}

/**
 * Finds the logs at `paths` (shared with `optlens diagnose`). `claim` may take a file for the caller first (diagnose
 * takes simulate output, which a log reader would read as JSON lines). Throws ReadInputError for a missing path.
 */
export function findLogs(paths: readonly string[], claim?: (path: string) => boolean): FoundLogs {
  const files: LogFile[] = [];
  const unknown: string[] = [];
  const claimed: string[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const path = toSlashes(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ReadInputError(code === 'ENOENT' ? `${given}: no such file or directory.` : `${given}: cannot read it (${errorText(error)}).`);
    }
    if (isDirectory) {
      for (const file of logsUnder(path, claim)) {
        if (seen.has(file.path)) continue;
        seen.add(file.path);
        if (file.format === null) claimed.push(file.path);
        else files.push({ path: file.path, format: file.format });
      }
    } else if (!seen.has(path)) {
      seen.add(path);
      if (claim?.(path)) {
        claimed.push(path);
        continue;
      }
      const format = detectFile(path);
      if (format === null) unknown.push(path);
      else files.push({ path, format });
    }
  }
  return { files, unknown, claimed };
}

/** Reads `paths` and writes the runs to io.stdout. Throws ReadInputError for a missing path (before any output). */
export function readCommand(paths: readonly string[], json: boolean, io: ReadIo): void {
  const { files, unknown } = findLogs(paths);
  const runs = groupRuns(files);
  if (json) io.stdout('{"runs": [');
  let first = true;
  const emit = (result: RunResult): void => {
    if (json) {
      io.stdout(first ? '\n' : ',\n');
      writeRunJson(result, io.stdout);
    } else writeRunTable(result, io.stdout);
    first = false;
  };
  for (const run of runs) emit(readRun(run));
  for (const path of unknown) {
    emit({ path, format: null, store: new SeriesStore(), warnings: [`${path}: not a training log in a format optlens reads; skipped`] });
  }
  if (json) io.stdout(first ? ']}\n' : '\n]}\n');
  else if (first) io.stderr(`optlens: no training logs found in ${paths.join(', ')}\n`);
}

/** Reads every file of a run into one store (no compaction: the output is every point). */
export function readRun(run: RunDescriptor): RunResult {
  const store = new SeriesStore({ maxPoints: Infinity, exactWallTime: true });
  const warnings: string[] = [];
  let records: number | undefined;
  let crcErrors: number | undefined;
  for (const file of run.files) {
    let reader: IncrementalReader;
    try {
      reader = createReaderFor(file.format, file.tag);
    } catch (error) {
      warnings.push(`${file.path}: ${errorText(error)}; skipped`);
      continue;
    }
    try {
      feedFile(file.path, reader, store);
    } catch (error) {
      warnings.push(`${file.path}: cannot read it (${errorText(error)})`);
    }
    reader.end(store);
    for (const w of reader.warnings) warnings.push(locate(file.path, w));
    if (reader instanceof TfEventsReader) {
      records = (records ?? 0) + reader.records;
      crcErrors = (crcErrors ?? 0) + reader.crcErrors;
    }
  }
  for (const r of store.restarts) {
    warnings.push(`${run.path}: "${r.tag}" went back from step ${r.previousStep} to ${r.step} (a resumed run); `
      + `${r.purged} later point${r.purged === 1 ? '' : 's'} dropped, as TensorBoard does`);
  }
  if (store.restartCount > store.restarts.length) warnings.push(`${run.path}: ${store.restartCount - store.restarts.length} more restarts`);
  const result: RunResult = { path: run.path, format: run.files[0]?.format ?? null, store, warnings };
  if (records !== undefined) result.records = records;
  if (crcErrors !== undefined) result.crcErrors = crcErrors;
  return result;
}

/** createReader, passing an MLflow metric file's key as its tag. */
function createReaderFor(format: LogFormat, tag: string | undefined): IncrementalReader {
  return tag === undefined ? createReader(format) : createReader(format, { tag });
}

function feedFile(path: string, reader: IncrementalReader, store: SeriesStore): void {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      // A fresh buffer per chunk: a reader may keep a view of its partial tail.
      const chunk = new Uint8Array(READ_CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, READ_CHUNK_BYTES, null);
      if (n === 0) break;
      reader.push(n === READ_CHUNK_BYTES ? chunk : chunk.subarray(0, n), store);
    }
  } finally {
    closeSync(fd);
  }
}

/** "path:line: message" for text formats, "path@offset: message" for binary ones. */
function locate(path: string, w: ReadWarning): string {
  if (w.line !== undefined) return `${path}:${w.line}: ${w.message}`;
  if (w.offset !== undefined) return `${path}@${w.offset}: ${w.message}`;
  return `${path}: ${w.message}`;
}

/** The logs in a folder and its subfolders (not node_modules or .git), in path order; claimed files with format null. */
function logsUnder(dir: string, claim?: (path: string) => boolean): { path: string; format: LogFormat | null }[] {
  const out: { path: string; format: LogFormat | null }[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = dir === '.' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDirectory) {
      if (!SKIPPED_DIRS.has(name)) out.push(...logsUnder(path, claim));
      continue;
    }
    if (claim?.(path)) {
      out.push({ path, format: null });
      continue;
    }
    const format = detectFile(path);
    if (format !== null) out.push({ path, format });
  }
  return out;
}

function detectFile(path: string): LogFormat | null {
  let head: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = new Uint8Array(HEAD_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  return detectFormat(path, head);
}

function toSlashes(path: string): string {
  return join(path).split('\\').join('/');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
