/**
 * The editor's YAML path (yaml/incremental.ts) re-parses only the top-level blocks an edit touched. Whatever
 * the edit — one that keeps the file valid, one that breaks it, one that adds an anchor, a tab, a second
 * document or a flow collection over a cut — it must give exactly what a fresh read gives.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSettingsExtractor, extractSettings } from '../../../../src/core/config';
import { cutYamlBlocks } from '../../../../src/core/config/yaml/blocks';
import { checkSequence } from '../randomEdits';

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'config');

/** Tokens that change YAML's structure (indentation, keys, quotes, flow, anchors, documents) and its meaning. */
const TOKENS = ['\n', ' ', '  ', 'x', '1', '.', ':', ': ', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '---\n', '\t',
  '|\n', '>\n', '? ', '!!str ', '%YAML 1.2\n', 'lr: 0.1\n', 'warmup_steps: 100\n', 'optimizer:\n  ', '_target_: torch.optim.SGD\n',
  'class_path: torch.optim.Adam\n', '${trainer.lr}', 'zero_optimization: {}\n', 'learning_rate: 1e-3\n', '\n\n', '# c\n'];

/** Lightning + Hydra + comments between and after blocks, a column-0 list, a multi-line flow map and a block scalar. */
const MIXED = [
  '# preamble comment', '', 'trainer:', '  max_epochs: 10', '  gradient_clip_val: 0.5', '# between blocks', '',
  'optimizer:', '  class_path: torch.optim.SGD', '  init_args:', '    lr: 0.1', '    momentum: 0.9',
  'lr_scheduler:', '  class_path: torch.optim.lr_scheduler.StepLR', '  init_args: {step_size: 30,', '    gamma: 0.1}',
  'milestones:', '- 30', '- 60', 'notes: |', '  lr: 10 in a block scalar', 'model:', '  optim:', '    _target_: torch.optim.Adam',
  '    lr: ${optimizer.init_args.lr}', '    weight_decay: 1e-4', 'warmup_steps: 0', '# trailing comment', '',
].join('\n');

/** A Hugging Face recipe: one setting spans the whole root map, so the root's range must be the whole read's. */
const RECIPE = [
  '# recipe', 'output_dir: out', 'learning_rate: 2.0e-5', 'lr_scheduler_type: cosine', '# no warm-up yet', '',
  'per_device_train_batch_size: 8', 'num_train_epochs: 3', 'max_grad_norm: 1.0', '# end', '',
].join('\n');

describe('config/yaml: incremental extraction', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();

  it('has fixture configs to edit', () => {
    assert.ok(files.length >= 3, `found ${files.join(', ')}`);
  });

  for (const file of files) {
    it(`gives what a fresh read gives after each of 150 random edits of ${file}`, () => {
      checkSequence(file, readFileSync(join(FIXTURES, file), 'utf8'), TOKENS, file.length * 7919, 150);
    });
  }

  it('gives what a fresh read gives on a config with comments between blocks, lists, flow maps and block scalars', () => {
    for (const seed of [1, 2, 3]) {
      const clean = checkSequence('mixed.yaml', MIXED, TOKENS, seed, 100);
      assert.ok(clean > 10, `seed ${seed}: only ${clean} edited texts were valid YAML, the incremental path was hardly used`);
    }
  });

  it('gives what a fresh read gives on a Hugging Face recipe (a setting spanning the whole file)', () => {
    for (const seed of [5, 6]) {
      const clean = checkSequence('recipe.yaml', RECIPE, TOKENS, seed, 100);
      assert.ok(clean > 10, `seed ${seed}: only ${clean} edited texts were valid YAML`);
    }
  });

  it('cuts at column-0 keys and keeps comments, lists and indented lines with the block above', () => {
    const blocks = cutYamlBlocks(MIXED);
    assert.ok(blocks);
    const keys = blocks.map((b) => MIXED.slice(b.from, MIXED.indexOf(':', b.from)));
    assert.deepEqual(keys, ['trainer', 'optimizer', 'lr_scheduler', 'milestones', 'notes', 'model', 'warmup_steps']);
    assert.equal(blocks[blocks.length - 1].to, MIXED.length);
    for (let i = 1; i < blocks.length; i++) assert.equal(blocks[i - 1].to, blocks[i].from);
  });

  it('refuses to cut what a block cannot be read alone for: tabs, documents, directives, quoted keys, top-level lists', () => {
    for (const text of ['a:\n\tb: 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n', '"a": 1\n', '- a: 1\n', 'a: 1\n...\n', '  a: 1\n', '\ufeffa: 1\n']) {
      assert.equal(cutYamlBlocks(text), null, JSON.stringify(text));
    }
  });

  it('falls back to a whole read when a block uses an anchor of another block', () => {
    const text = 'base: &lr 0.1\noptimizer:\n  name: sgd\n  lr: *lr\n';
    const extractor = createSettingsExtractor();
    assert.deepEqual(extractor('c.yaml', text), extractSettings('c.yaml', text));
    const lr = extractor('c.yaml', text).settings.find((s) => s.kind === 'optimizer')?.params.lr;
    assert.equal(lr?.value, 0.1);
  });

  it('reports a parse error with its whole-read line after an edit breaks one block', () => {
    const extractor = createSettingsExtractor();
    extractor('c.yaml', MIXED);
    const broken = MIXED.replace('    lr: 0.1', '    lr: "0.1');
    const result = extractor('c.yaml', broken);
    assert.ok(result.problems.length > 0);
    assert.deepEqual(result, extractSettings('c.yaml', broken));
  });
});
