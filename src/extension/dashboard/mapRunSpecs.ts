/**
 * The runs a stability-map click re-runs (pure, no vscode): the comparison's own run specs, minus a run an
 * earlier click added, plus a momentum-SGD run at the clicked settings on the same problem, seed and steps.
 */
import type { MapRerunContext } from '../../core/protocol';
import type { RunSpec } from '../../core/train/spec';

/** Ids of the runs a map click adds start with this (so the next click replaces them). */
export const MAP_RUN_PREFIX = 'map: ';

export interface SettingsRequest {
  comparisonFinishedAt: number;
  lr: number;
  momentum: number;
  nesterov: boolean;
  /** The comparison as the webview shows it (validated), for a host that no longer remembers it. */
  context?: MapRerunContext;
}

/** The comparison a re-run starts from: its run specs, loss tolerance and problem title. */
export interface RerunBase {
  specs: readonly RunSpec[];
  tolerance: number;
  problemTitle: string;
}

/**
 * What a click re-runs: the comparison the host remembers when it is the one clicked on (same finishedAt), else
 * the context the webview sent (a reloaded window: the panel restored the comparison, the host forgot it).
 */
export function rerunBase(remembered: { comparison: { finishedAt: number; problemTitle: string }; specs: readonly RunSpec[]; tolerance: number } | undefined,
  request: SettingsRequest): RerunBase {
  if (remembered && remembered.comparison.finishedAt === request.comparisonFinishedAt) {
    return { specs: remembered.specs, tolerance: remembered.tolerance, problemTitle: remembered.comparison.problemTitle };
  }
  if (request.context) return request.context;
  throw new SettingsRerunError('This comparison is no longer in memory (the window was reloaded or a newer one ran); run it again to use the map.');
}

export class SettingsRerunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsRerunError';
  }
}

/** The label of the added run: "map: SGD lr=0.012 momentum=0.9" (Nesterov said so). */
export function mapRunId(request: Pick<SettingsRequest, 'lr' | 'momentum' | 'nesterov'>): string {
  return `${MAP_RUN_PREFIX}SGD lr=${request.lr} momentum=${request.momentum}${request.nesterov ? ' nesterov' : ''}`;
}

/** The remembered specs without earlier map runs, plus the run at the clicked settings. */
export function specsWithSettings(specs: readonly RunSpec[], request: SettingsRequest): RunSpec[] {
  const kept = specs.filter((s) => !s.id.startsWith(MAP_RUN_PREFIX));
  const base = kept[0];
  if (!base) throw new SettingsRerunError('The comparison has no run to take the problem from.');
  const run: RunSpec = {
    id: mapRunId(request),
    steps: Math.max(...kept.map((s) => s.steps)),
    problem: base.problem,
    ...(base.seed !== undefined ? { seed: base.seed } : {}),
    optimizer: { name: 'sgd', lr: request.lr, momentum: request.momentum, ...(request.nesterov ? { nesterov: true } : {}) },
  };
  return [...kept, run];
}
