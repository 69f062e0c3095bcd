import * as assert from 'node:assert/strict';
import { extractSettings } from '../../../src/core/config';
import type { Setting } from '../../../src/core/config/types';

function brief(s: Setting): [string, string, string, Record<string, unknown>] {
  return [s.kind, s.name, s.framework, Object.fromEntries(Object.entries(s.params).map(([k, p]) => [k, p.value]))];
}

describe('config/yaml and config/json: extraction', () => {
  it('YAML keeps the scalar as written: 1e-5 (a string for PyYAML) and 1.0e-5 stay distinguishable', () => {
    const src = 'optimizer: adam\nlr: 1e-5\nweight_decay: 1.0e-5\n';
    const [s] = extractSettings('c.yaml', src).settings;
    assert.equal(s.params.lr.text, '1e-5');
    assert.equal(s.params.lr.value, 1e-5, 'the YAML 1.2 value');
    assert.equal(s.params.weight_decay.text, '1.0e-5');
    assert.equal(src.slice(s.params.lr.range.start.offset, s.params.lr.range.end.offset), '1e-5');
    assert.equal(src.slice(s.params.lr.keyRange?.start.offset, s.params.lr.keyRange?.end.offset), 'lr');
    assert.deepEqual([s.params.lr.range.start.line, s.params.lr.range.start.column], [2, 5]);
  });

  it('Lightning CLI class_path/init_args, also with a bare torch class name', () => {
    const src = 'optimizer:\n  class_path: Adam\n  init_args:\n    lr: 0.001\n';
    assert.deepEqual(extractSettings('c.yaml', src).settings.map(brief), [['optimizer', 'torch.optim.Adam', 'lightning', { lr: 0.001 }]]);
  });

  it('Hydra _target_ with sibling params (underscore keys left out), ${...} interpolations followed', () => {
    const src = 'base_lr: 0.02\nopt:\n  _target_: torch.optim.SGD\n  _partial_: true\n  lr: ${base_lr}\n  momentum: 0.9\n';
    const settings = extractSettings('c.yaml', src).settings;
    const hydra = settings.find((s) => s.framework === 'hydra');
    assert.ok(hydra);
    assert.deepEqual(brief(hydra), ['optimizer', 'torch.optim.SGD', 'hydra', { lr: 0.02, momentum: 0.9 }]);
    assert.equal(hydra.params.lr.text, '${base_lr}');
    assert.equal(hydra.params.lr.resolvedFrom, 'interpolation ${base_lr} -> line 1');
  });

  it('a map with an unknown _target_ or class_path is read by its plain keys', () => {
    const src = 'model:\n  _target_: my.Model\n  learning_rate: 3e-4\n';
    assert.deepEqual(extractSettings('c.yaml', src).settings.map(brief), [['optimizer', 'model', 'generic', { learning_rate: 3e-4 }]]);
  });

  it('follows YAML anchors and aliases, and reads every document of a stream', () => {
    const src = 'defaults: &d\n  lr: 0.1\n---\noptimizer:\n  class_path: torch.optim.SGD\n  init_args: *d\n';
    const got = extractSettings('c.yaml', src).settings.map(brief);
    assert.deepEqual(got, [['optimizer', 'defaults', 'generic', { lr: 0.1 }], ['optimizer', 'torch.optim.SGD', 'lightning', {}]],
      'an alias in another document does not resolve (YAML anchors are per document)');
    const same = 'defaults: &d\n  lr: 0.1\noptimizer:\n  class_path: torch.optim.SGD\n  init_args: *d\n';
    assert.deepEqual(brief(extractSettings('c.yaml', same).settings[1]), ['optimizer', 'torch.optim.SGD', 'lightning', { lr: 0.1 }]);
  });

  it('DeepSpeed JSON with comments and trailing commas: optimizer, scheduler, gradient_clipping', () => {
    const src = '{\n  // zero 2\n  "train_batch_size": 16,\n  "optimizer": {"type": "Adam", "params": {"lr": 1e-4,}},\n  "scheduler": {"type": "WarmupLR", "params": {"warmup_num_steps": 100}},\n  "gradient_clipping": 1.0,\n}\n';
    assert.deepEqual(extractSettings('ds.json', src).settings.map(brief), [
      ['optimizer', 'Adam', 'deepspeed', { lr: 1e-4 }],
      ['scheduler', 'WarmupLR', 'deepspeed', { warmup_num_steps: 100 }],
      ['clipping', 'gradient_clipping', 'deepspeed', { gradient_clipping: 1 }],
    ]);
  });

  it('a DeepSpeed-style block in a file that is not DeepSpeed is read as plain keys', () => {
    const src = '{"optimizer": {"type": "adam"}, "epochs": 3}';
    assert.deepEqual(extractSettings('c.json', src).settings, []);
  });

  it('a Hugging Face arguments dump is one training_args setting with every scalar', () => {
    const src = '{"output_dir": "o", "learning_rate": 5e-05, "warmup_steps": 10, "per_device_train_batch_size": 8, "report_to": ["wandb"]}';
    assert.deepEqual(extractSettings('args.json', src).settings.map(brief), [
      ['training_args', 'TrainingArguments', 'huggingface', { output_dir: 'o', learning_rate: 5e-5, warmup_steps: 10, per_device_train_batch_size: 8, report_to: ['wandb'] }],
    ]);
  });

  it('YAML comments and quoted strings are never settings', () => {
    const src = '# lr: 10\nnote: "lr: 10"\ndescription: |\n  optimizer: sgd\n  lr: 5\n';
    assert.deepEqual(extractSettings('c.yaml', src).settings, []);
  });

  it('broken YAML and JSON give what parsed and the errors with their lines', () => {
    const y = extractSettings('c.yaml', 'optimizer:\n  class_path: torch.optim.SGD\n  init_args: {lr: 0.1}\ntrainer: [\n');
    assert.deepEqual(y.settings.map(brief), [['optimizer', 'torch.optim.SGD', 'lightning', { lr: 0.1 }]]);
    assert.ok(y.problems.length > 0 && y.problems.every((p) => /^line \d+: /.test(p)), y.problems.join());
    const j = extractSettings('c.json', '{"gradient_clipping": 1.0, "train_batch_size": 8, "optimizer": {"type": "Adam", "params": {"lr": }');
    assert.deepEqual(j.settings.map((s) => s.name), ['gradient_clipping', 'Adam']);
    assert.ok(j.problems.length > 0);
  });
});
