/**
 * Diagnoses whole series at once (a finished log, a simulated run): feeds their points to one engine
 * interleaved in step order, as a live run would have produced them, and returns every finding.
 */
import { DiagnosisEngine } from './engine';
import type { DiagnoseThresholds } from './thresholds';
import type { Finding, MetricRole, RunContext } from './types';

export interface MetricSeriesInput {
  metric: string;
  role?: MetricRole;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
}

export function diagnoseSeries(series: readonly MetricSeriesInput[], context?: RunContext, thresholds?: Partial<DiagnoseThresholds>): Finding[] {
  const engine = new DiagnosisEngine(context, thresholds);
  for (const s of series) if (s.role) engine.setRole(s.metric, s.role);
  const cursor = new Int32Array(series.length);
  const lengths = series.map((s) => Math.min(s.steps.length, s.values.length));
  // A k-way merge by step: k is small (a handful of metrics), so a linear scan for the smallest head is fine.
  for (;;) {
    let pick = -1;
    let pickStep = Infinity;
    for (let k = 0; k < series.length; k++) {
      const i = cursor[k];
      if (i >= lengths[k]) continue;
      const step = series[k].steps[i];
      // NaN steps go first so they are dropped where they stand rather than blocking the series.
      if (pick < 0 || step < pickStep || Number.isNaN(step)) {
        pick = k;
        pickStep = step;
        if (Number.isNaN(step)) break;
      }
    }
    if (pick < 0) break;
    const i = cursor[pick]++;
    engine.add(series[pick].metric, series[pick].steps[i], series[pick].values[i]);
  }
  return engine.end();
}
