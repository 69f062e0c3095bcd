/**
 * The run specs behind a comparison's runs, in run order: what "Try this fix" re-runs. A preset comparison's
 * entries all share its problem (and the seed inside it) and step count; a spec file's runs are their own.
 */
import type { RunSpec } from '../../core/train/spec';
import type { ComparisonRequest } from '../../core/train/types';

export function specsOfRequest(request: ComparisonRequest): RunSpec[] {
  return request.entries.map((entry) => ({
    id: entry.label,
    steps: request.steps,
    problem: request.problem,
    optimizer: entry.optimizer,
    ...(entry.schedule ? { schedule: entry.schedule } : {}),
    ...(entry.clip ? { clip: entry.clip } : {}),
  }));
}
