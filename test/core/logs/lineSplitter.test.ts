import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/core/logs/lineSplitter';
import type { ReadWarning } from '../../../src/core/logs/types';
import { utf8 } from './textFeed';

function split(chunks: Uint8Array[], maxLineBytes?: number) {
  const warnings: ReadWarning[] = [];
  const splitter = new LineSplitter(warnings, maxLineBytes);
  const lines = chunks.flatMap((chunk) => splitter.push(chunk));
  return { lines, warnings, splitter };
}

describe('log line splitter', () => {
  it('splits LF and CRLF lines with 1-based numbers and byte offsets, dropping a BOM', () => {
    const { lines } = split([utf8('\uFEFFa,b\r\nλ=1\n\nlast\n')]);
    assert.deepEqual(lines, [
      { text: 'a,b', line: 1, offset: 0 },
      { text: 'λ=1', line: 2, offset: 8 },
      { text: '', line: 3, offset: 13 },
      { text: 'last', line: 4, offset: 14 },
    ]);
  });

  it('gives the same lines when multi-byte characters are split across one-byte chunks', () => {
    const bytes = utf8('größe,µ\r\n数据,1\n');
    const whole = split([bytes]).lines;
    const bytewise = split([...bytes].map((b) => Uint8Array.of(b))).lines;
    assert.deepEqual(bytewise, whole);
    assert.equal(whole[1].text, '数据,1');
  });

  it('holds a partial last line until its line end, and reports it as truncated at end()', () => {
    const { lines, warnings, splitter } = split([utf8('one\ntw'), utf8('o\nthr')]);
    assert.deepEqual(lines.map((l) => l.text), ['one', 'two']);
    assert.equal(splitter.bytesRead, 11);
    assert.equal(warnings.length, 0);
    splitter.end();
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].line, 3);
    assert.equal(warnings[0].offset, 8);
    assert.match(warnings[0].message, /truncated last line 3/);
  });

  it('skips an enormous line with one warning instead of buffering it, then reads on', () => {
    const chunks = [utf8('ok\n'), ...Array.from({ length: 50 }, () => utf8('x'.repeat(100))), utf8('\nafter\n')];
    const { lines, warnings } = split(chunks, 1000);
    assert.deepEqual(lines.map((l) => [l.text, l.line]), [['ok', 1], ['after', 3]]);
    assert.equal(warnings.length, 1);
    assert.deepEqual([warnings[0].line, warnings[0].offset], [2, 3]);
    assert.match(warnings[0].message, /longer than 1000 bytes/);
  });

  it('turns a line with NUL bytes into a warning', () => {
    const { lines, warnings } = split([utf8('a\n'), Uint8Array.of(0x00, 0xff, 0x00, 0x0a), utf8('b\n')]);
    assert.deepEqual(lines.map((l) => l.text), ['a', 'b']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /binary data/);
    assert.deepEqual([warnings[0].line, warnings[0].offset], [2, 2]);
  });
});
