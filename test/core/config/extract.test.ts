import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSettingsExtractor, extractSettings, languageOf, MAX_CONFIG_CHARS } from '../../../src/core/config';
import { CONFIG_RULES, DEFAULT_RULE_OPTIONS } from '../../../src/core/config/rules';

describe('config/extract: picking the reader and surviving bad input', () => {
  it('picks the language by extension, case-insensitively, on either slash', () => {
    assert.equal(languageOf('a/b/train.py'), 'python');
    assert.equal(languageOf('C:\\x\\CONF.YML'), 'yaml');
    assert.equal(languageOf('cfg.yaml'), 'yaml');
    assert.equal(languageOf('ds.jsonc'), 'json');
    assert.equal(languageOf('notes.txt'), null);
    assert.equal(languageOf('Makefile'), null);
    assert.equal(extractSettings('x.txt', 'lr: 1').problems.length, 1);
  });

  it('empty files give nothing and, for Python and YAML, no problem', () => {
    for (const path of ['a.py', 'a.yaml']) assert.deepEqual(extractSettings(path, ''), { language: path.endsWith('py') ? 'python' : 'yaml', settings: [], loopCalls: [], hints: [], problems: [] });
    assert.deepEqual(extractSettings('a.json', '').settings, []);
  });

  it('binary content is skipped with a problem, not parsed', () => {
    const r = extractSettings('model.py', 'PK\u0003\u0004\u0000\u0000torch.optim.SGD(p, lr=1)');
    assert.deepEqual(r.settings, []);
    assert.match(r.problems[0], /binary/);
  });

  it('a file above the size cap is skipped with a problem saying so', () => {
    const r = extractSettings('big.yaml', 'lr: 1\n'.repeat(MAX_CONFIG_CHARS / 6 + 1));
    assert.deepEqual(r.settings, []);
    assert.match(r.problems[0], /skipped/);
  });

  it('a long but normal file is read whole (settings at its end are found)', () => {
    const body = 'x = 1\n'.repeat(50_000) + 'opt = torch.optim.SGD(p, lr=0.1)\n';
    const r = extractSettings('long.py', body);
    assert.equal(r.settings.length, 1);
    assert.equal(r.settings[0].range.start.line, 50_001);
  });

  it('never throws on arbitrary text in any of the three languages, extraction and rules', () => {
    const pieces = fc.constantFrom('torch.optim.SGD(', 'lr=', '0.1', ')', '(', '[', ']', '{', '}', ':', ',', '"', "'", '\n', '  ', '#', 'optimizer:', '- ', '${', '&a', '*a', '"""', '\\', 'class_path: ', '_target_: ', 'import ', 'from ', ' as ', 'args.lr', 'add_argument(');
    const texts = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 60 }).map((p) => p.join('')));
    fc.assert(fc.property(texts, fc.constantFrom('a.py', 'a.yaml', 'a.json'), (text, path) => {
      const r = extractSettings(path, text);
      for (const s of r.settings) {
        assert.ok(s.range.start.offset <= s.range.end.offset && s.range.end.offset <= text.length);
        for (const p of Object.values(s.params)) assert.equal(text.slice(p.range.start.offset, p.range.end.offset), p.text);
      }
      // Each rule called directly: runRules would swallow a rule's exception, the test must not.
      for (const rule of CONFIG_RULES) {
        for (const d of rule.check({ extraction: r, options: DEFAULT_RULE_OPTIONS })) assert.ok(d.range.end.offset <= text.length && d.message.length > 0);
      }
    }), { numRuns: 400 });
  });

  it('the incremental extractor of an editor gives exactly what a fresh extraction gives, edit after edit', () => {
    const base = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'config', 'finetune_pytorch.py'), 'utf8');
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.constantFrom('', 'x', '0.5', ')', '(', '\n', '# ', 'torch.optim.SGD(p, lr=2)', '"', '    ') });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      const extract = createSettingsExtractor();
      let text = base;
      extract('t.py', text);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        assert.deepEqual(extract('t.py', text), extractSettings('t.py', text));
      }
    }), { numRuns: 60 });
  });
});
