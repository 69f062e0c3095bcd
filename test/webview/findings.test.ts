import * as assert from 'node:assert/strict';
import type { Finding } from '../../src/core/diagnose/types';
import { lossChartSpec } from '../../src/webview/charts/metricCharts';
import { bandPixels, findingBands, metricsPerChart, stepRangeText } from '../../src/webview/findings/findingRanges';
import { fixTrialChartSpec } from '../../src/webview/findings/fixTrialChart';
import { currentFixTrial, initialState, withComparison, withFixTrial } from '../../src/webview/state';
import type { ChartTheme } from '../../src/webview/theme';
import { divergenceWithFixTrial } from './fixtures';

const theme: ChartTheme = {
  kind: 'dark', series: ['#1', '#2', '#3', '#4', '#5', '#6'], foreground: '#fff', muted: '#aaa', grid: '#333', background: '#000',
  error: '#f00', fontFamily: 'sans-serif', fontSize: 13,
};

function finding(kind: Finding['kind'], severity: Finding['severity'], start: number, end: number, metric = 'loss'): Finding {
  return { kind, metric, severity, step_start: start, step_end: end, message: `${kind} from ${start}.`, evidence: {}, fixes: [] };
}

describe('webview/findings: shaded step ranges', () => {
  it('shades one band per finding with a readable text, errors last so they draw on top', () => {
    const bands = findingBands([
      { label: 'SGD', runIndex: 0, findings: [finding('divergence', 'error', 10, 40), finding('spike', 'info', 5, 5)] },
      { label: 'Adam', runIndex: 1, findings: [finding('oscillation', 'warning', 0, 100)] },
    ], 0, 200);
    assert.deepEqual(bands.map((b) => [b.severity, b.x0, b.x1, b.key]), [['info', 5, 5, '0-1'], ['warning', 0, 100, '1-0'], ['error', 10, 40, '0-0']]);
    assert.equal(bands[2].text, 'Error: divergence in SGD (loss, steps 10–40). divergence from 10.');
    assert.equal(bands[0].text, 'Info: spike in SGD (loss, step 5). spike from 5.');
  });

  it('clips ranges to the chart, drops those outside it, and on a log chart names no run', () => {
    const bands = findingBands([{ label: null, runIndex: 0, findings: [finding('stall', 'warning', 900, 5000), finding('nan', 'error', 6000, 6000)] }], 0, 3000);
    assert.equal(bands.length, 1);
    assert.deepEqual([bands[0].x0, bands[0].x1], [900, 3000]);
    assert.match(bands[0].text, /^Warning: stall \(loss, steps 900–5,000\)/);
  });

  it('keeps only the metrics asked for, and copes with undiagnosed runs and empty charts', () => {
    const runs = [{ label: null, runIndex: 0, findings: [finding('nan', 'error', 3, 3, 'grad_norm'), finding('stall', 'warning', 1, 9, 'loss')] }];
    assert.deepEqual(findingBands(runs, 0, 10, new Set(['grad_norm'])).map((b) => b.text.slice(0, 10)), ['Error: nan']);
    assert.deepEqual(findingBands([{ label: 'x', runIndex: 0, findings: undefined }], 0, 10), []);
    assert.deepEqual(findingBands(runs, 0, Number.NaN), []);
  });

  it('keeps a one-step band visible and inside the plot', () => {
    assert.deepEqual(bandPixels(100, 100, 500), { left: 98, width: 4 });
    assert.deepEqual(bandPixels(0, 0, 500), { left: 0, width: 4 });
    assert.deepEqual(bandPixels(500, 500, 500), { left: 496, width: 4 });
    assert.deepEqual(bandPixels(40, 10, 500), { left: 10, width: 30 });
    assert.equal(stepRangeText(1200, 1200), 'step 1,200');
  });

  it('puts every run\'s findings on the comparison\'s loss chart', () => {
    const { comparison } = divergenceWithFixTrial();
    const spec = lossChartSpec(comparison, true, theme);
    assert.equal(spec.findings?.length, 1);
    const band = spec.findings![0];
    assert.equal(band.severity, 'error');
    assert.equal(band.x1, comparison.runs[1].findings![0].step_end);
    assert.match(band.text, /divergence in SGD lr=0\.025/);
  });
});

describe('webview/findings: watched-log charts', () => {
  const lossLike = (tag: string) => /loss/.test(tag);

  it('shades a finding on its own tag\'s chart, and one about an uncharted metric on the loss chart', () => {
    const charts = metricsPerChart(['lr', 'train/loss', 'grad_norm'], ['train/loss', 'grad_norm', 'update_norm', 'grad_norm'], lossLike);
    assert.deepEqual([...charts.get('train/loss')!], ['train/loss', 'update_norm']);
    assert.deepEqual([...charts.get('grad_norm')!], ['grad_norm']);
    assert.deepEqual([...charts.get('lr')!], ['lr']);
  });

  it('falls back to the first chart without a loss chart, and to nothing without charts', () => {
    assert.deepEqual([...metricsPerChart(['lr', 'acc'], ['val_loss'], lossLike).get('lr')!], ['lr', 'val_loss']);
    assert.equal(metricsPerChart([], ['loss'], lossLike).size, 0);
  });

  it('treats a hostile tag like "__proto__" as a plain name', () => {
    const charts = metricsPerChart(['__proto__', 'loss'], ['__proto__', 'constructor'], lossLike);
    assert.deepEqual([...charts.get('__proto__')!], ['__proto__']);
    assert.deepEqual([...charts.get('loss')!], ['loss', 'constructor']);
  });
});

describe('webview/findings: fix trial', () => {
  it('draws before and after on one chart, after dashed, with the re-run\'s findings shaded', () => {
    const { trial } = divergenceWithFixTrial();
    const spec = fixTrialChartSpec({ ...trial, after: { ...trial.after, findings: [finding('oscillation', 'warning', 3, 8)] } }, true, theme);
    assert.deepEqual(spec.series.map((s) => s.label), ['Before: SGD lr=0.025', 'After: SGD lr=0.025 with the fix']);
    assert.equal(spec.series[0].style.color, theme.series[1], 'before keeps the run\'s colour');
    assert.notEqual(spec.series[1].style.color, spec.series[0].style.color);
    assert.ok(spec.series[1].style.dash.length > 0);
    assert.equal(spec.series[0].divergedAtStep, trial.before.summary.divergedAtStep);
    assert.equal(spec.series[1].divergedAtStep, null);
    assert.deepEqual(spec.findings?.map((b) => b.severity), ['warning']);
  });

  it('keeps the trial with its comparison, drops a late answer about an older one, and forgets it with a new comparison', () => {
    const { comparison, trial } = divergenceWithFixTrial();
    const shown = withComparison(initialState(), comparison);
    const kept = withFixTrial(shown, trial);
    assert.equal(currentFixTrial(kept), trial);
    const stale = withFixTrial(shown, { ...trial, comparisonFinishedAt: trial.comparisonFinishedAt - 1 });
    assert.equal(currentFixTrial(stale), null);
    const next = withComparison(kept, { ...comparison, finishedAt: comparison.finishedAt + 1 });
    assert.equal(currentFixTrial(next), null);
    assert.equal(next.fixTrial, null);
  });
});
