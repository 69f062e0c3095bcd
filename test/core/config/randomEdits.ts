/**
 * Random edit sequences for the incremental-extraction property tests (YAML, JSON): each edit's result from
 * the editor's extractor must equal a fresh read of the same text, settings, problems and diagnostics alike.
 */
import * as assert from 'node:assert/strict';
import { createSettingsExtractor, extractSettings } from '../../../src/core/config';
import { runRules } from '../../../src/core/config/rules';
import { rng } from '../diagnose/synthetic';

/** A small seeded generator (the diagnosis tests' Mulberry32), so a failing edit sequence can be replayed. */
export const random = rng;

/** One edit at a random place: a deletion of 1-6 characters, a token replacing one character, or an insertion. */
export function oneEdit(text: string, tokens: readonly string[], next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const r = next();
  if (r < 0.35 && text.length > 0) {
    const len = 1 + Math.floor(next() * 6);
    return text.slice(0, at) + text.slice(Math.min(text.length, at + len));
  }
  const token = tokens[Math.floor(next() * tokens.length)];
  if (r < 0.55 && text.length > 0) return text.slice(0, at) + token + text.slice(Math.min(text.length, at + 1));
  return text.slice(0, at) + token + text.slice(at);
}

/**
 * `edits` edits applied one after another (a person typing), sometimes back to the original (undo); after
 * each, the extractor's result and diagnostics are compared with a fresh read's. Returns how many texts
 * the comparison saw without any problem (so a test can check the incremental path was exercised).
 */
export function checkSequence(name: string, original: string, tokens: readonly string[], seed: number, edits: number): number {
  const next = random(seed);
  const extractor = createSettingsExtractor();
  let text = original;
  let clean = 0;
  for (let i = 0; i <= edits; i++) {
    const incremental = extractor(name, text);
    const fresh = extractSettings(name, text);
    assert.deepEqual(incremental, fresh, `${name}, seed ${seed}, edit ${i}: the incremental extraction differs from a fresh one`);
    assert.deepEqual(runRules(incremental), runRules(fresh), `${name}, seed ${seed}, edit ${i}: diagnostics differ`);
    if (fresh.problems.length === 0) clean++;
    const r = next();
    text = r < 0.1 ? original : oneEdit(text, tokens, next);
  }
  return clean;
}
