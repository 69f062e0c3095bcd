import * as assert from 'node:assert/strict';
import { ConsoleReader, MAX_SEGMENT_BYTES, type ConsoleLine } from '../../../src/core/logs/consoleReader';
import { PointCollector } from '../../../src/core/logs/pointCollector';
import { utf8 } from './textFeed';

/** Records the segments it is handed. */
class Recorder extends ConsoleReader {
  readonly format = 'text' as const;
  readonly segments: ConsoleLine[] = [];
  protected readSegment(segment: ConsoleLine): void {
    this.segments.push(segment);
  }
}

function feed(bytes: Uint8Array, chunk = bytes.length): Recorder {
  const reader = new Recorder();
  const sink = new PointCollector();
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk), sink);
  reader.end(sink);
  return reader;
}

describe('console capture splitting', () => {
  it('splits at LF and CR, numbers physical lines, keeps byte offsets, drops backspaces, ANSI codes and a BOM', () => {
    const text = '\uFEFFa\r\nbé\b\b\rc\x1b[1md\x1b[0m\re\n\nf\n';
    const reader = feed(utf8(text));
    assert.deepEqual(
      reader.segments.map((s) => [s.text, s.line, s.offset]),
      [['a', 1, 0], ['bé', 2, 6], ['cd', 2, 12], ['e', 2, 23], ['f', 4, 26]],
    );
    assert.deepEqual(reader.warnings, []);
    for (const chunk of [1, 2, 3, 7]) assert.deepEqual(feed(utf8(text), chunk).segments, reader.segments);
  });

  it('skips a segment longer than the limit with one warning per line, and reads on after its CR or LF', () => {
    const long = 'x'.repeat(MAX_SEGMENT_BYTES + 1);
    const reader = feed(utf8(`ok\n${long}\r${long}\rtail\nnext\n`), 4096);
    assert.deepEqual(reader.segments.map((s) => [s.text, s.line]), [['ok', 1], ['tail', 2], ['next', 3]]);
    assert.equal(reader.warnings.length, 1);
    assert.equal(reader.warnings[0].line, 2);
    assert.match(reader.warnings[0].message, /more than 65536 bytes/);
    assert.ok(reader.heldBytes === 0);
  });

  it('warns about binary data and a truncated last line, delivering neither', () => {
    const reader = feed(Uint8Array.of(0x61, 0x0a, 0x62, 0x00, 0x63, 0x0a, 0x64));
    assert.deepEqual(reader.segments.map((s) => s.text), ['a']);
    assert.deepEqual(reader.warnings.map((w) => [w.line, w.offset]), [[2, 2], [3, 6]]);
    assert.match(reader.warnings[0].message, /binary data/);
    assert.match(reader.warnings[1].message, /truncated last line 3/);
    assert.equal(reader.bytesRead, 7);
  });
});
