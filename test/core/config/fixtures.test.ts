/**
 * Recall on scripts and configs written the way pytorch/examples, Keras examples, Hugging Face, DeepSpeed
 * and Lightning/Hydra write them: every expected setting and parameter must be found (target >= 95% over
 * all of them), on the right line, and nothing may come from a comment or a string (the DECOY lines) or
 * be found that a reader would not call a setting.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractSettings } from '../../../src/core/config';
import { runRules } from '../../../src/core/config/rules';
import type { Param, ParamValue, Setting } from '../../../src/core/config/types';
import { EXPECTED, type ExpectedSetting } from './expectations';

// Compiled to out/test/core/config/, so the repository root is four levels up.
const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'config');

function lineOf(text: string, snippet: string): number {
  const index = text.indexOf(snippet);
  assert.ok(index >= 0, `fixture has "${snippet}"`);
  return text.slice(0, index).split('\n').length;
}

function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

interface Score {
  expected: number;
  found: number;
  misses: string[];
}

function scoreParams(where: string, want: Record<string, ParamValue | undefined>, got: Record<string, Param>, score: Score): void {
  for (const [name, value] of Object.entries(want)) {
    score.expected++;
    const p = got[name];
    if (p && sameValue(p.value, value)) score.found++;
    else score.misses.push(`${where} ${name}: want ${JSON.stringify(value)}, got ${p ? `${p.text} -> ${JSON.stringify(p.value)}` : 'nothing'}`);
  }
}

function scoreSetting(file: string, text: string, want: ExpectedSetting, settings: Setting[], score: Score): Setting | undefined {
  const line = lineOf(text, want.at);
  const got = settings.find((s) => s.kind === want.kind && s.name === want.name && s.range.start.line === line);
  score.expected++;
  const where = `${file}:${line} ${want.name}`;
  if (!got) {
    score.misses.push(`${where}: not found`);
    score.expected += Object.keys(want.params).length;
    return undefined;
  }
  score.found++;
  scoreParams(where, want.params, got.params, score);
  (want.groups ?? []).forEach((g, i) => scoreParams(`${where} group ${i}`, g, got.groups?.[i] ?? {}, score));
  return got;
}

describe('config extraction on framework-style fixtures', () => {
  const total: Score = { expected: 0, found: 0, misses: [] };
  const extras: string[] = [];
  const decoyHits: string[] = [];

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: finds the expected settings, none on DECOY lines, nothing else`, () => {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      const result = extractSettings(file, text);
      const score: Score = { expected: 0, found: 0, misses: [] };
      const matched = new Set<Setting>();
      for (const want of expected) {
        const got = scoreSetting(file, text, want, result.settings, score);
        if (got) matched.add(got);
      }
      const lines = text.split('\n');
      for (const s of result.settings) {
        if (!matched.has(s)) extras.push(`${file}:${s.range.start.line} ${s.kind} ${s.name}`);
        const touched = [s.range.start.line, ...Object.values(s.params).map((p) => p.range.start.line)];
        for (const l of touched) if (lines[l - 1].includes('DECOY')) decoyHits.push(`${file}:${l} ${s.name}`);
      }
      total.expected += score.expected;
      total.found += score.found;
      total.misses.push(...score.misses);
      assert.deepEqual(score.misses, [], 'every expected setting and parameter is found');
    });
  }

  after(() => {
    const recall = total.found / total.expected;
    process.stdout.write(`      config extraction recall: ${total.found}/${total.expected} = ${(100 * recall).toFixed(1)}% ` +
      `(settings and parameters over ${Object.keys(EXPECTED).length} fixtures); unexpected settings: ${extras.length}; from comments/strings: ${decoyHits.length}\n`);
  });

  it('recall over all fixtures is at least 95%, with nothing from comments or strings and no unexpected settings', function () {
    // Runs after the per-file tests (mocha keeps declaration order), so the totals are complete.
    assert.ok(total.expected > 100, `scored ${total.expected} items`);
    assert.ok(total.found / total.expected >= 0.95, `recall ${total.found}/${total.expected}: ${total.misses.join('; ')}`);
    assert.deepEqual(decoyHits, []);
    assert.deepEqual(extras, []);
  });

  it('the rules flag only what is really wrong in the fixtures (precision guard)', () => {
    const found: string[] = [];
    for (const file of Object.keys(EXPECTED)) {
      const result = extractSettings(file, readFileSync(join(FIXTURES, file), 'utf8'));
      for (const d of runRules(result)) found.push(`${file}:${d.range.start.line} ${d.code}`);
    }
    assert.deepEqual(found, [
      'finetune_pytorch.py:28 OL004', // SGD lr 1.0 with momentum 0.99: effective step 100
      'generic_train.yml:5 OL007', // learning_rate: 5e-5 read as a string by yaml.safe_load
      'generic_train.yml:8 OL007', // eps: 1e-8, same
    ]);
  });
});
