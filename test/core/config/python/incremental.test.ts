/**
 * The editor's extractor (createSettingsExtractor) re-reads only the pieces of a Python file an edit touched
 * and reuses the rest. Random one-token edits (seeded, so a failure repeats) are applied one after another to
 * each fixture script, each result compared with extractSettings from scratch:
 * - an error-free text gives exactly what a fresh read gives (settings with their ranges, loop calls, hints,
 *   problems, diagnostics), also right after texts with errors (no stale state from the error trees);
 * - a text with a syntax error is parsed incrementally, so lezer's error recovery may differ from a full
 *   parse's: there every setting, loop call, hint and diagnostic outside the edited paragraph (the lines
 *   between the blank lines around the edit) is exactly the fresh read's, syntax errors are reported, and
 *   nothing throws.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSettingsExtractor, extractSettings } from '../../../../src/core/config';
import { changedSpan } from '../../../../src/core/config/python/incremental';
import { runRules } from '../../../../src/core/config/rules';
import type { ConfigExtraction } from '../../../../src/core/config/types';
import { oneEdit as editWith, random } from '../randomEdits';

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'config');

/** Tokens an edit inserts: punctuation that changes the tree's shape, and names and lines that change meaning. */
const TOKENS = ['\n', ' ', '    ', 'x', '1', '.', '(', ')', ',', '=', '#', ':', '"', '[', '0.5', 'lr', 'args.lr', 'momentum=0.99',
  'lr = 0.5\n', 'import keras\n', 'from torch import optim\n', 'optimizer', 'def f(lr=3):\n', 'if True:\n    ', 'optimizer.step()\n'];


/** The lines [first, last] of the blank-line-delimited paragraph around the span [from, to] of `text`. */
function paragraphLines(text: string, from: number, to: number): [number, number] {
  const before = text.lastIndexOf('\n\n', from - 1);
  const after = text.indexOf('\n\n', to);
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  return [before < 0 ? 1 : lineOf(before + 1), after < 0 ? lineOf(text.length) : lineOf(after)];
}

/** The parts of an extraction and its diagnostics that start outside lines [first, last], with no setting indices. */
function outside(x: ConfigExtraction, [first, last]: [number, number]): unknown {
  const out = (line: number): boolean => line < first || line > last;
  return {
    settings: x.settings.filter((s) => out(s.range.start.line)),
    loopCalls: x.loopCalls.filter((c) => out(c.range.start.line)),
    hints: x.hints.filter((h) => out(h.range.start.line)),
    diagnostics: runRules(x).filter((d) => out(d.range.start.line)).map((d) => ({ ...d, setting: -1 })),
  };
}

const hasSyntaxError = (x: ConfigExtraction): boolean => x.problems.some((p) => p.endsWith('syntax error') || p.includes('syntax errors on'));

/** Runs the sequence; returns [how many edited texts had a syntax error]. */
function checkSequence(name: string, original: string, seed: number, edits: number): [number] {
  const next = random(seed);
  const extractor = createSettingsExtractor();
  let text = original;
  let previous = '';
  let errors = 0;
  for (let i = 0; i <= edits; i++) {
    const where = `${name}, seed ${seed}, edit ${i}`;
    const incremental = extractor(name, text);
    const fresh = extractSettings(name, text);
    assert.ok(!incremental.problems.some((p) => p.startsWith('internal error')), `${where}: ${incremental.problems.join('; ')}`);
    if (!hasSyntaxError(fresh)) {
      assert.deepEqual(incremental, fresh, `${where}: the incremental extraction differs from a fresh one`);
      assert.deepEqual(runRules(incremental), runRules(fresh), `${where}: diagnostics differ`);
    } else {
      errors++;
      assert.ok(hasSyntaxError(incremental), `${where}: the syntax error is not reported`);
      const [from, , to] = changedSpan(previous, text);
      const lines = paragraphLines(text, from, to);
      assert.deepEqual(outside(incremental, lines), outside(fresh, lines), `${where}: differs from a fresh read outside lines ${lines.join('-')}`);
    }
    // Mostly edits on edits (a person typing), sometimes back to the saved file (undo), sometimes a new place.
    previous = text;
    const r = next();
    text = r < 0.1 ? original : editWith(text, TOKENS, next);
  }
  return [errors];
}

