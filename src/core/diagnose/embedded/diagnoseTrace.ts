/**
 * Diagnoses a finished embedded run: builds a streaming Diagnoser for the run's context, feeds it the trace
 * (./feedTrace) and returns every finding once the run is over.
 */
import type { RunTrace } from '../../train/types';
import type { Diagnoser, Finding, RunContext } from '../types';
import { defaultDiagnoserFactory, type DiagnoserFactory, type DiagnoserThresholds } from './engine';
import { feedTrace } from './feedTrace';

export function diagnoseTrace(
  trace: RunTrace,
  context: RunContext,
  thresholds?: DiagnoserThresholds,
  createDiagnoser: DiagnoserFactory = defaultDiagnoserFactory,
): Finding[] {
  const diagnoser: Diagnoser = createDiagnoser(context, thresholds);
  feedTrace(trace, diagnoser);
  return diagnoser.end();
}
