/**
 * Each config rule: a config that must get its diagnostic (with the numbers in the message), and the
 * near misses that must not (a rule that cries wolf is worse than none).
 */
import * as assert from 'node:assert/strict';
import { extractSettings } from '../../../../src/core/config';
import { CONFIG_RULES, runRules, type ConfigDiagnostic, type RuleOptions } from '../../../../src/core/config/rules';

function lint(path: string, src: string, options: Partial<RuleOptions> = {}): ConfigDiagnostic[] {
  return runRules(extractSettings(path, src), options);
}

function codes(path: string, src: string, options: Partial<RuleOptions> = {}): string[] {
  return lint(path, src, options).map((d) => d.code);
}

function one(path: string, src: string, code: string): ConfigDiagnostic {
  const found = lint(path, src).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(lint(path, src).map((d) => d.code))}`);
  return found[0];
}

const WARM = 'sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=500)\n';

describe('config rules', () => {
  it('every rule has a distinct code, id and summary', () => {
    assert.equal(new Set(CONFIG_RULES.map((r) => r.code)).size, CONFIG_RULES.length);
    assert.equal(new Set(CONFIG_RULES.map((r) => r.id)).size, CONFIG_RULES.length);
    for (const r of CONFIG_RULES) assert.match(r.code, /^OL\d{3}$/);
  });

  describe('OL001 momentum or beta outside [0, 1)', () => {
    it('flags momentum >= 1 as an error at the value, in Python, YAML and parameter groups', () => {
      const src = 'opt = torch.optim.SGD(p, lr=0.01, momentum=1.0)\n';
      const d = one('t.py', src, 'OL001');
      assert.equal(d.severity, 'error');
      assert.equal(src.slice(d.range.start.offset, d.range.end.offset), '1.0');
      assert.match(d.message, /momentum = 1 >= 1/);
      assert.deepEqual(codes('c.yaml', 'optimizer:\n  class_path: torch.optim.SGD\n  init_args: {lr: 0.01, momentum: 1.2}\n'), ['OL001']);
      assert.match(one('t.py', 'o = torch.optim.SGD([{"params": a, "momentum": 1.5}], lr=0.01)\n', 'OL001').message, /parameter group 0/);
    });

    it('flags negative momentum and Adam betas outside [0, 1) (PyTorch raises; beta 1 divides by zero)', () => {
      assert.match(one('t.py', 'o = torch.optim.SGD(p, lr=0.1, momentum=-0.9)\n', 'OL001').message, /ValueError/);
      const d = one('t.py', 'o = torch.optim.Adam(p, lr=1e-3, betas=(0.9, 1.0))\n', 'OL001');
      assert.match(d.message, /betas\[1\] = 1 .*division by zero/);
      assert.deepEqual(codes('t.py', 'o = keras.optimizers.Adam(beta_2=1.0)\n'), ['OL001']);
    });

    it('leaves 0, 0.9, 0.999 and unknown values alone', () => {
      assert.deepEqual(codes('t.py', 'o = torch.optim.SGD(p, lr=0.01, momentum=0.9)\np = torch.optim.Adam(q, betas=(0.0, 0.999))\nr = torch.optim.SGD(p, lr=0.01, momentum=m)\n'), []);
    });
  });

  describe('OL002 Nesterov without momentum or with dampening', () => {
    it('flags nesterov=True with momentum not given (default 0), zero, or non-zero dampening', () => {
      const d = one('t.py', 'o = torch.optim.SGD(p, lr=0.1, nesterov=True)\n', 'OL002');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /momentum = 0 \(not given: the default\).*ValueError/);
      assert.match(one('t.py', 'o = torch.optim.SGD(p, 0.1, 0.9, 0.5, 0, True)\n', 'OL002').message, /dampening = 0.5/);
      assert.deepEqual(codes('c.yaml', 'opt:\n  _target_: torch.optim.SGD\n  lr: 0.01\n  momentum: 0\n  nesterov: true\n'), ['OL002']);
    });

    it('leaves valid Nesterov, Keras SGD (which does not raise) and unknown momentum alone', () => {
      assert.deepEqual(codes('t.py', 'o = torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)\n'), []);
      assert.deepEqual(codes('t.py', 'o = keras.optimizers.SGD(0.01, nesterov=True)\n'), []);
      assert.deepEqual(codes('t.py', 'o = torch.optim.SGD(p, lr=0.1, momentum=args.m, nesterov=True)\n'), []);
    });
  });

  describe('OL003 learning rate out of range', () => {
    it('flags a negative rate (error), zero (warning), Adam at 0.5 (warning, with the step size) and 1e-9 (info)', () => {
      assert.equal(one('t.py', 'o = torch.optim.SGD(p, lr=-0.1)\n', 'OL003').severity, 'error');
      assert.equal(one('t.py', 'o = torch.optim.SGD(p, lr=0)\n', 'OL003').severity, 'warning');
      const high = one('t.py', `o = torch.optim.Adam(p, lr=0.5)\n${WARM}`, 'OL003');
      assert.equal(high.severity, 'warning');
      assert.match(high.message, /about 0\.5 per update.*5-16\.67 times its size/);
      assert.equal(one('t.py', 'o = torch.optim.AdamW(p, lr=1e-9)\n', 'OL003').severity, 'info');
      assert.deepEqual(codes('args.json', '{"output_dir": "o", "learning_rate": 0.3, "warmup_steps": 100, "per_device_train_batch_size": 8}'), ['OL003']);
    });

    it('leaves SGD at 0.5, Adadelta at its default 1.0, Adam at 3e-4 alone; the threshold is an option', () => {
      assert.deepEqual(codes('t.py', `o = torch.optim.SGD(p, lr=0.5)\na = torch.optim.Adadelta(p, lr=1.0)\nb = torch.optim.Adam(p, lr=3e-4)\n${WARM}`), []);
      assert.deepEqual(codes('t.py', `o = torch.optim.Adam(p, lr=0.5)\n${WARM}`, { adaptiveLrHigh: 1 }), []);
    });
  });

  describe('OL004 effective step too large', () => {
    it('flags lr/(1-momentum) above 10 with the largest stable curvature', () => {
      const d = one('t.py', `o = torch.optim.SGD(p, lr=0.5, momentum=0.99)\n${WARM}`, 'OL004');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /= 0\.5\/\(1-0\.99\) = 50: .*curvature above 7\.96 diverges/);
    });

    it('leaves the ImageNet recipe (0.1, 0.9: step 1) alone, and respects the option', () => {
      assert.deepEqual(codes('t.py', `o = torch.optim.SGD(p, lr=0.1, momentum=0.9)\n${WARM}`), []);
      assert.deepEqual(codes('t.py', `o = torch.optim.SGD(p, lr=0.5, momentum=0.99)\n${WARM}`, { effectiveStepHigh: 100 }), []);
    });
  });

  describe('OL005 no warm-up', () => {
    it('flags momentum 0.99, SGD effective step above 1 and Adam above 1e-3 when nothing warms up', () => {
      const m = one('t.py', 'o = torch.optim.SGD(p, lr=0.01, momentum=0.99)\n', 'OL005');
      assert.equal(m.severity, 'info');
      assert.match(m.message, /~100 gradients.*up to 1 \(= lr\/\(1-momentum\)\)/);
      assert.match(one('t.py', 'o = torch.optim.SGD(p, lr=0.4, momentum=0.9)\n', 'OL005').message, /effective step 4 .*Goyal/);
      assert.match(one('t.py', 'o = torch.optim.Adam(p, lr=3e-3)\n', 'OL005').message, /3e-3|0\.003/);
    });

    it('does not take a plain config\'s EMA or BatchNorm momentum (no learning rate beside it) for an optimizer\'s', () => {
      assert.deepEqual(codes('c.yaml', 'ema:\n  momentum: 0.996\n'), []);
      assert.deepEqual(codes('c.yaml', 'optim:\n  lr: 0.01\n  momentum: 0.996\n'), ['OL005']);
    });

    it('is silent with any warm-up in the file (scheduler, warmup_steps > 0, unknown values count as warm-up)', () => {
      const high = 'o = torch.optim.SGD(p, lr=0.01, momentum=0.99)\n';
      assert.deepEqual(codes('t.py', high + WARM), []);
      assert.deepEqual(codes('t.py', `${high}s = get_linear_schedule_with_warmup(o, 100, 1000)\n`), []);
      assert.deepEqual(codes('t.py', `${high}s = get_linear_schedule_with_warmup(o, args.warm, 1000)\n`), []);
      assert.deepEqual(codes('t.py', `${high}s = get_linear_schedule_with_warmup(o, 0, 1000)\n`), ['OL005'], 'a warm-up of 0 steps is none');
      assert.deepEqual(codes('ds.json', '{"train_batch_size": 8, "optimizer": {"type": "Adam", "params": {"lr": 0.003}}, "scheduler": {"type": "WarmupLR", "params": {}}}'), []);
    });
  });

  describe('OL006 no gradient clipping for recurrent or attention models', () => {
    it('flags an LSTM trained without clipping, at the optimizer, naming the layer and its line', () => {
      const src = 'import torch\nrnn = torch.nn.LSTM(10, 20)\nopt = torch.optim.Adam(rnn.parameters(), lr=1e-3)\n';
      const d = one('t.py', src, 'OL006');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /torch\.nn\.LSTM \(line 2\).*Pascanu.*clip_grad_norm_/);
      assert.equal(d.range.start.line, 3);
      assert.match(one('t.py', 'from keras import layers\nm = layers.LSTM(64)\no = keras.optimizers.Adam()\n', 'OL006').message, /clipnorm=1\.0/);
    });

    it('is silent with clip_grad_norm_, Keras clipnorm, a TrainingArguments (clips at 1.0 by default), or no recurrent model', () => {
      const rnn = 'rnn = torch.nn.GRU(10, 20)\nopt = torch.optim.Adam(rnn.parameters(), lr=1e-3)\n';
      assert.deepEqual(codes('t.py', `${rnn}torch.nn.utils.clip_grad_norm_(rnn.parameters(), 1.0)\n`), []);
      assert.deepEqual(codes('t.py', 'm = keras.layers.LSTM(64)\no = keras.optimizers.Adam(clipnorm=1.0)\n'), []);
      assert.deepEqual(codes('t.py', 'from transformers import AutoModel, TrainingArguments\nm = AutoModel.from_pretrained("x")\na = TrainingArguments("o")\n'), []);
      assert.deepEqual(codes('t.py', 'from transformers import AutoModel, TrainingArguments\nm = AutoModel.from_pretrained("x")\na = TrainingArguments("o", max_grad_norm=0)\nopt = torch.optim.AdamW(m.parameters(), lr=5e-5)\n'), ['OL006']);
      assert.deepEqual(codes('t.py', 'm = torch.nn.Linear(3, 1)\nopt = torch.optim.Adam(m.parameters(), lr=1e-3)\n'), []);
    });
  });

  describe('OL007 YAML exponent read as a string by YAML 1.1', () => {
    it('flags 1e-5 and 1.0e5 (no signed exponent) with an exact fix, and not 1.0e-5, 0.001 or quoted text', () => {
      const src = 'optimizer: adam\nlr: 1e-5\nweight_decay: 1.0e5\neps: 1.0e-8\nmomentum: 0.001\nbeta1: "1e-5"\n';
      const found = lint('c.yaml', src).filter((d) => d.code === 'OL007');
      assert.deepEqual(found.map((d) => [d.param, d.fix?.edits[0].newText]), [['lr', '1.0e-5'], ['weight_decay', '1.0e+5']]);
      assert.equal(src.slice(found[0].range.start.offset, found[0].range.end.offset), '1e-5');
      assert.match(found[0].message, /string for YAML 1\.1 loaders such as PyYAML/);
    });

    it('is silent for Hydra and Lightning files (OmegaConf and jsonargparse read 1e-5 as a number) and for JSON', () => {
      assert.deepEqual(codes('c.yaml', 'opt:\n  _target_: torch.optim.Adam\n  lr: 1e-5\n'), []);
      assert.deepEqual(codes('c.yaml', 'optimizer:\n  class_path: torch.optim.Adam\n  init_args: {lr: 1e-5}\n'), []);
      assert.deepEqual(codes('c.json', '{"lr": 1e-5, "optimizer": "adam"}'), []);
    });
  });

  describe('OL008 Adam with L2 weight decay', () => {
    it('flags torch.optim.Adam with weight_decay > 0 (also in a parameter group)', () => {
      const d = one('t.py', 'o = torch.optim.Adam(p, lr=1e-3, weight_decay=0.01)\n', 'OL008');
      assert.equal(d.severity, 'info');
      assert.match(d.message, /weight_decay = 0\.01 adds 0\.01\*weight.*AdamW/);
      assert.deepEqual(codes('t.py', 'o = torch.optim.Adam([{"params": a, "weight_decay": 1e-4}], lr=1e-3)\n'), ['OL008']);
    });

    it('leaves AdamW, Keras Adam (decoupled) and DeepSpeed Adam (adam_w_mode) alone', () => {
      assert.deepEqual(codes('t.py', 'o = torch.optim.AdamW(p, lr=1e-3, weight_decay=0.01)\nk = keras.optimizers.Adam(weight_decay=0.01)\n'), []);
      assert.deepEqual(codes('ds.json', '{"train_batch_size": 8, "optimizer": {"type": "Adam", "params": {"lr": 1e-4, "weight_decay": 0.01}}}'), []);
    });
  });

  describe('OL009 epsilon zero in float16', () => {
    it('flags Adam\'s default eps 1e-8 when the model is cast with .half()', () => {
      const d = one('t.py', 'model = Net().half()\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\n', 'OL009');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /epsilon 1e-8 \(the default\) rounds to 0.*Net\(\)\.half\(\), line 1.*NaN/);
      assert.deepEqual(codes('t.py', 'model.to(torch.float16)\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, eps=1e-10)\n'), ['OL009']);
    });

    it('is silent with eps 1e-4, with mixed precision (autocast, no cast of the weights), and for Keras\'s 1e-7', () => {
      assert.deepEqual(codes('t.py', 'model = Net().half()\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-4)\n'), []);
      assert.deepEqual(codes('t.py', 'with torch.autocast("cuda", dtype=torch.float16):\n    y = model(x)\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\n'), []);
      assert.deepEqual(codes('t.py', 'keras.mixed_precision.set_global_policy("float16")\nopt = keras.optimizers.Adam()\n'), []);
    });
  });

  it('diagnostics come in source order', () => {
    const src = 'a = torch.optim.SGD(p, lr=0.1, momentum=1.0)\nb = torch.optim.SGD(p, lr=-1)\n';
    const lines = lint('t.py', src).map((d) => d.range.start.line);
    assert.deepEqual(lines, [...lines].sort((x, y) => x - y));
    assert.ok(lines.length >= 2);
  });
});
