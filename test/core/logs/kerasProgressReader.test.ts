import * as assert from 'node:assert/strict';
import { KerasProgressReader } from '../../../src/core/logs/kerasProgressReader';
import { pushPoints } from '../../../src/core/logs/pointCollector';
import { byTag, readAll, readByteByByte, utf8 } from './textFeed';

const BS = '\b';
/** Keras 2's in-place redraw: backspaces over the previous update, then a carriage return. */
const redraw = (previous: string): string => BS.repeat(previous.length) + '\r';

function keras2Epoch(epoch: number, of: number, loss: string, acc: string, valLoss: string): string {
  const updates = [
    ' 1/15 [=>............................] - ETA: 3s - loss: 2.3026 - accuracy: 0.1000',
    ' 8/15 [===============>..............] - ETA: 0s - loss: 1.2000 - accuracy: 0.5000',
    `15/15 [==============================] - 0s 8ms/step - loss: ${loss} - accuracy: ${acc}`,
    `15/15 [==============================] - 1s 20ms/step - loss: ${loss} - accuracy: ${acc} - val_loss: ${valLoss} - val_accuracy: 0.8800`,
  ];
  let out = `Epoch ${epoch}/${of}\n\r`;
  updates.forEach((update, i) => (out += (i > 0 ? redraw(updates[i - 1]) : '') + update));
  return out + '\n';
}

const KERAS2 = 'Train on 240 samples\n' + keras2Epoch(1, 3, '0.5000', '0.8000', '0.6000') + keras2Epoch(2, 3, 'nan', '0.9000', '9.3199e-04') + keras2Epoch(3, 3, '0.2000', '0.9500', 'inf');

// Keras 3 colours its counter and bar with ANSI codes, which stay in a captured file.
const k3 = (current: number, rest: string): string =>
  `\x1b[1m${String(current).padStart(3)}/422\x1b[0m \x1b[32m━━━━━━━━━━\x1b[0m\x1b[37m━━━━━━━━━━\x1b[0m \x1b[1m${rest}`;
const KERAS3 = [
  'Epoch 1/2',
  '\r' + k3(1, '1:23\x1b[0m 198ms/step - accuracy: 0.1000 - loss: 2.3000') + '\r' + k3(422, '47s\x1b[0m 108ms/step - accuracy: 0.8659 - loss: 0.4917') +
    '\r' + k3(422, '50s\x1b[0m 118ms/step - accuracy: 0.8659 - loss: 0.4917 - val_accuracy: 0.8700 - val_loss: 0.3600'),
  'Epoch 2/2',
  '\r' + k3(422, '45s\x1b[0m 107ms/step - accuracy: 0.9000 - loss: 0.3000 - val_accuracy: 0.8800 - val_loss: 0.3300'),
].join('\n') + '\n';

