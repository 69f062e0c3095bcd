/** Number parsing shared by the text readers: finite decimals plus the spellings of NaN and Infinity. */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a logged number, NaN and +-Infinity included; undefined for anything that is not a number. */
export function parseLoggedNumber(text: string): number | undefined {
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