describe('config/python: incremental extraction', () => {
  const scripts = readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort();

  it('has fixture scripts to edit', () => {
    assert.ok(scripts.length >= 5, `found ${scripts.join(', ')}`);
  });

  for (const file of scripts) {
    it(`gives what a fresh read gives after each of 120 random edits of ${file}`, () => {
      const [errors] = checkSequence(file, readFileSync(join(FIXTURES, file), 'utf8'), file.length * 7919, 120);
      assert.ok(errors > 10, `only ${errors} edited texts had a syntax error: the error path was hardly used`);
    });
  }

  it('gives what a fresh read gives on all the scripts in one long file (large functions are cut into pieces)', () => {
    const all = scripts.map((f) => readFileSync(join(FIXTURES, f), 'utf8')).join('\n\n');
    const [errors] = checkSequence('all.py', all, 2024, 150);
    assert.ok(errors > 10, `only ${errors} edited texts had a syntax error`);
  });

  it('finds the span an edit replaced as the longest common prefix and suffix, across the 256-character blocks', () => {
    const naive = (a: string, b: string): [number, number, number] => {
      let s = 0;
      while (s < Math.min(a.length, b.length) && a[s] === b[s]) s++;
      let ea = a.length;
      let eb = b.length;
      while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) {
        ea--;
        eb--;
      }
      return [s, ea, eb];
    };
    const next = random(7);
    const base = Array.from({ length: 1500 }, () => 'ab\n'[Math.floor(next() * 3)]).join('');
    for (let i = 0; i < 300; i++) {
      const edited = editWith(base, TOKENS, next);
      assert.deepEqual(changedSpan(base, edited), naive(base, edited), `case ${i}`);
    }
    assert.deepEqual(changedSpan('', 'x'), [0, 0, 1]);
    assert.deepEqual(changedSpan('same', 'same'), [4, 4, 4]);
    assert.deepEqual(changedSpan('a'.repeat(600), 'a'.repeat(300)), [300, 600, 300], 'a repeated text: the prefix wins');
  });

  it('while a value is half typed, keeps the other settings, reports the error, and once finished reads as fresh', () => {
    const extractor = createSettingsExtractor();
    const head = 'import torch\n\n\ndef make(model):\n    return torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n\n\n';
    const tail = 'def sched(opt):\n    return torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)\n';
    extractor('t.py', head + tail);
    for (const typed of ['opt = torch.optim.Adam(model.parameters(), lr=0.', 'opt = torch.optim.Adam(model.parameters(), lr=0.0', 'opt = torch.optim.Adam(model.parameters(), lr=0.01)']) {
      const text = `${head}${typed}\n\n\n${tail}`;
      const got = extractor('t.py', text);
      const fresh = extractSettings('t.py', text);
      if (typed.endsWith(')')) {
        assert.deepEqual(got, fresh, 'the finished line reads as a fresh read');
        assert.deepEqual(got.settings.map((s) => s.name), ['torch.optim.SGD', 'torch.optim.Adam', 'StepLR']);
      } else {
        assert.ok(hasSyntaxError(got), typed);
        const names = got.settings.map((s) => s.name);
        assert.ok(names.includes('torch.optim.SGD') && names.includes('StepLR'), `${typed}: ${names.join(', ')}`);
        assert.deepEqual(got.settings.find((s) => s.name === 'torch.optim.SGD'), fresh.settings.find((s) => s.name === 'torch.optim.SGD'));
      }
    }
  });

  it('follows a name whose meaning an edit elsewhere changed: the unchanged call gets the new value', () => {
    const extractor = createSettingsExtractor();
    const before = 'import torch\nLR = 0.1\n\n\ndef train(model):\n    return torch.optim.SGD(model.parameters(), lr=LR)\n';
    assert.equal(extractor('t.py', before).settings[0].params.lr.value, 0.1);
    const after = before.replace('LR = 0.1', 'LR = 0.2');
    const got = extractor('t.py', after);
    assert.equal(got.settings[0].params.lr.value, 0.2);
    assert.deepEqual(got, extractSettings('t.py', after));
  });

  it('follows an import an edit added: a call it did not know becomes a setting', () => {
    const extractor = createSettingsExtractor();
    const before = 'x = 1\n\n\ndef make(p):\n    return SGD(p, lr=0.1)\n';
    assert.equal(extractor('t.py', before).settings.length, 0);
    const after = `from torch.optim import SGD\n${before}`;
    const got = extractor('t.py', after);
    assert.deepEqual(got.settings.map((s) => [s.name, s.range.start.line]), [['torch.optim.SGD', 6]]);
    assert.deepEqual(got, extractSettings('t.py', after));
  });
});
