import * as assert from 'node:assert/strict';
import { clockTicks, formatClock, formatElapsed, spansDays } from '../../../src/webview/axis/timeFormat';

/** Local-time formatting is checked in UTC (and in a zone with a half-hour offset), set for the test only. */
function inZone(tz: string, body: () => void): void {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

// 2026-11-28T23:59:30Z
const LATE = Date.UTC(2026, 10, 28, 23, 59, 30) / 1000;

describe('webview/axis/timeFormat', () => {
  it('writes elapsed time as h:mm:ss, hours counting past a day', () => {
    assert.equal(formatElapsed(0), '0:00:00');
    assert.equal(formatElapsed(5), '0:00:05');
    assert.equal(formatElapsed(3723), '1:02:03');
    assert.equal(formatElapsed(72 * 3600), '72:00:00');
    assert.equal(formatElapsed(1.5), '0:00:01.5');
    assert.equal(formatElapsed(59.96), '0:01:00', 'rounds to a tenth before splitting into fields');
    assert.equal(formatElapsed(-5), '-0:00:05');
    assert.equal(formatElapsed(NaN), '\u2014');
    assert.equal(formatElapsed(Infinity), '\u2014');
  });

  it('writes the local clock, with seconds and the date on request', () => {
    inZone('UTC', () => {
      assert.equal(formatClock(LATE, false, false), '23:59');
      assert.equal(formatClock(LATE, false, true), '23:59:30');
      assert.equal(formatClock(LATE, true, false), 'Nov 28 23:59');
      assert.equal(formatClock(LATE + 60, true, true), 'Nov 29 00:00:30');
    });
    inZone('Asia/Kolkata', () => {
      // UTC+5:30: the same instant is already the next morning there.
      assert.equal(formatClock(LATE, true, true), 'Nov 29 05:29:30');
    });
    assert.equal(formatClock(NaN, true, true), '\u2014');
  });

  it('adds the date only when the range crosses a local midnight', () => {
    inZone('UTC', () => {
      assert.equal(spansDays(LATE - 3600, LATE), false);
      assert.equal(spansDays(LATE - 3600, LATE + 60), true);
      assert.deepEqual(clockTicks([LATE - 60, LATE], LATE - 120, LATE + 10, 60), ['23:58', '23:59']);
      assert.deepEqual(clockTicks([LATE - 30, LATE + 30], LATE - 30, LATE + 60, 30), ['Nov 28 23:59:00', 'Nov 29 00:00:00']);
    });
    inZone('America/New_York', () => {
      // 23:59 UTC is 18:59 in New York: the same range stays within one day there.
      assert.equal(spansDays(LATE - 3600, LATE + 60), false);
    });
  });
});
