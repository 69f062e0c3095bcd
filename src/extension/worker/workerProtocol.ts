/** Messages between the extension host and the trainer worker thread (both sides are ours, same bundle build). */
import type { WireComparison } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';
import type { ComparisonRequest } from '../../core/train/types';

export type WorkerStart =
  | { type: 'start'; request: ComparisonRequest }
  /** The runs of a spec file (already validated by the host). */
  | { type: 'startSpecs'; specs: RunSpec[]; tolerance: number; specTitle: string };

export type WorkerReply =
  | { type: 'progress'; runIndex: number; step: number }
  | { type: 'done'; comparison: WireComparison }
  | { type: 'failed'; message: string };
