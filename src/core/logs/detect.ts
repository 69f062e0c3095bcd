import { splitFields, sniffDelimiter } from './csvFields';
import { KERAS_EPOCH_LINE, isKerasUpdate } from './kerasProgressReader';
import { TextLogReader } from './textLogReader';
import type { LogFormat, ScalarSink } from './types';

export { createReader, registerReader } from './readerRegistry';

/** Names a captured stdout goes by: `train.log`, `nohup.out`, `slurm-123.out`, `run.txt`, `train.log.1`. */
const CONSOLE_NAME = /\.(?:log|txt|out|err)(?:\.\d+)?$/;
const MLFLOW_LINE = /^\d+[ \t]+(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|[+-]?nan|[+-]?inf(?:inity)?)(?:[ \t]+-?\d+)?$/i;
// eslint-disable-next-line no-control-regex
const ANSI_OR_BACKSPACE = /\x1b\[[0-9;?]*[A-Za-z]|\x08/g;
const MLFLOW_RUN_ID = /^[0-9a-f]{32}$/;

/**
 * The format of a log from its path (full or relative, '/' or '\\' separated) and its first bytes (`head`, any
 * length; a few KiB is plenty), or null when it is not a log this extension reads.
 */
export function detectFormat(path: string, head: Uint8Array): LogFormat | null {
  const parts = pathParts(path);
  const base = parts[parts.length - 1] ?? path;
  const lowerName = base.toLowerCase();
  if (/^events\.out\.tfevents\./.test(base)) return 'tfevents';
  if (lowerName === 'trainer_state.json') return 'trainer-state';
  if (lowerName.endsWith('.jsonl') || lowerName.endsWith('.ndjson')) return 'jsonl';
  if (head.indexOf(0) >= 0) return null;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  if (isMlflowMetric(parts, text)) return 'mlflow-metric';
  const first = firstLine(text);
  if (lowerName.endsWith('.csv') || lowerName.endsWith('.tsv')) return csvFlavour(lowerName, first);
  if (lowerName.endsWith('.json') && /"log_history"/.test(text)) return 'trainer-state';
  // A JSON object per line; a printed Python dict (`{'loss': ...}`, single quotes) is print-style text.
  if (first.trimStart().startsWith('{') && !/^\s*\{\s*'/.test(first)) return 'jsonl';
  if (!CONSOLE_NAME.test(lowerName) && lowerName.includes('.')) return null;
  // A Keras bar rarely finishes an epoch within the head, so its updates are matched, not read.
  const segments = text.replace(ANSI_OR_BACKSPACE, '').split(/[\r\n]/);
  if (segments.some(isKerasUpdate)) return 'keras-progress';
  if (givesPoints(new TextLogReader(), head)) return 'text';
  if (segments.some((segment) => KERAS_EPOCH_LINE.test(segment))) return 'keras-progress';
  return null;
}

/**
 * The metric key of an MLflow file-store metric file: the path below the run's `metrics/` folder, '/'-joined
 * (keys may hold '/'), or null when the path is not below a `metrics/` folder. The run folder is found as
 * `mlruns/<experiment>/<run>/metrics/`, else `<32-hex run id>/metrics/`, else the last `metrics/` folder.
 */
export function mlflowMetricKey(path: string): string | null {
  const parts = pathParts(path);
  const at = metricsFolderIndex(parts);
  return at >= 0 && at < parts.length - 1 ? parts.slice(at + 1).join('/') : null;
}

function pathParts(path: string): string[] {
  return path.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
}

/** Index of the `metrics` component of an MLflow run in `parts`, or -1. */
function metricsFolderIndex(parts: string[]): number {
  const mlruns = parts.lastIndexOf('mlruns');
  if (mlruns >= 0 && parts[mlruns + 3] === 'metrics') return mlruns + 3;
  for (let i = 1; i < parts.length; i++) {
    if (parts[i] === 'metrics' && MLFLOW_RUN_ID.test(parts[i - 1])) return i;
  }
  return parts.lastIndexOf('metrics', parts.length - 2);
}

/** A metric file of a recognisable run folder, or any file under `metrics/` whose lines look like MLflow's. */
function isMlflowMetric(parts: string[], text: string): boolean {
  const at = metricsFolderIndex(parts);
  if (at < 0 || at >= parts.length - 1) return false;
  const lines = completeLines(text);
  if (!lines.every((line) => MLFLOW_LINE.test(line))) return false;
  const runFolder = (parts[at - 3] === 'mlruns' && at >= 3) || MLFLOW_RUN_ID.test(parts[at - 1] ?? '');
  return runFolder || lines.length > 0;
}

/** The non-blank complete lines of `text` (a head may end inside a line), trimmed. */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  return text
    .slice(0, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Whether `reader` turns any part of `head` into a point. */
function givesPoints(reader: TextLogReader, head: Uint8Array): boolean {
  let found = false;
  const sink: ScalarSink = {
    add: () => {
      found = true;
    },
  };
  reader.push(head, sink);
  return found;
}

function csvFlavour(lowerName: string, header: string): LogFormat {
  const names = splitFields(header, sniffDelimiter(header)).fields.map((name) => name.trim().toLowerCase());
  if (lowerName === 'metrics.csv' && names.includes('step')) return 'lightning-csv';
  if (names[0] === 'epoch') return 'keras-csv';
  return 'csv';
}

/** The first non-blank line of `text`, without its line end. */
function firstLine(text: string): string {
  for (const line of text.split('\n')) {
    if (line.trim() !== '') return line.replace(/\r$/, '');
  }
  return '';
}
