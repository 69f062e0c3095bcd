import * as assert from 'node:assert/strict';
import { TagCache } from '../../../../src/core/logs/tfevents/tagCache';
import { createRng } from '../../../../src/core/random';

describe('tfevents tag cache', () => {
  it('gives the exact tag for every byte range, for tags that share lengths, words and tails, in repeating and random order', () => {
    // Tags of lengths 0-13 that differ in one byte only (first, middle, last, inside the overlapping tail word),
    // plus multi-byte UTF-8: a wrong match anywhere would hand out a neighbour's string.
    const tags = ['', 'a', 'b', 'ab', 'abc', 'abd', 'loss', 'lost', 'Loss', 'lr', 'train/loss', 'train/lost', 'train/lpss', 'xrain/loss', 'train/loss1',
      'train/loss2', 'grad_norm', 'grad_norn', 'grad_norm_', 'verlust/Schrittgröße', 'verlust/Schrittgrösse', 'abcdefgh', 'abcdefgi', 'bbcdefgh', 'abcdefghijklm'];
    const encoder = new TextEncoder();
    const rng = createRng(5);
    const cache = new TagCache();
    // Each tag inside a larger buffer at a random offset (unaligned), as in a chunk of records.
    const buffer = new Uint8Array(64);
    const view = new DataView(buffer.buffer);
    for (let k = 0; k < 20000; k++) {
      const tag = k < 10000 ? tags[k % 3 === 0 ? k % tags.length : (k >> 1) % 4] : tags[rng.nextUint32() % tags.length];
      const bytes = encoder.encode(tag);
      const at = rng.nextUint32() % (buffer.length - bytes.length);
      buffer.fill(0x61);
      buffer.set(bytes, at);
      assert.equal(cache.get(buffer, view, at, at + bytes.length), tag);
    }
  });
});
