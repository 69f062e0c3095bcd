/**
 * OL005's quick fixes: a warm-up written the way the file's framework does it (LinearLR stepped after the
 * optimizer, warmup_steps, DeepSpeed WarmupLR), or momentum lowered; the diagnostic is gone after either.
 */
import * as assert from 'node:assert/strict';
import { extractSettings } from '../../../../src/core/config';
import { runRules, type ConfigDiagnostic, type SuggestedFix } from '../../../../src/core/config/rules';
import { warmupSteps } from '../../../../src/core/config/rules/warmupFix';
import { applyTextEdits } from '../../../../src/core/config/edits';

function ol005(path: string, src: string): ConfigDiagnostic {
  const d = runRules(extractSettings(path, src)).find((x) => x.code === 'OL005');
  assert.ok(d, 'OL005 found');
  return d;
}

function apply(path: string, src: string, fix: SuggestedFix | undefined): string {
  assert.ok(fix, 'a fix is offered');
  const out = applyTextEdits(src, fix.edits);
  assert.ok(!runRules(extractSettings(path, out)).some((x) => x.code === 'OL005'), `OL005 gone after the fix:\n${out}`);
  return out;
}

const LOOP = [
  'import torch',
  'model = torch.nn.Linear(4, 1)',
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.99)  # fast',
  'for x, y in data:',
  '    loss = ((model(x) - y) ** 2).mean()',
  '    loss.backward()',
  '    optimizer.step()  # update',
  '    optimizer.zero_grad()',
  '',
].join('\n');

