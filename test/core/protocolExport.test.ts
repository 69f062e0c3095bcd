import * as assert from 'node:assert/strict';
import { EXPORT_LIMITS, PROTOCOL_VERSION, validateWebviewMessage, validateWebviewState } from '../../src/core/protocol';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('protocol: stability-map re-runs, exports and view settings', () => {
  it('accepts a map click with a positive lr and a momentum in [0, 1)', () => {
    const ok = validateWebviewMessage({ type: 'runAtSettings', comparisonFinishedAt: 1, lr: 0.012, momentum: 0.9, nesterov: false, extra: 'dropped' });
    assert.deepEqual(ok, { ok: true, value: { type: 'runAtSettings', comparisonFinishedAt: 1, lr: 0.012, momentum: 0.9, nesterov: false } });
  });

  it('rejects map clicks no optimizer can run', () => {
    const base = { type: 'runAtSettings', comparisonFinishedAt: 1, lr: 0.01, momentum: 0.5, nesterov: false };
    for (const bad of [{ lr: 0 }, { lr: -1 }, { lr: NaN }, { lr: Infinity }, { lr: '0.1' }, { lr: EXPORT_LIMITS.maxLr * 2 },
      { momentum: 1 }, { momentum: -0.1 }, { momentum: NaN }, { momentum: null }, { nesterov: 'yes' }, { comparisonFinishedAt: Infinity }]) {
      const result = validateWebviewMessage({ ...base, ...bad });
      assert.equal(result.ok, false, JSON.stringify(bad));
    }
  });

  it('accepts a PNG export whose data is a base64 PNG data: URL and a plain file name', () => {
    const result = validateWebviewMessage({ type: 'saveFile', format: 'png', fileName: 'loss-quadratic.png', data: png });
    assert.equal(result.ok, true);
  });

  it('rejects export file names that are paths, hidden, reserved or of the wrong type', () => {
    for (const fileName of ['../loss.csv', '/etc/passwd.csv', 'a/b.csv', 'a\\b.csv', 'C:loss.csv', '.bashrc.csv', 'x..csv', 'lo\nss.csv', '', 'loss.png',
      'x'.repeat(EXPORT_LIMITS.fileName + 1) + '.csv', 42, null]) {
      const result = validateWebviewMessage({ type: 'saveFile', format: 'csv', fileName, data: 'a,b\r\n' });
      assert.equal(result.ok, false, JSON.stringify(fileName));
    }
  });

  it('rejects a PNG export that is not a PNG data: URL (no scripts, no other types, no stray characters)', () => {
    for (const data of ['data:text/html;base64,PHNjcmlwdD4=', 'javascript:alert(1)', 'data:image/png;base64,ab cd', 'data:image/svg+xml;base64,AAAA', 42]) {
      const result = validateWebviewMessage({ type: 'saveFile', format: 'png', fileName: 'x.png', data });
      assert.equal(result.ok, false, String(data));
    }
    assert.equal(validateWebviewMessage({ type: 'saveFile', format: 'exe', fileName: 'x.exe', data: '' }).ok, false);
  });

  it('bounds the sizes of exports and copied text', () => {
    assert.equal(validateWebviewMessage({ type: 'copyText', text: '## Findings', what: 'findings' }).ok, true);
    assert.equal(validateWebviewMessage({ type: 'copyText', text: 'x'.repeat(EXPORT_LIMITS.copyText + 1), what: 'findings' }).ok, false);
    assert.equal(validateWebviewMessage({ type: 'copyText', text: ['a'], what: 'findings' }).ok, false);
    assert.equal(validateWebviewMessage({ type: 'saveFile', format: 'csv', fileName: 'a.csv', data: { length: 1 } }).ok, false);
  });

  it('keeps the smoothing weight, per-chart scales and table views in the saved state, validated', () => {
    const state = { version: PROTOCOL_VERSION, comparison: null, logScale: true, smoothing: 0.8, chartLog: { loss: false, lr: true }, tableCharts: ['loss'] };
    assert.equal(validateWebviewState(state).ok, true);
    for (const bad of [{ smoothing: 1 }, { smoothing: -0.1 }, { smoothing: '0.6' }, { chartLog: { __proto__: true, gradients: true } },
      { chartLog: { loss: 'yes' } }, { chartLog: [] }, { tableCharts: 'loss' }, { tableCharts: [''] }, { tableCharts: [3] }]) {
      assert.equal(validateWebviewState({ ...state, ...bad }).ok, false, JSON.stringify(bad));
    }
  });
});
