import * as assert from 'node:assert/strict';
import { extractPython } from '../../../../src/core/config/python/extract';
import type { Setting } from '../../../../src/core/config/types';

function only(src: string, name?: string): Setting {
  const found = extractPython(src).settings.filter((s) => name === undefined || s.name === name);
  assert.equal(found.length, 1, `one ${name ?? 'setting'} in ${JSON.stringify(found.map((s) => s.name))}`);
  return found[0];
}

function values(s: Setting): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s.params).map(([k, p]) => [k, p.value]));
}

describe('config/python: extraction', () => {
  it('maps positional arguments to PyTorch names (SGD(params, 0.1, 0.9) is lr and momentum)', () => {
    const s = only('import torch\nopt = torch.optim.SGD(model.parameters(), 0.1, 0.9, nesterov=True)\n');
    assert.equal(s.name, 'torch.optim.SGD');
    assert.equal(s.framework, 'pytorch');
    assert.equal(s.params.lr.value, 0.1);
    assert.equal(s.params.momentum.value, 0.9);
    assert.equal(s.params.nesterov.value, true);
    assert.equal(s.params.lr.keyRange, undefined, 'a positional argument has no key');
    assert.ok(s.params.nesterov.keyRange);
    assert.equal(s.target, 'opt');
  });

  it('resolves import aliases: from torch.optim import SGD as S, import torch.optim as o, star imports', () => {
    assert.equal(only('from torch.optim import SGD as S\nx = S(p, lr=1)\n').name, 'torch.optim.SGD');
    assert.equal(only('import torch.optim as o\nx = o.Adam(p)\n').name, 'torch.optim.Adam');
    assert.equal(only('from torch.optim import *\nx = RMSprop(p, lr=0.01)\n').name, 'torch.optim.RMSprop');
    assert.equal(only('from torch import optim\nx = optim.lr_scheduler.StepLR(o, 10)\n').params.step_size.value, 10);
  });

  it('does not take a same-named class from another library for a torch optimizer', () => {
    assert.deepEqual(extractPython('from mylib import SGD\nx = SGD(p, lr=1)\n').settings, []);
    assert.deepEqual(extractPython('x = SGD(p, lr=1)\n').settings, [], 'an unimported bare optimizer name is unknown');
  });

  it('Keras: tf.keras and legacy spellings are keras.optimizers.*, legacy lr= and decay= kept as written', () => {
    const s = only('import tensorflow as tf\nopt = tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9)\n');
    assert.equal(s.name, 'keras.optimizers.SGD');
    assert.equal(s.framework, 'keras');
    assert.deepEqual(values(s), { lr: 0.01, decay: 1e-6, momentum: 0.9 });
    assert.equal(only('from tensorflow import keras\nkeras.optimizers.Adam(3e-4)\n').params.learning_rate.value, 3e-4);
  });

  it('model.compile(optimizer="adam") is an optimizer with every Keras default, at the string', () => {
    const src = 'model.compile(loss="mse", optimizer="Adam")\n';
    const s = only(src);
    assert.equal(s.name, 'keras.optimizers.Adam');
    assert.deepEqual(s.params, {});
    assert.equal(src.slice(s.range.start.offset, s.range.end.offset), '"Adam"');
    assert.match(s.note ?? '', /default/);
    assert.deepEqual(extractPython('pattern = re.compile("adamant")\n').settings, [], 'not every compile() is Keras');
  });

  it('resolves args.lr to the argparse default and says so (also --learning-rate -> args.learning_rate, dest=)', () => {
    const src = [
      'import argparse, torch',
      'parser = argparse.ArgumentParser()',
      "parser.add_argument('--lr', type=float, default=0.01)",
      'parser.add_argument("--learning-rate", default="3e-4", type=float)',
      "parser.add_argument('--wd', '--weight-decay', default=1e-4, type=float, dest='weight_decay')",
      'args = parser.parse_args()',
      'a = torch.optim.SGD(p, lr=args.lr, weight_decay=args.weight_decay)',
      'b = torch.optim.Adam(p, lr=args.learning_rate)',
    ].join('\n');
    const [a, b] = extractPython(src).settings;
    assert.equal(a.params.lr.value, 0.01);
    assert.equal(a.params.lr.resolvedFrom, 'argparse default of --lr at line 3');
    assert.equal(a.params.weight_decay.value, 1e-4);
    assert.equal(b.params.lr.value, 3e-4, 'a string default goes through type=float, as argparse does');
    assert.equal(b.params.lr.resolvedFrom, 'argparse default of --learning-rate at line 4');
  });

  it('follows simple assignments and arithmetic, naming the line; set_defaults overrides a default', () => {
    const src = 'BASE_LR = 0.1\nbatch = 512\nlr = BASE_LR * batch / 256\nopt = torch.optim.SGD(p, lr=lr)\n';
    const s = only(src);
    assert.equal(s.params.lr.value, 0.2);
    assert.match(s.params.lr.resolvedFrom ?? '', /lr = BASE_LR \* batch \/ 256 at line 3/);
    const d = only("parser.add_argument('--lr', type=float, default=0.1)\nparser.set_defaults(lr=0.5)\nopt = torch.optim.SGD(p, lr=args.lr)\n");
    assert.equal(d.params.lr.value, 0.5);
  });

  it('Lightning: self.hparams.lr and self.lr resolve to the __init__ parameter default, and say so', () => {
    const src = [
      'class M(L.LightningModule):',
      '    def __init__(self, lr: float = 3e-4, momentum=0.9):',
      '        self.save_hyperparameters()',
      '    def configure_optimizers(self):',
      '        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=self.momentum)',
    ].join('\n');
    const s = only(src);
    assert.equal(s.params.lr.value, 3e-4);
    assert.equal(s.params.lr.resolvedFrom, 'default of parameter lr of __init__() at line 2');
    assert.equal(s.params.momentum.value, 0.9);
    assert.equal('value' in only('def f(x, lr):\n    return torch.optim.SGD(x, lr=lr)\n').params.lr, false, 'a parameter without a default has no value');
  });

  it('an unknown value keeps its text and has no value', () => {
    const s = only('opt = torch.optim.SGD(p, lr=get_lr(), momentum=cfg["m"])\n');
    assert.equal(s.params.lr.text, 'get_lr()');
    assert.equal('value' in s.params.lr, false);
    assert.equal('value' in s.params.momentum, false);
  });

  it('reads parameter groups, written in place or assigned first, without their params', () => {
    const inline = only('opt = torch.optim.SGD([{"params": a, "lr": 1e-3}, {"params": b}], lr=1e-2, momentum=0.9)\n');
    assert.deepEqual(inline.groups?.map((g) => Object.fromEntries(Object.entries(g).map(([k, p]) => [k, p.value]))), [{ lr: 1e-3 }, {}]);
    const named = only('groups = [{"params": a, "momentum": 0.5}]\nopt = torch.optim.SGD(groups, lr=0.1)\n');
    assert.equal(named.groups?.[0].momentum.value, 0.5);
  });

  it('schedulers, HF factories, TrainingArguments and clipping calls, with their frameworks', () => {
    const src = [
      'from transformers import TrainingArguments, get_cosine_schedule_with_warmup',
      'from torch.optim.lr_scheduler import OneCycleLR',
      's1 = OneCycleLR(opt, 0.1, total_steps=1000)',
      's2 = get_cosine_schedule_with_warmup(opt, 500, 10000)',
      'ta = TrainingArguments("out", learning_rate=5e-5, warmup_steps=100)',
      'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      'accelerator.clip_grad_norm_(model.parameters(), max_norm=0.5)',
      'trainer = pl.Trainer(max_epochs=3, gradient_clip_val=0.5)',
    ].join('\n');
    const got = extractPython(src).settings.map((s) => [s.kind, s.name, s.framework, values(s)]);
    assert.deepEqual(got, [
      ['scheduler', 'OneCycleLR', 'pytorch', { optimizer: undefined, max_lr: 0.1, total_steps: 1000 }],
      ['scheduler', 'get_cosine_schedule_with_warmup', 'huggingface', { optimizer: undefined, num_warmup_steps: 500, num_training_steps: 10000 }],
      ['training_args', 'TrainingArguments', 'huggingface', { output_dir: 'out', learning_rate: 5e-5, warmup_steps: 100 }],
      ['clipping', 'clip_grad_norm_', 'pytorch', { parameters: undefined, max_norm: 1 }],
      ['clipping', 'clip_grad_norm_', 'pytorch', { parameters: undefined, max_norm: 0.5 }],
      ['clipping', 'gradient_clip_val', 'lightning', { gradient_clip_val: 0.5 }],
    ]);
  });

  it('never takes a setting from a comment, a docstring, a string or an f-string', () => {
    const src = [
      '# opt = torch.optim.SGD(p, lr=10)',
      '"""torch.optim.Adam(p, lr=1.0)"""',
      'msg = "torch.optim.SGD(p, lr=3)"',
      'log = f"{torch.optim.SGD}"',
      'opt = torch.optim.SGD(p,  # lr=5',
      '    lr=0.1)',
    ].join('\n');
    const settings = extractPython(src).settings;
    assert.equal(settings.length, 1);
    assert.deepEqual(values(settings[0]), { params: undefined, lr: 0.1 });
  });

  it('ranges are exact: slicing the text at a param range gives its text, lines and columns are 1-based', () => {
    const src = 'import torch\n\nopt = torch.optim.SGD(\n    params,\n    lr=1e-2,\n)\n';
    const s = only(src);
    assert.equal(src.slice(s.range.start.offset, s.range.end.offset), 'torch.optim.SGD(\n    params,\n    lr=1e-2,\n)');
    assert.deepEqual([s.range.start.line, s.range.start.column, s.range.end.line, s.range.end.column], [3, 7, 6, 2]);
    const lr = s.params.lr;
    assert.equal(src.slice(lr.range.start.offset, lr.range.end.offset), '1e-2');
    assert.deepEqual([lr.range.start.line, lr.range.start.column], [5, 8]);
    const at = s.insertAt?.offset ?? -1;
    assert.equal(`${src.slice(0, at)}${s.insertSeparator}momentum=0.9${src.slice(at)}`, 'import torch\n\nopt = torch.optim.SGD(\n    params,\n    lr=1e-2, momentum=0.9,\n)\n',
      'a new argument goes after the last one, before its trailing comma');
    const empty = only('opt = torch.optim.Adam()\n');
    assert.deepEqual([empty.insertAt?.offset, empty.insertSeparator], [23, ''], 'just after the opening parenthesis');
  });

  it('records backward() and step() calls of the loop, with indentation, and not the scheduler step', () => {
    const src = [
      'optimizer = torch.optim.SGD(p, lr=0.1)',
      'sched = torch.optim.lr_scheduler.StepLR(optimizer, 10)',
      'for x in data:',
      '    loss.backward()',
      '\toptimizer.step()',
      '    sched.step()',
      '    scaler.step(optimizer)',
      '    env.step(action)',
    ].join('\n');
    const calls = extractPython(src).loopCalls.map((c) => [c.kind, c.receiver, c.range.start.line, c.indent, c.lineStart.column]);
    assert.deepEqual(calls, [
      ['backward', 'loss', 4, '    ', 1],
      ['optimizer_step', 'optimizer', 5, '\t', 1],
      ['scaler_step', 'scaler', 7, '    ', 1],
    ]);
  });

  it('a file with syntax errors still gives what parsed, and lists the errors by line', () => {
    const src = 'opt = torch.optim.SGD(p, lr=0.1\ndef f(:\n    pass\nother = torch.optim.Adam(p, lr=1e-3)\n';
    const r = extractPython(src);
    assert.deepEqual(r.settings.map((s) => s.name), ['torch.optim.SGD', 'torch.optim.Adam']);
    assert.ok(r.problems.length > 0 && r.problems.every((p) => /^line \d+: syntax error$|^\.\.\. and/.test(p)), r.problems.join());
  });
});
