/**
 * The editor's JSON path (json/incremental.ts) re-parses only the top-level value an edit fell in. Whatever
 * the edit — inside a value, across values, in a key, one that opens a string or a comment — it must give
 * exactly what a fresh read gives.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSettingsExtractor, extractSettings } from '../../../../src/core/config';
import { checkSequence } from '../randomEdits';

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'config');

const TOKENS = ['"', ',', '{', '}', '[', ']', ':', '1', '0.5', '1e-5', ' ', '\n', '//', '/*', '*/', '"lr": 0.1, ', '"type": "SGD", ',
  'true', 'null', 'x', '\\', '"warmup_num_steps": 0, ', '"params": {}, '];

describe('config/json: incremental extraction', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

  it('has fixture configs to edit', () => {
    assert.ok(files.length >= 2, `found ${files.join(', ')}`);
  });

  for (const file of files) {
    it(`gives what a fresh read gives after each of 200 random edits of ${file}`, () => {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      for (const seed of [file.length * 7919, 17, 29]) checkSequence(file, text, TOKENS, seed, 200);
    });
  }

  it('moves the settings after an edited value by the edit, and reads the edited value again', () => {
    const text = '{\n  "optimizer": {"type": "AdamW", "params": {"lr": 1e-5}},\n  "scheduler": {"type": "WarmupLR", "params": {"warmup_num_steps": 10}},\n  "gradient_clipping": 1.0\n}\n';
    const extractor = createSettingsExtractor();
    extractor('ds.json', text);
    const edited = text.replace('1e-5', '3.0e-5');
    const result = extractor('ds.json', edited);
    assert.deepEqual(result, extractSettings('ds.json', edited));
    assert.equal(result.settings.find((s) => s.kind === 'optimizer')?.params.lr.value, 3e-5);
    assert.equal(result.settings.find((s) => s.kind === 'scheduler')?.range.start.offset, edited.indexOf('"scheduler"'));
  });

  it('reads a top-level property added, renamed or removed as a whole read does (DeepSpeed detection follows it)', () => {
    const text = '{\n  "optimizer": {"type": "AdamW", "params": {"lr": 1e-5}},\n  "note": 1\n}\n';
    const extractor = createSettingsExtractor();
    const steps = [
      text,
      text.replace('"note": 1', '"note": 1, "gradient_clipping": 1.0'),
      text.replace('"note": 1', '"note": 1, "gradient_clippin": 1.0'),
      text.replace('"optimizer"', '"train_batch_size": 8, "optimizer"'),
      text.replace(',\n  "note": 1', ''),
      text.replace('"note": 1', '"note": 1,'),
    ];
    for (const step of steps) assert.deepEqual(extractor('ds.json', step), extractSettings('ds.json', step), step);
    assert.equal(extractor('ds.json', steps[3]).settings.find((s) => s.kind === 'optimizer')?.framework, 'deepspeed');
  });
});
