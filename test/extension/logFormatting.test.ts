import * as assert from 'node:assert/strict';
import { formatCount, formatValue, TREND_ARROWS } from '../../src/extension/logs/logFormatting';

describe('training-run number formatting (tree and status bar)', () => {
  it('writes steps with thousands separators', () => {
    assert.equal(formatCount(1200), '1,200');
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(12_345_678), '12,345,678');
  });

  it('writes values with four significant digits, tiny and huge ones in exponent form', () => {
    assert.equal(formatValue(0.43112), '0.4311');
    assert.equal(formatValue(2.302585), '2.303');
    assert.equal(formatValue(3e-5), '3.00e-5');
    assert.equal(formatValue(-1234567), '-1.23e+6');
    assert.equal(formatValue(0), '0');
  });

  it('names non-finite values instead of printing garbage', () => {
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(Infinity), 'Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
  });

  it('has an arrow per trend', () => {
    assert.deepEqual(TREND_ARROWS, { down: '↓', flat: '→', up: '↑' });
  });
});
