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

/** One scalar point (for tests and small outputs; readers deliver through a ScalarSink). `value` keeps NaN and +-Infinity as they were logged. */
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

/**
 * Where a reader delivers points: one call per point, no allocation (a series store appends to typed columns).
 * `wallTime` is null where the format records none.
 */
export interface ScalarSink {
  add(tag: string, step: number, wallTime: number | null, value: number): void;
}

export interface IncrementalReader {
  readonly format: LogFormat;
  /** Consumes bytes appended to the file; delivers the points of every complete record or line in them. */
  push(chunk: Uint8Array, sink: ScalarSink): void;
  /** The writer is gone: a pending partial tail becomes a warning (never a point); delivers any last points. */
  end(sink: ScalarSink): void;
  /** Warnings so far (bad CRC, unparseable line, truncated tail...), in file order. */
  readonly warnings: readonly ReadWarning[];
  /** Bytes consumed so far, including a partial tail held back. */
  readonly bytesRead: number;
}
