import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDecimal, parseLoggedNumber } from '../../../src/core/logs/numbers';
import { createRng } from '../../../src/core/random';

const LOGGED = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What parseDecimal must give: JSON.parse's number for a bare JSON number, Number() for a logged decimal, else NaN. */
function reference(text: string, json: boolean): number {
  if (!json) return LOGGED.test(text) ? Number(text) : NaN;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'number' && text.trim() === text ? parsed : NaN;
  } catch {
    return NaN;
  }
}

describe('logged numbers', () => {
  it('parses decimals exactly as Number() and JSON.parse do, and rejects what their grammars reject', () => {
    const rng = createRng(21);
    const int = (n: number): number => rng.nextUint32() % n;
    const samples = ['0', '-0', '00', '01', '.5', '5.', '+5', '1e', '1e+', '-', '', '.', 'e5', '1.5E+3', '0e0', '1e22', '1e23', '1e400', '4.9e-324',
      '9007199254740991', '9007199254740992', '9007199254740993', '123456789012345678e-5', '0.0009999999747378752', '0.6931471824645996',
      '1234567890123456e22', '1234567890123456e-22', '0.12345678901234567', ' 1', '1 ', '0x10', '1_0', 'NaN', 'Infinity'];
    for (let k = 0; k < 20000; k++) {
      const kind = k % 4;
      if (kind === 0) samples.push(String(rng.next() * 10 ** (int(40) - 20) * (int(2) ? -1 : 1)));
      else if (kind === 1) samples.push(String(Math.fround(rng.next() * 10 ** (int(10) - 5))));
      else if (kind === 2) samples.push(`${int(2) ? '-' : ''}${int(1e9)}.${String(int(1e9)).padStart(int(12), '0')}${int(3) ? '' : `e${int(60) - 30}`}`);
      else samples.push(Array.from({ length: 1 + int(8) }, () => '0123456789.eE+- x'[int(17)]).join(''));
    }
    // Long cells (17 characters and more) take another path: Number() after a look at their ends.
    samples.push('0x12345678901234567', '0X12345678901234567', '0b10101010101010101', '0o12345670123456701', '-0x1234567890123456', ' 1234567890123456789',
      '1234567890123456789 ', '\t12345678901234567', '12345678901234567\n', '1_234_567_890_123_456', '+Infinity1234567890', '.12345678901234567', '-.12345678901234567e-5');
    for (let k = 0; k < 5000; k++) {
      const digits = (n: number): string => Array.from({ length: n }, () => String(int(10))).join('');
      if (k % 2) samples.push(`${'+-.'[int(4)] ?? ''}${digits(1 + int(18))}.${digits(int(19))}${int(2) ? '' : `e${int(2) ? '-' : ''}${int(400)}`}`);
      else samples.push(Array.from({ length: 17 + int(6) }, () => '0123456789.eE+- xobXOB\t'[int(24)]).join(''));
    }
    for (const text of samples) {
      for (const json of [true, false]) assert.ok(Object.is(parseDecimal(text, 0, text.length, json), reference(text, json)), `${JSON.stringify(text)} json=${json}`);
    }
  });

  it('parses numbers of 16-19 significant digits exactly as Number() does, ties between two doubles and their neighbours included', () => {
    const check = (text: string): void => {
      for (const json of [true, false]) assert.ok(Object.is(parseDecimal(text, 0, text.length, json), reference(text, json)), `${JSON.stringify(text)} json=${json}`);
    };
    // Integers halfway between two doubles (2^53 + 1, 2^54 + 2, ...: round to even) and their neighbours, scaled
    // by powers of ten that keep them within 19 digits.
    for (let shift = 53; shift <= 63; shift++) {
      for (let k = -3n; k <= 3n; k++) {
        const tie = 2n ** BigInt(shift) + (1n << BigInt(shift - 53)) * (2n * 7n + 1n) + k;
        const digits = String(tie);
        check(digits);
        for (let point = 1; point < digits.length; point++) check(`${digits.slice(0, point)}.${digits.slice(point)}`);
        check(`${digits}e-22`);
        check(`${digits}e3`);
        check(`0.${digits}e-5`);
      }
    }
    // Exact ties the long path must not round by itself: an odd M of 54 bits (halfway between two doubles) over 2^s,
    // spelled M * 5^s / 10^s (division path), and M * 2^t spelled N * 2^(t-e) * 10^e with M = N * 5^e (product path).
    for (let j = 0n; j < 40n; j++) {
      const m = 2n ** 53n + 2n * j * 999331n + 1n;
      for (let s = 1n; s <= 4n; s++) {
        const digits = String(m * 5n ** s);
        check(`${digits.slice(0, -Number(s))}.${digits.slice(-Number(s))}`);
        check(`${digits}e-${s}`);
      }
      for (let e = 1n; e <= 5n; e++) {
        const n = (2n ** 53n / 5n ** e + 2n * j + 1n) | 1n;
        if (n * 5n ** e >= 2n ** 54n) continue;
        for (let t = e; t <= e + 6n; t++) check(`${n * 2n ** (t - e)}e${e}`);
      }
    }
    const digitString = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 21 }).map((d) => d.join(''));
    fc.assert(
      fc.property(
        digitString,
        fc.nat(22),
        fc.integer({ min: -40, max: 40 }),
        fc.constantFrom('', '-', '+'),
        fc.nat(3),
        fc.boolean(),
        (digits, point, exponent, sign, zeros, withExponent) => {
          const at = Math.min(point, digits.length);
          const body = `${'0'.repeat(zeros)}${digits.slice(0, at)}.${digits.slice(at)}`.replace(/^\./, '0.').replace(/\.$/, '');
          check(`${sign}${body}${withExponent ? `e${exponent}` : ''}`);
        },
      ),
      { seed: 4, numRuns: 8000 },
    );
    // Spellings of random doubles: shortest (often 17 digits), and 17-19 digits which are not shortest.
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 16, max: 19 }), (x, precision) => {
        check(String(x));
        check(x.toPrecision(precision));
        check(x.toExponential(precision - 1));
      }),
      { seed: 5, numRuns: 8000 },
    );
    for (const text of ['-0.0000000000000000000', '0.00000000000000000000e5', '1e400', '-1e400', '1.0000000000000000e-400', '4.9406564584124654e-324',
      '2.2250738585072011e-308', '1.7976931348623157e308', '1.7976931348623159e308', 'nan', '12345678901234567890123', '0.12345678901234567e-6',
      '1234567890123456789e22', '1234567890123456789e-22', '9999999999999999999', '9999999999999999999e-22', '00000000000000000001.5']) check(text);
  });

  it('parses a range in place, and keeps the spellings of NaN and Infinity in logged numbers', () => {
    assert.equal(parseDecimal('a,0.25,b', 2, 6, false), 0.25);
    assert.ok(Number.isNaN(parseDecimal('a,0.25,b', 2, 7, false)));
    assert.ok(Number.isNaN(parseLoggedNumber(' nan ') as number));
    assert.equal(parseLoggedNumber('-Infinity'), -Infinity);
    assert.equal(parseLoggedNumber(' 2.5 '), 2.5);
    assert.equal(parseLoggedNumber('2.5x'), undefined);
  });
});