describe('Keras progress reader', () => {
  it('reads Keras 2 epochs from in-place redraws: the epoch-end update, val metrics, nan/inf/scientific', () => {
    const reader = new KerasProgressReader();
    const tags = byTag(readAll(reader, utf8(KERAS2)));
    assert.deepEqual(Object.keys(tags).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    assert.deepEqual(tags.accuracy, [[1, 0.8], [2, 0.9], [3, 0.95]]);
    assert.deepEqual(tags.loss.map(([step]) => step), [1, 2, 3]);
    assert.ok(Number.isNaN(tags.loss[1][1]));
    assert.deepEqual(tags.val_loss, [[1, 0.6], [2, 9.3199e-4], [3, Infinity]]);
    assert.deepEqual(reader.warnings, []);
    assert.equal(reader.bytesRead, utf8(KERAS2).length);
  });

  it('reads Keras 3 output with its ANSI colours; intermediate updates are not points', () => {
    const reader = new KerasProgressReader();
    const points = readAll(reader, utf8(KERAS3));
    assert.deepEqual(byTag(points), {
      accuracy: [[1, 0.8659], [2, 0.9]],
      loss: [[1, 0.4917], [2, 0.3]],
      val_accuracy: [[1, 0.87], [2, 0.88]],
      val_loss: [[1, 0.36], [2, 0.33]],
    });
    assert.ok(points.every((p) => p.wallTime === null));
  });

  it('reads Keras 1 (samples), verbose=2 lines, non-dynamic output and an unknown first-epoch target', () => {
    const log = [
      'Epoch 1/2',
      '  128/60000 [..............................] - ETA: 45s - loss: 2.3000 - acc: 0.1000',
      '60000/60000 [==============================] - 3s - loss: 0.2000 - acc: 0.9000 - val_loss: 0.1500 - val_acc: 0.9500',
      'Epoch 2/2',
      '422/422 - 47s - loss: 0.4900 - accuracy: 0.8600 - val_loss: 0.3600 - 47s/epoch - 108ms/step',
      'Epoch 3/3',
      '    100/Unknown 5s 50ms/step - loss: 0.7000',
      '',
      '    422/422 5s 12ms/step - loss: 0.3000',
      '',
    ].join('\n');
    const reader = new KerasProgressReader();
    assert.deepEqual(byTag(readAll(reader, utf8(log))), {
      loss: [[1, 0.2], [2, 0.49], [3, 0.3]],
      acc: [[1, 0.9]],
      val_loss: [[1, 0.15], [2, 0.36]],
      val_acc: [[1, 0.95]],
      accuracy: [[2, 0.86]],
    });
    assert.deepEqual(reader.warnings, []);
  });

  it('ignores other stdout, progress bars outside fit, and warns about a final value that is not a number', () => {
    const log = [
      '2024-05-01 12:00:00.123: I tensorflow/core/platform/cpu_feature_guard.cc:182] This TensorFlow binary is optimized',
      '313/313 [==============================] - 1s 3ms/step - loss: 0.3000 - accuracy: 0.9100',
      'Model: "sequential"',
      'Total params: 101,770 (397.54 KB)',
      'Epoch 1/1',
      'step 5 loss=0.4',
      '15/15 [==============================] - 0s 8ms/step - loss: 0.2,5 - accuracy: 0.9000',
      'Traceback (most recent call last):',
    ].join('\n') + '\n';
    const reader = new KerasProgressReader();
    assert.deepEqual(byTag(readAll(reader, utf8(log))), { accuracy: [[1, 0.9]] });
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 7);
    assert.match(reader.warnings[0].message, /"loss" \("0\.2,5"\) is not a number/);
  });

  it('reports a second fit in the same log as a restart and keeps its points', () => {
    const log = keras2Epoch(1, 2, '0.5000', '0.8000', '0.6000') + keras2Epoch(2, 2, '0.4000', '0.8500', '0.5000') + keras2Epoch(1, 1, '0.9000', '0.6000', '0.9500');
    const reader = new KerasProgressReader();
    assert.deepEqual(byTag(readAll(reader, utf8(log))).loss, [[1, 0.5], [2, 0.4], [1, 0.9]]);
    assert.equal(reader.warnings.length, 1);
    assert.match(reader.warnings[0].message, /restart at line 5: epoch 1 after 2/);
  });

  it('gives the same points and warnings fed one byte at a time, and waits for the end of an update', () => {
    for (const log of [KERAS2, KERAS3]) {
      const whole = new KerasProgressReader();
      const bytewise = new KerasProgressReader();
      assert.deepEqual(readByteByByte(bytewise, utf8(log)), readAll(whole, utf8(log)));
      assert.deepEqual(bytewise.warnings, whole.warnings);
    }
    const reader = new KerasProgressReader();
    assert.deepEqual(pushPoints(reader, utf8('Epoch 1/1\n15/15 [====] - 0s - loss: 0.25')), []);
    assert.deepEqual(pushPoints(reader, utf8('00\n')), [{ tag: 'loss', step: 1, wallTime: null, value: 0.25 }]);
  });

  it('reads an epoch whose redraws make one physical line of several MiB, holding only one update', () => {
    const update = (i: number): string => `${String(i).padStart(5)}/20000 [=====>........................] - ETA: 1:00 - loss: 0.5000`;
    let line = 'Epoch 1/1\n';
    for (let i = 1; i < 20000; i++) line += redraw(update(i)) + update(i);
    line += redraw(update(1)) + '20000/20000 [==============================] - 100s 5ms/step - loss: 0.1250\n';
    const bytes = utf8(line);
    assert.ok(bytes.length > 2 * 1024 * 1024, "longer than a line reader's 1 MiB line limit");
    const reader = new KerasProgressReader();
    let maxHeld = 0;
    const points = [];
    for (let at = 0; at < bytes.length; at += 4096) {
      points.push(...pushPoints(reader, bytes.subarray(at, at + 4096)));
      maxHeld = Math.max(maxHeld, reader.heldBytes);
    }
    assert.deepEqual(points, [{ tag: 'loss', step: 1, wallTime: null, value: 0.125 }]);
    assert.ok(maxHeld < 1024, `held ${maxHeld} bytes`);
    assert.deepEqual(reader.warnings, []);
  });

  it('warns about a truncated last update when the writer is gone, never a point', () => {
    const reader = new KerasProgressReader();
    const points = readAll(reader, utf8('Epoch 1/1\n15/15 [=====] - 0s - loss: 0.2'));
    assert.deepEqual(points, []);
    assert.equal(reader.warnings.length, 1);
    assert.match(reader.warnings[0].message, /truncated last line 2/);
  });
});
