import * as assert from 'node:assert/strict';
import { formatCompact, formatDiverged, formatExponential, formatStepsToTolerance, MISSING } from '../../src/webview/format';

describe('webview/format', () => {
  it('shows losses in exponential notation with three significant digits', () => {
    assert.equal(formatExponential(0.00012345), '1.23e-4');
    assert.equal(formatExponential(2529511280281.618), '2.53e+12');
    assert.equal(formatExponential(0), '0');
  });

  it('shows missing and non-finite values as an em dash', () => {
    assert.equal(formatExponential(null), MISSING);
    assert.equal(formatExponential(NaN), MISSING);
    assert.equal(formatCompact(Infinity), MISSING);
  });

  it('keeps ordinary magnitudes plain and tiny or huge ones exponential', () => {
    assert.equal(formatCompact(1.5), '1.5');
    assert.equal(formatCompact(-0.25), '-0.25');
    assert.equal(formatCompact(123456), '1.23e+5');
    assert.equal(formatCompact(1e-7), '1.00e-7');
  });

  it('words the table cells', () => {
    assert.equal(formatDiverged(false, null), 'no');
    assert.equal(formatDiverged(true, 1234), 'yes, at step 1,234');
    assert.equal(formatStepsToTolerance(null), 'not reached');
    assert.equal(formatStepsToTolerance(53), '53');
  });
});