describe('config rules: OL005 warm-up fixes', () => {
  it('PyTorch: LinearLR after the optimizer and its step() after optimizer.step(), comments and indentation kept', () => {
    const d = ol005('t.py', LOOP);
    assert.match(d.fix?.title ?? '', /LinearLR.*100 steps/);
    const out = apply('t.py', LOOP, d.fix);
    assert.equal(out, [
      'import torch',
      'model = torch.nn.Linear(4, 1)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.99)  # fast',
      'warmup_scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=100)',
      'for x, y in data:',
      '    loss = ((model(x) - y) ** 2).mean()',
      '    loss.backward()',
      '    optimizer.step()  # update',
      '    warmup_scheduler.step()',
      '    optimizer.zero_grad()',
      '',
    ].join('\n'));
  });

  it('high momentum also offers lowering it to 0.9, which clears the diagnostic', () => {
    const d = ol005('t.py', LOOP);
    assert.equal(d.alternatives?.length, 1);
    const out = apply('t.py', LOOP, d.alternatives?.[0]);
    assert.ok(out.includes("lr=0.01, momentum=0.9)  # fast"), out);
  });

  it('a file that ends without a newline after optimizer.step() still gets valid lines', () => {
    const src = 'import torch\no = torch.optim.Adam(m.parameters(), lr=3e-3)\nfor b in data:\n    o.step()';
    const out = apply('t.py', src, ol005('t.py', src).fix);
    assert.ok(out.endsWith('    o.step()\n    warmup_scheduler.step()'), out);
    assert.match(out, /lr=3e-3\)\nwarmup_scheduler = torch\.optim\.lr_scheduler\.LinearLR\(o, start_factor=0\.01, total_iters=500\)\n/);
  });

  it('no PyTorch warm-up when the optimizer is not stepped in the file or not assigned (Lightning returns it)', () => {
    const noLoop = 'o = torch.optim.SGD(p, lr=0.01, momentum=0.99)\n';
    const d = ol005('t.py', noLoop);
    assert.equal(d.fix?.title, 'Reduce momentum to 0.9', 'only the momentum fix remains');
    assert.equal(d.alternatives, undefined);
    const lightning = 'class M:\n    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters(), lr=3e-3)\n';
    assert.equal(ol005('t.py', lightning).fix, undefined);
  });

  it('TrainingArguments: warmup_steps added as an argument', () => {
    const src = 'from transformers import TrainingArguments\nargs = TrainingArguments("out", learning_rate=5e-3)\n';
    assert.equal(apply('t.py', src, ol005('t.py', src).fix), 'from transformers import TrainingArguments\nargs = TrainingArguments("out", learning_rate=5e-3, warmup_steps=500)\n');
  });

  it('DeepSpeed JSON: a WarmupLR block beside the optimizer, to its lr', () => {
    const src = '{\n  "train_batch_size": 8,\n  "optimizer": {\n    "type": "Adam",\n    "params": {"lr": 0.01}\n  }\n}\n';
    const out = apply('ds.json', src, ol005('ds.json', src).fix);
    assert.equal(out, '{\n  "train_batch_size": 8,\n  "optimizer": {\n    "type": "Adam",\n    "params": {"lr": 0.01}\n  },\n  "scheduler": {"type": "WarmupLR", "params": {"warmup_min_lr": 0, "warmup_max_lr": 0.01, "warmup_num_steps": 500}}\n}\n');
    assert.deepEqual(JSON.parse(out).scheduler.params.warmup_max_lr, 0.01);
  });

  it('Keras: learning_rate becomes a CosineDecay warm-up to the value as written, then constant; comments kept', () => {
    const src = 'import keras\nopt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.99)  # fast\nmodel.compile(optimizer=opt, loss="mse")\n';
    const d = ol005('k.py', src);
    assert.match(d.fix?.title ?? '', /CosineDecay.*100 steps/);
    assert.equal(apply('k.py', src, d.fix), 'import keras\nopt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecay(0.001, decay_steps=1, alpha=1.0, warmup_target=0.1, warmup_steps=100), momentum=0.99)  # fast\nmodel.compile(optimizer=opt, loss="mse")\n');
  });

  it('Keras: the module path as written (tf.keras), a positional rate, and a rate from argparse kept as a name', () => {
    const tf = 'import tensorflow as tf\nopt = tf.keras.optimizers.Adam(0.01)\n';
    assert.equal(apply('k.py', tf, ol005('k.py', tf).fix), 'import tensorflow as tf\nopt = tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.CosineDecay(0.0001, decay_steps=1, alpha=1.0, warmup_target=0.01, warmup_steps=500))\n');
    const args = 'import argparse, keras\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=0.01)\nargs = p.parse_args()\nopt = keras.optimizers.Adam(learning_rate=args.lr)\n';
    const out = apply('k.py', args, ol005('k.py', args).fix);
    assert.ok(out.includes('keras.optimizers.schedules.CosineDecay(0.01 * args.lr, decay_steps=1, alpha=1.0, warmup_target=args.lr, warmup_steps=500)'), out);
  });

  it('Keras: no schedule fix for a bare imported class (its module name is unknown) — lowering momentum stays', () => {
    const src = 'from keras.optimizers import SGD\nopt = SGD(learning_rate=0.1, momentum=0.99)\n';
    const d = ol005('k.py', src);
    assert.equal(d.fix?.title, 'Reduce momentum to 0.9');
  });

  it('Hugging Face arguments in YAML and JSON: a warmup_steps key before the first, at its indentation', () => {
    const yml = '# recipe\nlearning_rate: 5.0e-3  # high\nnum_train_epochs: 3\nper_device_train_batch_size: 8\n';
    assert.equal(apply('r.yaml', yml, ol005('r.yaml', yml).fix), '# recipe\nwarmup_steps: 500\nlearning_rate: 5.0e-3  # high\nnum_train_epochs: 3\nper_device_train_batch_size: 8\n');
    const json = '{\n  "learning_rate": 0.005,\n  "num_train_epochs": 3,\n  "per_device_train_batch_size": 8\n}\n';
    const out = apply('args.json', json, ol005('args.json', json).fix);
    assert.equal(out, '{\n  "warmup_steps": 500,\n  "learning_rate": 0.005,\n  "num_train_epochs": 3,\n  "per_device_train_batch_size": 8\n}\n');
    assert.equal(JSON.parse(out).warmup_steps, 500);
  });

  it('Lightning CLI YAML: an lr_scheduler LinearLR block (per epoch) before the optimizer, in the file\'s indentation', () => {
    const src = 'trainer:\n    max_epochs: 30\noptimizer:\n    class_path: torch.optim.SGD\n    init_args:\n        lr: 0.1\n        momentum: 0.99  # heavy\n';
    const d = ol005('c.yaml', src);
    assert.match(d.fix?.title ?? '', /LinearLR.*5 epochs/);
    assert.equal(apply('c.yaml', src, d.fix), 'trainer:\n    max_epochs: 30\nlr_scheduler:\n    class_path: torch.optim.lr_scheduler.LinearLR\n    init_args:\n        start_factor: 0.01\n        total_iters: 5\noptimizer:\n    class_path: torch.optim.SGD\n    init_args:\n        lr: 0.1\n        momentum: 0.99  # heavy\n');
  });

  it('warm-up length covers the velocity memory 1/(1-momentum), in hundreds', () => {
    assert.deepEqual([0.99, 0.995, 0.999, 0.9].map(warmupSteps), [100, 200, 1000, 100]);
    assert.equal(warmupSteps(null), 500);
  });
});
