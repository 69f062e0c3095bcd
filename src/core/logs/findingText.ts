/**
 * How a finding is named in the Training Runs tree, the status bar, the health reasons and the notification:
 * "divergence in train/loss at steps 120-180". One place, so the four say the same thing. Also the order the
 * views list findings in: most severe first, then earliest onset.
 */
import { severityRank } from '../diagnose/types';
import type { Finding } from '../diagnose/types';

/** "1,200" for 1200: steps as people read them (locale-independent, so tests and screenshots are stable). */
function formatStep(step: number): string {
  if (!Number.isFinite(step)) return String(step);
  return Math.round(step).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "steps 120-180", or "step 120" when the finding is about one step. */
export function findingSteps(f: Pick<Finding, 'step_start' | 'step_end'>): string {
  return f.step_end > f.step_start ? `steps ${formatStep(f.step_start)}-${formatStep(f.step_end)}` : `step ${formatStep(f.step_start)}`;
}

/** "divergence in train/loss at steps 120-180". */
export function findingTitle(f: Pick<Finding, 'kind' | 'metric' | 'step_start' | 'step_end'>): string {
  return `${f.kind} in ${f.metric} at ${findingSteps(f)}`;
}

/** A stable key of a finding across summaries (it keeps kind, metric and onset while its end grows). */
export function findingKey(f: Pick<Finding, 'kind' | 'metric' | 'step_start'>): string {
  return `${f.kind}\u0000${f.metric}\u0000${f.step_start}`;
}

/** Most severe first, then earliest onset, then metric name (a total order: views do not reshuffle). */
export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.step_start - b.step_start || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/** A sorted copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
