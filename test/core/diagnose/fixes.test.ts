import * as assert from 'node:assert/strict';
import { bestSettings } from '../../../src/core/diagnose/fixes/bestSettings';
import { niceAbove, niceBelow } from '../../../src/core/diagnose/fixes/nice';
import { worstRate } from '../../../src/core/diagnose/stability';

describe('diagnose/fixes', () => {
  it('rounds to 1, 2, 3 or 5 times a power of ten, toward the safe side', () => {
    assert.equal(niceBelow(0.0287), 0.02);
    assert.equal(niceBelow(0.038), 0.03);
    assert.equal(niceBelow(0.1), 0.1);
    assert.equal(niceBelow(7.9), 5);
    assert.equal(niceAbove(120), 200);
    assert.equal(niceAbove(100), 100);
  });

  it('with the curvature range known, picks settings the theory calls stable and not slowly oscillating', () => {
    for (const [lo, hi] of [[0.1, 1], [0.1, 10], [0.1, 100], [1 / 300, 1]]) {
      for (const momentum of [0, 0.5, 0.9, 0.99]) {
        for (const nesterov of [false, true]) {
          const s = bestSettings(momentum, nesterov, lo, hi, 0.75);
          assert.ok(s, `${lo}..${hi} beta ${momentum}`);
          const d = worstRate(s.lr, s.momentum, lo, hi, nesterov);
          assert.ok(d.rate < 1, 'stable');
          assert.ok(d.shape === 'monotone' || d.rate < 0.75, `${d.shape} at ${d.rate}`);
          assert.ok(s.momentum <= momentum, 'momentum only comes down');
        }
      }
    }
  });
});
