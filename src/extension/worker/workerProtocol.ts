/** Messages between the extension host and the trainer worker thread (both sides are ours, same bundle build). */
import type { WireComparison } from '../../core/protocol';
import type { ComparisonRequest } from '../../core/train/types';

export interface WorkerStart {
  type: 'start';
  request: ComparisonRequest;
}

export type WorkerReply =
  | { type: 'progress'; runIndex: number; step: number }
  | { type: 'done'; comparison: WireComparison }
  | { type: 'failed'; message: string };
