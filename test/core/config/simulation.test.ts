/**
 * "Simulate this config": a setting as a RunSpec (the framework's convention, its numbers, the file's schedule
 * and clipping) on the proxy quadratic, and the plan of the two runs (as written, after the fixes).
 */
import * as assert from 'node:assert/strict';
import { extractSettings } from '../../../src/core/config';
import { runRules } from '../../../src/core/config/rules';
import { engineOptimizerOf, NotSimulatableError, PROXY_PROBLEM, simulateSetting } from '../../../src/core/config/simulation';
import { planSimulation } from '../../../src/core/config/simulationPlan';

function first(path: string, text: string, kind = 'optimizer') {
  const x = extractSettings(path, text);
  const index = x.settings.findIndex((s) => s.kind === kind);
  assert.ok(index >= 0, `a ${kind} in ${text}`);
  return { x, index };
}

describe('config simulation: setting -> RunSpec', () => {
  it('PyTorch SGD keeps lr (positional too), momentum and nesterov, on the proxy quadratic', () => {
    const { x, index } = first('t.py', 'import torch\no = torch.optim.SGD(m.parameters(), 0.05, momentum=0.99, nesterov=True)\n');
    const { spec, notes } = simulateSetting(x, index, 300, 'sgd');
    assert.deepEqual(spec.optimizer, { name: 'sgd', convention: 'pytorch', lr: 0.05, momentum: 0.99, nesterov: true });
    assert.deepEqual(spec.problem, PROXY_PROBLEM);
    assert.equal(spec.steps, 300);
    assert.deepEqual(notes, []);
  });

  it('Keras uses convention "keras" with learning_rate and beta_1, and clipnorm as per-variable clipping', () => {
    const { x, index } = first('k.py', 'from tensorflow import keras\nopt = keras.optimizers.Adam(learning_rate=3e-4, beta_1=0.8, clipnorm=1.0)\n');
    const { spec } = simulateSetting(x, index, 100, 'k');
    assert.deepEqual(spec.optimizer, { name: 'adam', convention: 'keras', learning_rate: 3e-4, beta_1: 0.8 });
    assert.deepEqual(spec.clip, { clipnorm: 1 });
  });

  it('the file\'s scheduler and clip_grad_norm_ come along; a warm-up and a cosine combine', () => {
    const src = [
      'import torch',
      'opt = torch.optim.SGD(p, lr=0.1, momentum=0.9)',
      'w = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=100)',
      'c = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=1000)',
      'for b in data:',
      '    torch.nn.utils.clip_grad_norm_(p, max_norm=0.5)',
      '    opt.step()',
      '',
    ].join('\n');
    const { x, index } = first('t.py', src);
    const { spec, notes } = simulateSetting(x, index, 500, 'r');
    assert.deepEqual(spec.schedule, { name: 'warmup_cosine', warmup_steps: 100, total_steps: 1000 });
    assert.deepEqual(spec.clip, { max_norm: 0.5 });
    assert.ok(notes.some((n) => /LinearLR from 0.1 /.test(n)), 'the start factor approximation is said');
  });

  it('TrainingArguments: AdamW with its names mapped, the Trainer\'s default clipping 1.0, warmup_steps', () => {
    const src = 'from transformers import TrainingArguments\na = TrainingArguments("o", learning_rate=2e-5, adam_beta2=0.98, warmup_steps=50)\n';
    const { x, index } = first('t.py', src, 'training_args');
    const { spec } = simulateSetting(x, index, 100, 'hf');
    assert.deepEqual(spec.optimizer, { name: 'adamw', convention: 'pytorch', lr: 2e-5, betas: [0.9, 0.98] });
    assert.deepEqual(spec.clip, { max_norm: 1 });
    assert.deepEqual(spec.schedule, { name: 'linear_warmup', warmup_steps: 50 });
  });

  it('DeepSpeed Adam is AdamW (adam_w_mode), with gradient_clipping', () => {
    const src = '{"gradient_clipping": 1.0, "train_batch_size": 8, "optimizer": {"type": "Adam", "params": {"lr": 0.001, "betas": [0.9, 0.95]}}}';
    const { x, index } = first('ds.json', src);
    assert.equal(engineOptimizerOf(x.settings[index]), 'adamw');
    const { spec } = simulateSetting(x, index, 100, 'ds');
    assert.deepEqual(spec.optimizer, { name: 'adamw', convention: 'pytorch', lr: 0.001, betas: [0.9, 0.95] });
    assert.deepEqual(spec.clip, { max_norm: 1 });
  });

  it('an unresolved value falls back to the default and says so; an unknown optimizer is refused in words', () => {
    const { x, index } = first('t.py', 'import torch\no = torch.optim.Adam(p, lr=get_lr())\n');
    const { spec, notes } = simulateSetting(x, index, 10, 'a');
    assert.equal(spec.optimizer.lr, undefined);
    assert.match(notes.join(';'), /lr = get_lr\(\)/);
    const ada = first('t.py', 'from transformers import Adafactor\no = Adafactor(p, lr=1e-3)\n');
    assert.throws(() => simulateSetting(ada.x, ada.index, 10, 'a'), NotSimulatableError);
  });

  it('a value the simulator rejects (negative momentum) is a NotSimulatableError, not a crash', () => {
    const { x, index } = first('t.py', 'import torch\no = torch.optim.SGD(p, lr=0.1, momentum=-0.5)\n');
    assert.throws(() => simulateSetting(x, index, 10, 'a'), (e: unknown) => e instanceof NotSimulatableError && /momentum/.test(e.message));
  });
});

describe('config simulation: plan with the fixed run', () => {
  const lstm = [
    'import torch',
    'model = torch.nn.LSTM(8, 8)',
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.99)',
    'for x in data:',
    '    loss.backward()',
    '    optimizer.step()',
    '',
  ].join('\n');

  it('an LSTM with momentum 0.99 and no clipping: the fixed run has the warm-up and the clipping, both SGD points go on the map', () => {
    const x = extractSettings('t.py', lstm);
    const diagnostics = runRules(x);
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['OL005', 'OL006']);
    const plan = planSimulation('t.py', lstm, x, diagnostics, 0, 400, 'SGD line 3');
    assert.equal(plan.runs.length, 2);
    assert.equal(plan.runs[0].schedule, undefined);
    assert.equal(plan.runs[0].clip, undefined);
    assert.deepEqual(plan.runs[1].schedule, { name: 'linear_warmup', warmup_steps: 100 });
    assert.deepEqual(plan.runs[1].clip, { max_norm: 1 });
    assert.equal(plan.fixTitles.length, 2);
    assert.deepEqual(plan.map?.points.map((p) => [p.lr, p.momentum]), [[0.05, 0.99], [0.05, 0.99]]);
    assert.match(plan.problem, /quadratic, curvatures 0.1 to 10/);
  });

  it('no diagnostics: one run; Adam: no stability map', () => {
    const src = 'import torch\no = torch.optim.Adam(p, lr=1e-3)\n';
    const x = extractSettings('t.py', src);
    const plan = planSimulation('t.py', src, x, runRules(x), 0, 100, 'Adam');
    assert.equal(plan.runs.length, 1);
    assert.equal(plan.map, undefined);
  });
});
