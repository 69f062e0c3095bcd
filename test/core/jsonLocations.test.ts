import * as assert from 'node:assert/strict';
import { jsonSpans, jsonSyntaxErrorLocation, lineColumnAt, locateJsonPath, pathAncestors } from '../../src/core/jsonLocations';

const text = `[
  {"id": "a", "steps": 10,
   "optimizer": {"name": "adam", "betas": [0.9, 0.999]}},
  {"steps": 5, "problem": {"name": "rosenbrock", "start": [-1.2, 1]}}
]`;

describe('jsonLocations', () => {
  const spans = jsonSpans(text);

  it('records the span of every value by JSON path', () => {
    const slice = (path: string) => {
      const span = spans.get(path);
      assert.ok(span, `no span for ${path}`);
      return text.slice(span.start, span.end);
    };
    assert.equal(slice(''), text);
    assert.equal(slice('[0].id'), '"a"');
    assert.equal(slice('[0].steps'), '10');
    assert.equal(slice('[0].optimizer.betas'), '[0.9, 0.999]');
    assert.equal(slice('[0].optimizer.betas[1]'), '0.999');
    assert.equal(slice('[1].problem.start[0]'), '-1.2');
    assert.ok(slice('[1]').startsWith('{"steps": 5') && slice('[1]').endsWith('}}'));
  });

  it('locates a missing key at the nearest existing ancestor', () => {
    assert.deepEqual(locateJsonPath(spans, '[1].optimizer'), spans.get('[1]'));
    assert.deepEqual(pathAncestors('[1].problem.start[0]'), ['[1].problem.start[0]', '[1].problem.start', '[1].problem', '[1]', '']);
  });

  it('converts offsets to 1-based lines and columns', () => {
    const span = spans.get('[0].optimizer.betas');
    assert.ok(span);
    assert.deepEqual(lineColumnAt(text, span.start), { line: 3, column: 43 });
  });

  it('handles escaped quotes in keys and strings, and stops quietly on malformed text', () => {
    const t = '{"a\\"b": "x\\"}", "c": [1, 2]}';
    const s = jsonSpans(t);
    assert.equal(t.slice(s.get('c[1]')!.start, s.get('c[1]')!.end), '2');
    assert.ok(s.has('a"b'));
    assert.doesNotThrow(() => jsonSpans('{"a": [1, '));
  });

  it('reads the location out of JSON.parse messages', () => {
    const bad = '{\n  "a": 1,\n}';
    let message = '';
    try { JSON.parse(bad); } catch (e) { message = (e as Error).message; }
    assert.deepEqual(jsonSyntaxErrorLocation(message, bad), { line: 3, column: 1 });
    assert.deepEqual(jsonSyntaxErrorLocation('Unexpected end of JSON input', '{\n"a"'), { line: 2, column: 4 });
    assert.deepEqual(jsonSyntaxErrorLocation('Bad thing (line 4 column 7)', ''), { line: 4, column: 7 });
  });
});
