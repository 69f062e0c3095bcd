import * as assert from 'node:assert/strict';
import { lrChartSpec, lrVaries } from '../../src/webview/charts/metricCharts';
import { runDetails } from '../../src/webview/resultsTable';
import type { ChartTheme } from '../../src/webview/theme';
import { illConditionedQuadratic, momentumWarmupSpec } from './fixtures';

const theme = { series: ['#111111', '#222222', '#333333', '#444444', '#555555', '#666666'] } as unknown as ChartTheme;

describe('learning-rate chart and run details', () => {
  it('charts only the runs whose learning rate varies, keeping their colours', () => {
    const comparison = momentumWarmupSpec();
    assert.deepEqual(comparison.runs.map(lrVaries), [true, true, false]);
    const spec = lrChartSpec(comparison, theme);
    assert.equal(spec.series.length, 2);
    assert.equal(spec.log, false);
    assert.deepEqual(spec.series.map((s) => s.label), comparison.runs.slice(0, 2).map((r) => r.label));
    assert.equal(illConditionedQuadratic().runs.some(lrVaries), false, 'no lr chart without a schedule');
  });

  it('names the schedule and clipping under a run unless its label already does', () => {
    const [pytorch, , adam] = momentumWarmupSpec().runs;
    assert.equal(runDetails(pytorch), '', `label already says it: ${pytorch.label}`);
    assert.equal(runDetails(adam), '');
    const bare = { ...pytorch, label: 'Momentum (keras)', clip: { max_norm: 1 } };
    assert.equal(runDetails(bare), 'schedule linear_warmup warmup_steps=50 · clip max_norm=1');
    assert.equal(runDetails({ ...bare, problemTitle: 'Beale', schedule: undefined, clip: undefined }), 'Beale');
  });
});
