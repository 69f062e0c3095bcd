import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specLensTargets } from '../../src/extension/specs/specLensTargets';

const root = join(__dirname, '..', '..', '..');

describe('spec file CodeLens placement', () => {
  it('puts "Run all" on a list and "Run" on each run object, at its opening brace', () => {
    const text = '[\n  {"id": "a", "steps": 1},\n  {"steps": 2}\n]';
    const targets = specLensTargets(text);
    assert.deepEqual(targets.map((t) => [t.title, t.run]), [['▶ Run all (2)', undefined], ['▶ Run', 0], ['▶ Run', 1]]);
    assert.equal(text[targets[1].offset], '{');
    assert.equal(text.slice(targets[2].offset, targets[2].offset + 9), '{"steps":');
    assert.match(targets[1].tooltip, /"a"/);
    assert.match(targets[2].tooltip, /"run-2"/);
  });

  it('puts one "Run" on a single run and none on invalid JSON or non-objects', () => {
    assert.deepEqual(specLensTargets('  {"steps": 1}').map((t) => [t.offset, t.run]), [[2, undefined]]);
    assert.deepEqual(specLensTargets('{"steps": 1,'), []);
    assert.deepEqual(specLensTargets('42'), []);
    assert.deepEqual(specLensTargets('[{"steps": 1}]').map((t) => t.title), ['▶ Run'], 'no "Run all" for a single run');
  });

  it('offers a lens per run of the sample specs', () => {
    const text = readFileSync(join(root, 'sample-workspace', 'specs', 'nesterov-vs-momentum-warmup.optlens.json'), 'utf8');
    assert.equal(specLensTargets(text).length, 5);
  });
});
