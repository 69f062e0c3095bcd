import * as assert from 'node:assert/strict';
import { pushPoints } from '../../../src/core/logs/pointCollector';
import { TextLogReader } from '../../../src/core/logs/textLogReader';
import { byTag, readAll, readByteByByte, utf8 } from './textFeed';

function read(lines: string[]): { tags: ReturnType<typeof byTag>; reader: TextLogReader } {
  const reader = new TextLogReader();
  return { tags: byTag(readAll(reader, utf8(lines.join('\n') + '\n'))), reader };
}

describe('print-style text log reader', () => {
  it('reads the common print styles with their step keys', () => {
    assert.deepEqual(read(['step 120 loss=0.43 lr=1e-3', 'step 130 loss=nan lr=1e-3']).tags.lr, [[120, 0.001], [130, 0.001]]);
    assert.deepEqual(read(['Step 120/1000 | loss: 0.4312 | lr: 1.0e-03 | grad_norm: 2.1']).tags, {
      loss: [[120, 0.4312]],
      lr: [[120, 0.001]],
      grad_norm: [[120, 2.1]],
    });
    assert.deepEqual(read(['[epoch 3][iter 120] loss 0.43']).tags, { epoch: [[120, 3]], loss: [[120, 0.43]] });
    assert.deepEqual(read(['it=120, loss=0.43', 'it=140, loss=-inf']).tags, { loss: [[120, 0.43], [140, -Infinity]] });
    assert.deepEqual(read(['global_step: 7 train/loss: 0.5 val-acc: 0.25']).tags, { 'train/loss': [[7, 0.5]], 'val-acc': [[7, 0.25]] });
    assert.deepEqual(read(['iteration 3 batch 9 loss=0.5']).tags, { batch: [[3, 9]], loss: [[3, 0.5]] });
    assert.deepEqual(read(['Epoch 2 loss: 0.5 acc: 0.75']).tags, { loss: [[2, 0.5]], acc: [[2, 0.75]] });
    assert.deepEqual(read(["the model's step 9: loss=0.5 (it's fine)"]).tags, { loss: [[9, 0.5]] });
    assert.deepEqual(read(['elapsed: 0:01:23 step=9 date: 2024-05-01 loss=0.5']).tags, { loss: [[9, 0.5]] });
    assert.deepEqual(read(['2024-05-01 12:00:00,123 INFO step=5 loss=tensor(0.4312, device=\'cuda:0\', grad_fn=<NllLossBackward0>)']).tags, {
      loss: [[5, 0.4312]],
    });
  });

  it("reads the Hugging Face Trainer's printed dicts: position as the step, epoch as a tag, nan/inf, numpy scalars", () => {
    const { tags, reader } = read([
      "{'loss': 0.43, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.5}",
      "{'loss': nan, 'grad_norm': inf, 'learning_rate': 4e-05, 'epoch': 1.0}",
      "{'eval_loss': 0.39, 'eval_accuracy': np.float64(0.85), 'eval_runtime': 1.5, 'epoch': 1.0}",
      "{'train_runtime': 100.1, 'train_loss': 0.45, 'epoch': 1.0}",
    ]);
    assert.deepEqual(tags.learning_rate, [[0, 5e-5], [1, 4e-5]]);
    assert.ok(Number.isNaN(tags.loss[1][1]));
    assert.deepEqual(tags.grad_norm, [[0, 1.2], [1, Infinity]]);
    assert.deepEqual(tags.eval_accuracy, [[2, 0.85]]);
    assert.deepEqual(tags.train_loss, [[3, 0.45]]);
    assert.deepEqual(tags.epoch, [[0, 0.5], [1, 1], [2, 1], [3, 1]]);
    assert.deepEqual(reader.warnings, []);
  });

  it('continues a step counted per epoch across epochs instead of reporting restarts', () => {
    const { tags, reader } = read([
      'Epoch [1/2], Step [300/600], Loss: 0.50',
      'Epoch [1/2], Step [600/600], Loss: 0.40',
      'Epoch [2/2], Step [300/600], Loss: 0.30',
      'Epoch [2/2], Step [600/600], Loss: 0.20',
    ]);
    assert.deepEqual(tags.Loss, [[300, 0.5], [600, 0.4], [900, 0.3], [1200, 0.2]]);
    assert.deepEqual(reader.warnings, []);
    // Without a printed total, the epoch's length is taken as its last step + 1 (a 0-based counter).
    const unsized = read(['epoch 1 batch 0 loss 1', 'epoch 1 batch 99 loss 0.9', 'epoch 2 batch 0 loss 0.8', 'epoch 2 batch 99 loss 0.7']);
    assert.deepEqual(unsized.tags.loss.map(([step]) => step), [0, 99, 100, 199]);
    assert.deepEqual(unsized.reader.warnings, []);
  });

  it('reports a step going back without a new epoch as a restart, keeping the points', () => {
    const { tags, reader } = read(['step 10 loss=1', 'step 20 loss=0.9', 'step 10 loss=0.95']);
    assert.deepEqual(tags.loss, [[10, 1], [20, 0.9], [10, 0.95]]);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 3);
    assert.match(reader.warnings[0].message, /restart at line 3: step 10 after 20/);
  });

  it('turns none of a noisy stdout into points: prose, tqdm bars, warnings, tracebacks, checkpoints', () => {
    const noise = [
      'Loading checkpoint shards: 100%|██████████| 2/2 [00:03<00:00,  1.52s/it]',
      'Epoch 1:  45%|████▌     | 450/1000 [00:10<00:12, 45.0it/s, v_num=0, train_loss=0.430]',
      '  3%|▎         | 30/1000 [00:01<00:40, 24.1it/s]',
      "/usr/lib/python3/site-packages/torch/optim/lr_scheduler.py:139: UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`.",
      'Traceback (most recent call last):',
      '  File "/home/me/train.py", line 120, in <module>',
      '    loss = step(batch)',
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity)',
      'Saving model checkpoint to ./out/checkpoint-120',
      'Saving model to runs/ckpt-120 at step 120',
      'step 12 took 3.2 s',
      'Epoch 3 finished in 12.5 seconds',
      '***** Running training *****',
      '  Num examples = 60000',
      '  Total optimization steps = 1875',
      'wandb: Run summary: step 5',
      'batch_size=32 lr=0.001',
      'time: 12:00:05 step: 2024-05-01',
    ];
    const { tags, reader } = read(noise);
    assert.deepEqual(tags, {});
    assert.deepEqual(reader.warnings, []);
  });

  it('reads print lines between tqdm redraws on the same physical line', () => {
    const log = '\r  1%|          | 1/100 [00:00<00:10]\r 50%|█████     | 50/100 [00:05<00:05]\rstep 50 loss=0.25\n\r100%|██████████| 100/100 [00:10<00:00]\n';
    const reader = new TextLogReader();
    assert.deepEqual(readAll(reader, utf8(log)), [{ tag: 'loss', step: 50, wallTime: null, value: 0.25 }]);
  });

  it('gives the same points and warnings fed one byte at a time; a half-written line waits', () => {
    const log = 'step 1 loss=0.5\r\nstep 2 loss=0.4\nstep 1 loss=0.45\n{\'loss\': 0.3, \'epoch\': 0.1}\nstep 3 lr=1e-3';
    const whole = new TextLogReader();
    const bytewise = new TextLogReader();
    assert.deepEqual(readByteByByte(bytewise, utf8(log)), readAll(whole, utf8(log)));
    assert.deepEqual(bytewise.warnings, whole.warnings);
    assert.equal(whole.warnings.length, 2);
    assert.match(whole.warnings[1].message, /truncated last line 5/);
    const reader = new TextLogReader();
    assert.deepEqual(pushPoints(reader, utf8('step 7 loss=0.')), []);
    assert.deepEqual(pushPoints(reader, utf8('5\n')), [{ tag: 'loss', step: 7, wallTime: null, value: 0.5 }]);
  });
});
