import * as assert from 'node:assert/strict';
import { encodeComparison, type WireComparison, type WireRun } from '../../../src/core/protocol';
import { runComparison } from '../../../src/core/train/compare';
import { chartTable } from '../../../src/webview/charts/chartTable';
import { gradNormChartSpec, updateRatioChartSpec, validationChartSpec, validationTable } from '../../../src/webview/charts/metricCharts';
import { updateRatioColumn } from '../../../src/webview/charts/runColumns';
import type { ChartTheme } from '../../../src/webview/theme';
import { illConditionedQuadratic } from '../fixtures';

const theme = { series: ['#111111', '#222222', '#333333', '#444444', '#555555', '#666666'] } as unknown as ChartTheme;

function mlpComparison(): WireComparison {
  const result = runComparison({
    problem: { name: 'mlp', hidden: [4], n_samples: 40 },
    entries: [{ label: 'SGD', optimizer: { name: 'sgd', lr: 0.1 } }, { label: 'Adam', optimizer: { name: 'adam', lr: 0.01 } }],
    steps: 25,
    tolerance: 0,
  });
  return encodeComparison(result, { finishedAt: 1 });
}

describe('comparison charts: gradient norm, update-to-parameter ratio, train and validation loss', () => {
  it('divides each update by the norm of the parameters it moved, with no value (not Infinity) at a zero norm', () => {
    const run = { updateNorm: [null, 0.5, 2, 1, null], paramNorm: [10, 0, 4, null, 3] };
    assert.deepEqual(updateRatioColumn(run), [null, 0.05, null, 0.25, null]);
    assert.deepEqual(updateRatioColumn({ updateNorm: [null, 1, 1] }), [null, null, null], 'a run saved without paramNorm');
  });

  it('charts every run’s gradient norm and update ratio on a log scale by request, in the loss chart’s colours', () => {
    const comparison = illConditionedQuadratic();
    const grad = gradNormChartSpec(comparison, true, theme);
    assert.equal(grad.log, true);
    assert.deepEqual(grad.series.map((s) => s.label), comparison.runs.map((r) => r.label));
    assert.deepEqual(grad.series.map((s) => s.column), comparison.runs.map((r) => r.gradNorm));
    assert.deepEqual(grad.series.map((s) => s.style.color), theme.series.slice(0, comparison.runs.length));
    const ratio = updateRatioChartSpec(comparison, true, theme);
    const first = comparison.runs[0];
    assert.equal(ratio.series[0].column[1], (first.updateNorm[1] as number) / (first.paramNorm?.[0] as number));
    // A run saved by an older version (no paramNorm) is left out of the ratio chart, the others keep their colours.
    const older: WireComparison = { ...comparison, runs: comparison.runs.map((r, i) => (i === 0 ? { ...r, paramNorm: undefined } as WireRun : r)) };
    const partial = updateRatioChartSpec(older, true, theme);
    assert.equal(partial.series.length, comparison.runs.length - 1);
    assert.equal(partial.series[0].style.color, theme.series[1]);
  });

  it('draws train loss solid and validation loss dashed in the same colour, only for runs with validation data', () => {
    const comparison = mlpComparison();
    const spec = validationChartSpec(comparison, true, theme);
    assert.deepEqual(spec.series.map((s) => s.label), ['SGD train', 'SGD validation', 'Adam train', 'Adam validation']);
    assert.deepEqual(spec.series.map((s) => s.style.color), ['#111111', '#111111', '#222222', '#222222']);
    assert.deepEqual(spec.series[0].style.dash, []);
    assert.ok(spec.series[1].style.dash.length > 0);
    assert.equal(validationChartSpec(illConditionedQuadratic(), true, theme).series.length, 0, 'a quadratic has no validation data');
  });

  it('joins the validation evaluations across the rows between them, and keeps only the evaluated steps in the table and CSV', () => {
    const comparison = mlpComparison();
    const spec = validationChartSpec(comparison, false, theme);
    assert.deepEqual(spec.series.map((s) => s.joinGaps ?? false), [false, true, false, true], 'only validation lines are joined');
    assert.equal(spec.series[1].column[5], null, 'no made-up value between evaluations');
    assert.equal(spec.series[1].column[10], comparison.runs[0].valLoss?.[10]);
    const rows = comparison.runs[0].loss.length;
    const drawn = chartTable('step', Array.from({ length: rows }, (_, i) => i), spec.series.map((s) => ({ label: s.label, raw: s.column })));
    const table = validationTable(comparison, drawn);
    assert.deepEqual(table.data[0], [0, 10, 20, 25], 'the evaluated steps only: 0, every 10th and the last');
    assert.deepEqual(table.columns, ['step', 'SGD train', 'SGD validation', 'Adam train', 'Adam validation']);
    const [sgd, adam] = comparison.runs;
    assert.deepEqual(table.data[1], [0, 10, 20, 25].map((k) => sgd.loss[k]), 'train loss at those steps');
    assert.deepEqual(table.data[2], [0, 10, 20, 25].map((k) => sgd.valLoss?.[k]));
    assert.deepEqual(table.data[4], [0, 10, 20, 25].map((k) => adam.valLoss?.[k]));
    assert.ok(table.data[4].every((v) => v !== null));
  });
});
