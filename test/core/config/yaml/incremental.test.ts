/**
 * The editor's YAML path (yaml/incremental.ts) re-parses only the top-level blocks an edit touched. Whatever
 * the edit — one that keeps the file valid, one that breaks it, one that adds an anchor, a tab, a second
 * document or a flow collection over a cut — it must give exactly what a fresh read gives, except where a
 * parse error is confined to the edited block: there the other blocks keep their settings, which must be
 * exactly those of a fresh read of the file with the edited block commented out, and the error is reported.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createSettingsExtractor, extractSettings } from '../../../../src/core/config';
import { cutYamlBlocks } from '../../../../src/core/config/yaml/blocks';
import type { ConfigExtraction } from '../../../../src/core/config/types';
import { runRules } from '../../../../src/core/config/rules';
import { oneEdit, random } from '../randomEdits';

/** `text` with the lines of [from, to) turned into comments of the same length (offsets and lines unchanged). */
function commentOut(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]+/g, (line) => `#${' '.repeat(line.length - 1)}`) + text.slice(to);
}

/** Settings and diagnostics that lie wholly outside [from, to), without setting indices. */
function outside(x: ConfigExtraction, from: number, to: number): unknown {
  const out = (r: { start: { offset: number }; end: { offset: number } }): boolean => r.end.offset <= from || r.start.offset >= to;
  return {
    settings: x.settings.filter((s) => out(s.range)),
    diagnostics: runRules(x).filter((d) => out(d.range)).map((d) => ({ ...d, setting: -1 })),
  };
}

/**
 * `edits` random edits one after another, sometimes back to the original (undo). An error-free text, or one
 * read whole, equals a fresh read; a text whose error the extractor kept to the edited block equals a fresh
 * read of the text with that block commented out, outside the block. Returns [error-free texts, texts read
 * with a confined error], so a test can check both paths were exercised.
 */
function checkSequence(name: string, original: string, tokens: readonly string[], seed: number, edits: number): [number, number] {
  const next = random(seed);
  const extractor = createSettingsExtractor();
  let text = original;
  let last: string | null = null;
  /** The text before the last real change: an unchanged broken text is read the same way again. */
  let previous: string | null = null;
  let clean = 0;
  let confined = 0;
  for (let i = 0; i <= edits; i++) {
    const where = `${name}, seed ${seed}, edit ${i}`;
    if (text !== last) {
      previous = last;
      last = text;
    }
    const incremental = extractor(name, text);
    const fresh = extractSettings(name, text);
    assert.ok(!incremental.problems.some((p) => p.startsWith('internal error')), `${where}: ${incremental.problems.join('; ')}`);
    if (fresh.problems.length === 0) clean++;
    if (fresh.problems.length === 0 || isDeepStrictEqual(incremental, fresh)) {
      assert.deepEqual(incremental, fresh, `${where}: the incremental extraction differs from a fresh one`);
      assert.deepEqual(runRules(incremental), runRules(fresh), `${where}: diagnostics differ`);
    } else {
      // Only a confined error may differ: both texts cut into as many blocks, all equal but the edited one.
      confined++;
      const now = cutYamlBlocks(text);
      const before = previous === null ? null : cutYamlBlocks(previous);
      assert.ok(now && before && now.length === before.length, `${where}: differs from a fresh read without a confined error`);
      // The block with the error: the one that does not parse alone (maybe edited a few keystrokes ago).
      const changed = now.filter((b) => extractSettings(name, text.slice(b.from, b.to)).problems.length > 0);
      assert.equal(changed.length, 1, `${where}: ${changed.length} blocks do not parse alone`);
      assert.ok(incremental.problems.length > 0, `${where}: the error is not reported`);
      const [{ from, to }] = changed;
      const masked = extractSettings(name, commentOut(text, from, to));
      assert.deepEqual(outside(incremental, from, to), outside(masked, from, to), `${where}: the other blocks differ from a read without the edited one`);
    }
    const r = next();
    text = r < 0.1 ? original : oneEdit(text, tokens, next);
  }
  return [clean, confined];
}

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
    let confinedAll = 0;
    for (const seed of [1, 2, 3]) {
      const [clean, confined] = checkSequence('mixed.yaml', MIXED, TOKENS, seed, 100);
      confinedAll += confined;
      assert.ok(clean > 10, `seed ${seed}: only ${clean} edited texts were valid YAML, the incremental path was hardly used`);
    }
    assert.ok(confinedAll >= 3, `only ${confinedAll} edited texts had an error kept to one block: that path was hardly used`);
  });

  it('gives what a fresh read gives on a Hugging Face recipe (a setting spanning the whole file)', () => {
    for (const seed of [5, 6]) {
      const [clean] = checkSequence('recipe.yaml', RECIPE, TOKENS, seed, 100);
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

  it('keeps the other blocks while an edit breaks one (an open quote), reports the error at its line, and reads fresh once fixed', () => {
    const extractor = createSettingsExtractor();
    const before = extractor('c.yaml', MIXED);
    const broken = MIXED.replace('    lr: 0.1', '    lr: "0.1');
    const result = extractor('c.yaml', broken);
    // The error is reported in the broken block (lines 11-12: the quote's line or the block's last), not at the file's end.
    const line = broken.split('\n').findIndex((l) => l.includes('lr: "0.1')) + 1;
    assert.ok(result.problems.some((p) => p.startsWith(`line ${line}:`) || p.startsWith(`line ${line + 1}:`)), result.problems.join('; '));
    // A whole read lets the quote run over the later blocks; the blocks' reading keeps the scheduler and the model's Adam.
    const names = (x: ConfigExtraction): string[] => x.settings.map((s) => s.name);
    for (const name of ['StepLR', 'torch.optim.Adam']) {
      if (names(before).includes(name)) assert.ok(names(result).includes(name), `${name} kept: ${names(result).join(', ')}`);
    }
    assert.ok(names(result).length >= names(extractSettings('c.yaml', broken)).length);
    const fixed = MIXED.replace('    lr: 0.1', '    lr: "0.1"');
    assert.deepEqual(extractor('c.yaml', fixed), extractSettings('c.yaml', fixed));
  });
});
