import * as assert from 'node:assert/strict';
import { chartTable, csvField, exportFileName, sampledRows, tableCsv } from '../../src/webview/charts/chartTable';
import { smoothColumn } from '../../src/webview/charts/smoothedSeries';

describe('chart table and CSV export', () => {
  it('writes every row with the step, each series and its smoothed value, full precision, missing values empty', () => {
    const table = chartTable('step', [0, 1, 2], [
      { label: 'SGD lr=0.1', raw: [1, 0.1 + 0.2, null], smoothed: [1, 0.5, null] },
      { label: 'Adam', raw: [2, 1, 0.5] },
    ]);
    assert.equal(tableCsv(table), 'step,SGD lr=0.1,SGD lr=0.1 (smoothed),Adam\r\n0,1,1,2\r\n1,0.30000000000000004,0.5,1\r\n2,,,0.5\r\n');
  });

  it('quotes labels with commas or quotes and defuses spreadsheet formulas', () => {
    assert.equal(csvField('Momentum 0.9, lr=0.01'), '"Momentum 0.9, lr=0.01"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvField('-1.5'), '-1.5');
    assert.equal(csvField('@cmd'), "'@cmd");
  });

  it('samples long tables evenly, keeping the first and last row', () => {
    assert.deepEqual(sampledRows(5, 10), [0, 1, 2, 3, 4]);
    const rows = sampledRows(10_001, 500);
    assert.ok(rows.length <= 500, String(rows.length));
    assert.equal(rows[0], 0);
    assert.equal(rows[rows.length - 1], 10_000);
    assert.deepEqual(sampledRows(0, 10), []);
  });

  it('names export files after the chart and the problem, with no path characters', () => {
    assert.equal(exportFileName(['loss', 'Ill-conditioned quadratic (condition number 100, rotated 30°)'], 'csv'),
      'loss-ill-conditioned-quadratic-condition-number-100-rotated-30.csv');
    assert.equal(exportFileName(['../../etc', ''], 'png'), 'etc.png');
    assert.equal(exportFileName(['', '***'], 'png'), 'chart.png');
  });
});

describe('smoothing a chart column (TensorBoard debiased EMA)', () => {
  it('matches the formula by hand at weight 0.6, with nulls passing through and not counting', () => {
    const out = smoothColumn([1, 2, null, 4], 0.6);
    // last = 0.4, n = 1 -> 0.4 / 0.4 = 1; last = 0.24 + 0.8 = 1.04, n = 2 -> 1.04 / 0.64 = 1.625;
    // null stays; last = 0.624 + 1.6 = 2.224, n = 3 -> 2.224 / 0.784.
    assert.equal(out[0], 1);
    assert.ok(Math.abs((out[1] as number) - 1.625) < 1e-12);
    assert.equal(out[2], null);
    assert.ok(Math.abs((out[3] as number) - 2.224 / 0.784) < 1e-12);
  });

  it('leaves the data alone at weight 0 and keeps a flat series flat', () => {
    assert.deepEqual(smoothColumn([3, 1, 2], 0), [3, 1, 2]);
    assert.deepEqual(smoothColumn([0.1, 0.1, 0.1], 0.9), [0.1, 0.1, 0.1]);
  });
});
