import * as assert from 'node:assert/strict';
import { JsonDepth } from '../../../src/core/logs/jsonDepth';
import { utf8 } from './textFeed';

describe('JsonDepth', () => {
  it('says when the top-level object closes, whatever the chunking, ignoring brackets in strings', () => {
    const text = '{"a": [1, {"b": "}]\\"{"}], "c": "\\\\"}';
    for (let cut = 1; cut < text.length; cut++) {
      const depth = new JsonDepth();
      const first = depth.feed(utf8(text.slice(0, cut)));
      const second = depth.feed(utf8(text.slice(cut)));
      assert.equal(first, false, `cut at ${cut}`);
      assert.equal(second, true, `cut at ${cut}`);
      assert.equal(depth.atTopLevel, true);
    }
  });

  it('never goes below zero on stray closers', () => {
    const depth = new JsonDepth();
    assert.equal(depth.feed(utf8('}}]')), false);
    assert.equal(depth.feed(utf8('{}')), true);
  });
});
