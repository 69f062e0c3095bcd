import { CsvReader } from './csvReader';
import { JsonlReader } from './jsonlReader';
import { TrainerStateReader } from './trainerStateReader';
import type { IncrementalReader, LogFormat } from './types';

export type ReaderFactory = () => IncrementalReader;

/**
 * Which reader reads which format. Readers of other formats (tfevents, keras-progress, text, mlflow-metric)
 * add themselves with `registerReader` from their own module.
 */
const factories = new Map<LogFormat, ReaderFactory>([
  ['csv', () => new CsvReader('csv')],
  ['lightning-csv', () => new CsvReader('lightning-csv')],
  ['keras-csv', () => new CsvReader('keras-csv')],
  ['jsonl', () => new JsonlReader()],
  ['trainer-state', () => new TrainerStateReader()],
]);

export function registerReader(format: LogFormat, factory: ReaderFactory): void {
  factories.set(format, factory);
}

export function hasReader(format: LogFormat): boolean {
  return factories.has(format);
}

/** A fresh reader for `format`; throws when no reader of that format is registered. */
export function createReader(format: LogFormat): IncrementalReader {
  const factory = factories.get(format);
  if (!factory) throw new Error(`no reader for the log format '${format}' yet (registered: ${[...factories.keys()].join(', ')})`);
  return factory();
}
