import * as assert from 'node:assert/strict';
import { MlflowMetricReader } from '../../../src/core/logs/mlflowMetricReader';
import { pushPoints } from '../../../src/core/logs/pointCollector';
import { createReader } from '../../../src/core/logs/readerRegistry';
import { readAll, readByteByByte, utf8 } from './textFeed';

const METRIC = ['1700000000123 0.5 0', '1700000001123 nan 1', '1700000002000 inf 2', '1700000003000 -inf 3', '1700000004000 NaN 4', '1700000005000 1e-05 5'].join('\n') + '\n';

describe('MLflow file-store metric reader', () => {
  it('reads <timestamp_ms> <value> <step> lines under the given tag, wall time in seconds, non-finite values kept', () => {
    const reader = new MlflowMetricReader('train/loss');
    const points = readAll(reader, utf8(METRIC));
    assert.equal(points.length, 6);
    assert.ok(points.every((p) => p.tag === 'train/loss'));
    assert.deepEqual(points.map((p) => p.step), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(points[0], { tag: 'train/loss', step: 0, wallTime: 1700000000.123, value: 0.5 });
    assert.ok(Number.isNaN(points[1].value) && Number.isNaN(points[4].value));
    assert.equal(points[2].value, Infinity);
    assert.equal(points[3].value, -Infinity);
    assert.equal(points[5].value, 1e-5);
    assert.deepEqual(reader.warnings, []);
  });

  it('uses the line index as the step in old files without a step column, and keeps logged step order', () => {
    const points = readAll(new MlflowMetricReader('acc'), utf8('1500000000000 0.1\n1500000001000 0.2\n'));
    assert.deepEqual(points.map((p) => [p.step, p.value]), [[0, 0.1], [1, 0.2]]);
    const unordered = readAll(new MlflowMetricReader('acc'), utf8('1 0.1 10\n2 0.2 5\n'));
    assert.deepEqual(unordered.map((p) => p.step), [10, 5]);
  });

  it('warns about malformed lines with their line numbers and reads the rest', () => {
    const reader = new MlflowMetricReader('loss');
    const points = readAll(reader, utf8('1700000000000 0.5 0\nhello world\n1700000001000 abc 1\n1700000002000 0.25 2 extra\n1700000003000 0.125 3\n\n'));
    assert.deepEqual(points.map((p) => p.value), [0.5, 0.125]);
    assert.deepEqual(reader.warnings.map((w) => w.line), [2, 3, 4]);
    assert.match(reader.warnings[1].message, /not a number \("abc"\)/);
  });

  it('is created by the registry with the tag the caller gives (default "value")', () => {
    assert.deepEqual(pushPoints(createReader('mlflow-metric', { tag: 'lr' }), utf8('1000 0.1 0\n')), [{ tag: 'lr', step: 0, wallTime: 1, value: 0.1 }]);
    assert.equal(pushPoints(createReader('mlflow-metric'), utf8('1000 0.1 0\n'))[0].tag, 'value');
  });

  it('gives the same points fed one byte at a time, and waits for a half-written line', () => {
    assert.deepEqual(readByteByByte(new MlflowMetricReader('x'), utf8(METRIC)), readAll(new MlflowMetricReader('x'), utf8(METRIC)));
    const reader = new MlflowMetricReader('x');
    assert.deepEqual(pushPoints(reader, utf8('1000 0.5')), []);
    assert.equal(pushPoints(reader, utf8(' 7\n'))[0].step, 7);
  });
});
