/**
 * The diagnosis engine's public face: createDiagnoser for streaming use (watched logs, live runs) and
 * diagnoseSeries for whole series; the vocabulary (types), the thresholds and the stability theory.
 */
import { DiagnosisEngine } from './engine';
import type { DiagnoseThresholds } from './thresholds';
import type { Diagnoser, RunContext } from './types';

export * from './types';
export { DEFAULT_THRESHOLDS, resolveThresholds, type DiagnoseThresholds } from './thresholds';
export { diagnoseSeries, type MetricSeriesInput } from './diagnoseSeries';
export { metricRole } from './roles';

/** A streaming diagnoser for one run. Thresholds not given keep their documented defaults (./thresholds). */
export function createDiagnoser(context?: RunContext, thresholds?: Partial<DiagnoseThresholds>): Diagnoser {
  return new DiagnosisEngine(context, thresholds);
}
