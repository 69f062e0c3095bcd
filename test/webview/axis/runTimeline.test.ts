import * as assert from 'node:assert/strict';
import { RunTimeline } from '../../../src/webview/axis/runTimeline';
import { stepRange, stepToX, xColumn } from '../../../src/webview/axis/xAxisMode';
import type { WireLogSeries } from '../../../src/core/protocol';

describe('webview/axis/runTimeline', () => {
  // Steps 0..300 logged at t = 1000 + 2 s per step, with one point lacking a time.
  const steps = [0, 100, 200, 250, 300];
  const times = [1000, 1200, null, 1500, 1600];
  const timeline = new RunTimeline(steps, times);

  it('converts time to step and back through the logged points, linearly between them', () => {
    assert.equal(timeline.length, 4, 'the untimed point is left out');
    assert.equal(timeline.start, 1000);
    assert.equal(timeline.timeToStep(1000), 0);
    assert.equal(timeline.timeToStep(1100), 50);
    assert.equal(timeline.timeToStep(1350), 175);
    assert.equal(timeline.stepToTime(50), 1100);
    assert.equal(timeline.stepToTime(250), 1500);
    for (const t of [1000, 1111, 1234.5, 1499, 1600]) assert.ok(Math.abs(timeline.stepToTime(timeline.timeToStep(t)) - t) < 1e-9, String(t));
  });

  it('clamps outside the run, and has no answer without timed points', () => {
    assert.equal(timeline.timeToStep(0), 0);
    assert.equal(timeline.timeToStep(1e12), 300);
    assert.equal(timeline.stepToTime(-5), 1000);
    assert.equal(timeline.stepToTime(1e9), 1600);
    const empty = new RunTimeline([0, 1], [null, NaN]);
    assert.ok(Number.isNaN(empty.timeToStep(5)));
    assert.ok(Number.isNaN(empty.start));
  });

  it('stays monotone when the clock steps back, and takes the first step reached at a time', () => {
    // The clock jumps back 100 s at step 20 (a corrected clock): times are taken as their running maximum.
    const skewed = new RunTimeline([0, 10, 20, 30, 40], [0, 100, 0, 50, 200]);
    let previous = -Infinity;
    for (let t = -10; t <= 210; t += 5) {
      const s = skewed.timeToStep(t);
      assert.ok(s >= previous, `time ${t} went back to step ${s}`);
      previous = s;
    }
    assert.equal(skewed.timeToStep(100), 10, 'the held time maps to the first step that reached it');
    assert.equal(skewed.stepToTime(30), 100);
  });

  it('places points on x by mode, and converts a visible time range back to steps', () => {
    const series: WireLogSeries = { step: [0, 100, 200, 250, 300], value: [1, 2, 3, 4, 5], wall: times, nonFinite: [], exact: true, points: 5 };
    assert.deepEqual(xColumn('step', series, 1000), { xs: [0, 100, 200, 250, 300], index: [0, 1, 2, 3, 4] });
    assert.deepEqual(xColumn('relative', series, 1000), { xs: [0, 200, 500, 600], index: [0, 1, 3, 4] });
    assert.deepEqual(xColumn('wall', series, 1000).xs, [1000, 1200, 1500, 1600]);
    assert.deepEqual(xColumn('relative', { ...series, wall: undefined }, 1000), { xs: [], index: [] });
    assert.deepEqual(stepRange('relative', 100, 550, timeline, 1000), [50, 275]);
    assert.deepEqual(stepRange('wall', 1100, 1550, timeline, 1000), [50, 275]);
    assert.deepEqual(stepRange('step', 3, 9, timeline, 1000), [3, 9]);
    assert.equal(stepToX('relative', 250, timeline, 1000), 500);
    assert.equal(stepToX('step', 250, timeline, 1000), 250);
  });

  it('keeps x ascending in time modes and in step order for an unordered snapshot', () => {
    const back: WireLogSeries = { step: [0, 1, 2], value: [1, 2, 3], wall: [10, 5, 20], nonFinite: [], exact: true, points: 3 };
    assert.deepEqual(xColumn('wall', back, 0).xs, [10, 10, 20]);
    const unordered: WireLogSeries = { step: [20, 0, 10], value: [3, 1, 2], nonFinite: [], exact: true, points: 3 };
    assert.deepEqual(xColumn('step', unordered, 0), { xs: [0, 10, 20], index: [1, 2, 0] });
  });
});
