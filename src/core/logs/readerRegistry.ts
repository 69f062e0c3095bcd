import { CsvReader } from './csvReader';
import { JsonlReader } from './jsonlReader';
import { KerasProgressReader } from './kerasProgressReader';
import { MlflowMetricReader } from './mlflowMetricReader';
import { TextLogReader } from './textLogReader';
import { TrainerStateReader } from './trainerStateReader';
import type { IncrementalReader, LogFormat } from './types';

/** What a caller knows about the file beyond its bytes. */
export interface ReaderOptions {
  /** The tag of a single-metric file (MLflow: the metric key, see mlflowMetricKey); default 'value'. */
  tag?: string;
}

export type ReaderFactory = (options: ReaderOptions) => IncrementalReader;

/**
 * Which reader reads which format. The tfevents reader adds itself with `registerReader` from its own
 * module (it pulls in the CRC32C library, which the text formats do not need).
 */
const factories = new Map<LogFormat, ReaderFactory>([
  ['csv', () => new CsvReader('csv')],
  ['lightning-csv', () => new CsvReader('lightning-csv')],
  ['keras-csv', () => new CsvReader('keras-csv')],
  ['jsonl', () => new JsonlReader()],
  ['trainer-state', () => new TrainerStateReader()],
  ['keras-progress', () => new KerasProgressReader()],
  ['text', () => new TextLogReader()],
  ['mlflow-metric', (options) => new MlflowMetricReader(options.tag)],
]);

export function registerReader(format: LogFormat, factory: ReaderFactory): void {
  factories.set(format, factory);
}

export function hasReader(format: LogFormat): boolean {
  return factories.has(format);
}

/** A fresh reader for `format`; throws when no reader of that format is registered. */
export function createReader(format: LogFormat, options: ReaderOptions = {}): IncrementalReader {
  const factory = factories.get(format);
  if (!factory) throw new Error(`no reader for the log format '${format}' yet (registered: ${[...factories.keys()].join(', ')})`);
  return factory(options);
}
