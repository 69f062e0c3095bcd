import * as assert from 'node:assert/strict';
import { alignedSeries, clampForLog, focusExtent, logFloor, paddedRange, LOG_DYNAMIC_RANGE } from '../../src/webview/charts/chartData';
import { decadeTicks, formatDecade } from '../../src/webview/charts/logAxis';

describe('webview/charts/chartData', () => {
  it('pads shorter runs with null and numbers the steps', () => {
    const { data } = alignedSeries([[3, 2, 1], [5, null]], false);
    assert.deepEqual(data, [[0, 1, 2], [3, 2, 1], [5, null, null]]);
  });

  it('clamps zero and negative values to the smallest positive value on a log scale', () => {
    const { data, floor } = alignedSeries([[10, 1, 0], [4, -2, 0.5]], true);
    assert.equal(floor, 0.5);
    assert.deepEqual(data.slice(1), [[10, 1, 0.5], [4, 0.5, 0.5]]);
  });

  it('keeps nulls (non-finite values) as gaps on a log scale', () => {
    assert.deepEqual(clampForLog([1, null, 0], 0.1), [1, null, 0.1]);
  });

  it('never lets the log floor fall more than LOG_DYNAMIC_RANGE below the largest value', () => {
    assert.equal(logFloor([[1e-300, 1]]), LOG_DYNAMIC_RANGE);
  });

  it('uses 1 as the floor when nothing is positive, so the scale stays valid', () => {
    assert.equal(logFloor([[0, -1, null]]), 1);
  });

  it('ranges the y axis on the runs that did not diverge', () => {
    const extent = focusExtent([[10, 1], [10, 1e12]], [false, true], true);
    assert.deepEqual(extent, { min: 1, max: 10 });
  });

  it('falls back to every run when all diverged, and to null when nothing is finite', () => {
    assert.deepEqual(focusExtent([[2, 8]], [true], false), { min: 2, max: 8 });
    assert.equal(focusExtent([[null]], [false], false), null);
  });

  it('pads log ranges to whole decades and linear ranges by 5 %, not below zero for positive data', () => {
    assert.deepEqual(paddedRange({ min: 0.003, max: 42 }, true), [0.001, 100]);
    assert.deepEqual(paddedRange({ min: 1, max: 1 }, true), [1, 10]);
    assert.deepEqual(paddedRange({ min: 0.2, max: 10.2 }, false), [0, 10.7]);
  });
});

describe('webview/charts/logAxis', () => {
  it('puts one tick per decade when there is room', () => {
    assert.deepEqual(decadeTicks(1e-3, 10, 10), [1e-3, 1e-2, 1e-1, 1, 10]);
  });

  it('thins ticks to every n-th decade on short axes', () => {
    const ticks = decadeTicks(1e-30, 1, 4);
    assert.ok(ticks.length <= 5, String(ticks));
    assert.ok(ticks.includes(1));
  });

  it('returns nothing for ranges a log axis cannot show', () => {
    assert.deepEqual(decadeTicks(0, 10, 5), []);
    assert.deepEqual(decadeTicks(10, 1, 5), []);
  });

  it('labels decades with superscript exponents', () => {
    assert.equal(formatDecade(1e-4), '10\u207b\u2074');
    assert.equal(formatDecade(1000), '10\u00b3');
    assert.equal(formatDecade(1), '1');
    assert.equal(formatDecade(10), '10');
  });
});
