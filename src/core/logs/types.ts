/**
 * What every training-log reader produces and how it is fed. Readers are incremental: the caller hands
 * them the bytes appended to a file since the last call; a reader keeps its own partial tail (a half-written
 * last line or record) and reports it only when told the writer is gone (`end`). Readers never throw on bad
 * input: damage becomes a warning with its location, and the rest of the file is still read.
 */

export type LogFormat =
  | 'tfevents'
  | 'lightning-csv'
  | 'keras-csv'
  | 'csv'
  | 'trainer-state'
  | 'jsonl'
  | 'keras-progress'
  | 'text'
  | 'mlflow-metric';

/** One scalar point. `value` keeps NaN and +-Infinity as they were logged. */
export interface ScalarPoint {
  tag: string;
  step: number;
  /** Seconds since the epoch, or null where the format records none. */
  wallTime: number | null;
  value: number;
}

export interface ReadWarning {
  message: string;
  /** Byte offset in the file of the damaged record or line, when known. */
  offset?: number;
  /** 1-based line number, for text formats. */
  line?: number;
}

export interface IncrementalReader {
  readonly format: LogFormat;
  /** Consumes bytes appended to the file; returns the points of every complete record or line in them. */
  push(chunk: Uint8Array): ScalarPoint[];
  /** The writer is gone: a pending partial tail becomes a warning (never a point); returns any last points. */
  end(): ScalarPoint[];
  /** Warnings so far (bad CRC, unparseable line, truncated tail...), in file order. */
  readonly warnings: readonly ReadWarning[];
  /** Bytes consumed so far, including a partial tail held back. */
  readonly bytesRead: number;
}
