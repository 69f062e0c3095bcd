/** Number parsing shared by the text readers: finite decimals plus the spellings of NaN and Infinity. */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a logged number, NaN and +-Infinity included; undefined for anything that is not a number. */
export function parseLoggedNumber(text: string): number | undefined {
  const plain = parseDecimal(text, 0, text.length, false);
  if (plain === plain) return plain;
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** Wall time in seconds from a number (seconds, or milliseconds when implausibly large) or an ISO date. */
export function parseWallTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? (value > 1e11 ? value / 1000 : value) : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = parseLoggedNumber(value);
  if (n !== undefined) return parseWallTime(n);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** 10^0 .. 10^22: the powers of ten a double holds exactly. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const TWO_53 = 9007199254740992;

/**
 * From this many characters on, a logged number most likely has 17 significant digits (the shortest spelling
 * of a double often has: Python's repr, JavaScript's String), beyond the exact fast path, and scanning it
 * before handing it to Number() anyway would parse it twice.
 */
const LONG_CELL = 17;

/**
 * Whether Number() reads `text[start, end)` by the logged-number grammar, so that its result is parseDecimal's:
 * what else Number() accepts (surrounding white space, 0x / 0o / 0b literals, "Infinity", "") starts with white
 * space or "0x"-like prefixes, or ends with something other than a digit. The text is no number when Number()
 * says NaN either way.
 */
function looksDecimal(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (last < 0x30 || last > 0x39) return false;
  if (first >= 0x31 && first <= 0x39) return true;
  if (first === 0x30) {
    const prefix = text.charCodeAt(start + 1) | 0x20; // lower case
    return prefix !== 0x78 && prefix !== 0x6f && prefix !== 0x62; // not 0x, 0o, 0b
  }
  return first === 0x2d || first === 0x2b || first === 0x2e;
}

/** Where the last scanDecimal call stopped (one past the number's last character). */
export const scanned = { end: 0 };

/**
 * The value of `text[start, end)` when it is a plain decimal, else NaN (which no decimal parses to, so callers
 * can test `v === v` and fall back to a slower path). `json` selects JSON's grammar
 * (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`); otherwise the lenient one of logged numbers
 * (`[+-]?([0-9]+.?[0-9]*|.[0-9]+)([eE][+-]?[0-9]+)?`: a leading '+', leading zeros, "5." and ".5" allowed).
 * No whitespace either way. Why not Number(text.slice(...)): readers parse millions of cells, and most have
 * at most 16 significant digits and a small exponent, where mantissa * 10^e (or / 10^-e) with both operands
 * exact is one correctly rounded operation, i.e. exactly what Number() gives, without making a substring
 * (Clinger's fast path). Other decimals are handed to Number(), after the grammar check.
 */
export function parseDecimal(text: string, start: number, end: number, json: boolean): number {
  if (!json && end - start >= LONG_CELL && looksDecimal(text, start, end)) return Number(text.slice(start, end));
  const v = scanDecimal(text, start, end, json);
  return scanned.end === end ? v : NaN;
}

/**
 * Like parseDecimal, for the number that starts at `text[start]` and runs as far as the grammar allows (at most
 * to `limit`); sets `scanned.end`. NaN when no number starts there (or it breaks off, as "1e" or JSON's "1.").
 */
export function scanDecimal(text: string, start: number, limit: number, json: boolean): number {
  const end = limit;
  let i = start;
  let c = i < end ? text.charCodeAt(i) : -1;
  let negative = false;
  if (c === 0x2d) {
    negative = true;
    c = ++i < end ? text.charCodeAt(i) : -1;
  } else if (c === 0x2b && !json) c = ++i < end ? text.charCodeAt(i) : -1;
  let mantissa = 0;
  const intStart = i;
  // Significant digits run from the first non-zero one: leading zeros are skipped, not counted.
  while (c === 0x30) c = ++i < end ? text.charCodeAt(i) : -1;
  let significantFrom = i;
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  let significant = i - significantFrom;
  const intDigits = i - intStart;
  scanned.end = i;
  if (json && (intDigits === 0 || (intDigits > 1 && text.charCodeAt(intStart) === 0x30))) return NaN;
  let fracDigits = 0;
  if (c === 0x2e) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    const fracStart = i;
    if (significant === 0) while (c === 0x30) c = ++i < end ? text.charCodeAt(i) : -1;
    significantFrom = i;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    significant += i - significantFrom;
    fracDigits = i - fracStart;
    scanned.end = i;
    if (json ? fracDigits === 0 : intDigits + fracDigits === 0) return NaN;
  } else if (intDigits === 0) return NaN;
  let exponent = 0;
  if (c === 0x65 || c === 0x45) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    let expNegative = false;
    if (c === 0x2d || c === 0x2b) {
      expNegative = c === 0x2d;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    const expStart = i;
    while (c >= 0x30 && c <= 0x39) {
      if (exponent < 100000) exponent = exponent * 10 + (c - 0x30);
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    scanned.end = i;
    if (i === expStart) return NaN;
    if (expNegative) exponent = -exponent;
  }
  const e10 = exponent - fracDigits;
  if (significant <= 16 && mantissa < TWO_53 && e10 >= -22 && e10 <= 22) {
    const v = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
    return negative ? -v : v;
  }
  return Number(text.slice(start, i));
}
