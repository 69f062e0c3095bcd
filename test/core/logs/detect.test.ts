import * as assert from 'node:assert/strict';
import { createReader, detectFormat, mlflowMetricKey } from '../../../src/core/logs/detect';
import { utf8 } from './textFeed';

describe('log format detection', () => {
  it('recognizes formats by name and content', () => {
    assert.equal(detectFormat('runs/exp/events.out.tfevents.1700000000.host.123.0', new Uint8Array(8)), 'tfevents');
    assert.equal(detectFormat('out\\checkpoint-500\\trainer_state.json', utf8('{')), 'trainer-state');
    assert.equal(detectFormat('lightning_logs/version_0/metrics.csv', utf8('train_loss,epoch,step\r\n')), 'lightning-csv');
    assert.equal(detectFormat('history.csv', utf8('epoch,accuracy,loss\n0,0.5,1\n')), 'keras-csv');
    assert.equal(detectFormat('log.csv', utf8('step,loss\n')), 'csv');
    assert.equal(detectFormat('metrics.tsv', utf8('iteration\tloss\n')), 'csv');
    assert.equal(detectFormat('metrics.jsonl', new Uint8Array()), 'jsonl');
    assert.equal(detectFormat('train.ndjson', new Uint8Array()), 'jsonl');
    assert.equal(detectFormat('train.log', utf8('\n  {"step": 1, "loss": 2}\n')), 'jsonl');
    assert.equal(detectFormat('state.json', utf8('{\n  "log_history": [\n')), 'trainer-state');
    assert.equal(detectFormat('README.md', utf8('# notes\n')), null);
    assert.equal(detectFormat('blob.bin', Uint8Array.of(0x7b, 0, 1, 2)), null);
  });

  it('recognizes MLflow metric files by their run folder or their lines, and gives their metric key', () => {
    const run = 'mlruns/0/3f2a9c1e5b7d4e6f8a9b0c1d2e3f4a5b';
    assert.equal(detectFormat(`${run}/metrics/loss`, utf8('1700000000000 0.5 0\n')), 'mlflow-metric');
    assert.equal(detectFormat(`C:\\work\\${run.replace(/\//g, '\\')}\\metrics\\train\\loss`, new Uint8Array()), 'mlflow-metric');
    assert.equal(detectFormat('/srv/store/7/3f2a9c1e5b7d4e6f8a9b0c1d2e3f4a5b/metrics/acc', utf8('1700000000000 nan 3\n17000')), 'mlflow-metric');
    assert.equal(detectFormat('/srv/tracking/run1/metrics/acc', utf8('1700000000000 -inf\n1700000000001 1e-05\n')), 'mlflow-metric');
    assert.equal(detectFormat('/srv/tracking/run1/metrics/notes', utf8('see the wiki\n')), null);
    assert.equal(detectFormat(`${run}/params/lr`, utf8('0.001')), null);
    assert.equal(mlflowMetricKey(`/home/me/${run}/metrics/train/loss`), 'train/loss');
    assert.equal(mlflowMetricKey(`C:\\metrics\\mlruns\\1\\abc\\metrics\\val\\acc`), 'val/acc');
    assert.equal(mlflowMetricKey('/x/3f2a9c1e5b7d4e6f8a9b0c1d2e3f4a5b/metrics/metrics/f1'), 'metrics/f1');
    assert.equal(mlflowMetricKey(`${run}/metrics`), null);
    assert.equal(mlflowMetricKey('runs/exp/loss.csv'), null);
  });

  it('recognizes Keras progress output and print-style logs by content in log-like files', () => {
    const keras3 = 'Epoch 1/50\n\r\x1b[1m  1/422\x1b[0m \x1b[37m━━━━━━━━━━━━━━━━━━━━\x1b[0m \x1b[1m1:23\x1b[0m 198ms/step - accuracy: 0.1000 - loss: 2.3000';
    assert.equal(detectFormat('/home/me/runs/train.log', utf8(keras3)), 'keras-progress');
    assert.equal(detectFormat('nohup.out', utf8('Epoch 1/5\n15/15 [==============================] - 0s 8ms/step - loss: 0.2000\n')), 'keras-progress');
    assert.equal(detectFormat('logs\\stdout', utf8('Using TensorFlow backend.\nEpoch 1/5\n')), 'keras-progress');
    assert.equal(detectFormat('slurm-4242.out', utf8('loading data\nstep 120 loss=0.43 lr=1e-3\n')), 'text');
    assert.equal(detectFormat('train.log.1', utf8('Epoch [1/5], Step [100/600], Loss: 0.2206\n')), 'text');
    assert.equal(detectFormat('hf_train.txt', utf8("{'loss': 0.43, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.5}\n")), 'text');
  });

  it('detects nothing in prose, code, and binary files', () => {
    assert.equal(detectFormat('README.txt', utf8('Training\n========\nRun train.py for 10 epochs; see docs/ for details.\n')), null);
    const python = 'for epoch in range(10):\n    print(f"step {step} loss={loss:.4f}")\n# Epoch 1/10\n# step 120 loss=0.43\n';
    assert.equal(detectFormat('train.py', utf8(python)), null);
    assert.equal(detectFormat('Makefile', utf8('all:\n\tnpm run build\n')), null);
    assert.equal(detectFormat('train.log', utf8('starting\n 45%|████▌     | 450/1000 [00:10<00:12, 45.0it/s, loss=0.43]\n')), null);
    const random = new Uint8Array(4096);
    let seed = 12345;
    for (let i = 0; i < random.length; i++) random[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    assert.equal(detectFormat('output', random), null);
    assert.equal(detectFormat('run.log', random.map((byte) => byte || 1)), null);
  });

  it('creates readers for every format it detects, except tfevents (registered by its own module)', () => {
    for (const format of ['csv', 'lightning-csv', 'keras-csv', 'jsonl', 'trainer-state', 'keras-progress', 'text', 'mlflow-metric'] as const) {
      assert.equal(createReader(format).format, format);
    }
  });
});
