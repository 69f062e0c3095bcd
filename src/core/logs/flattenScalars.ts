import { parseLoggedNumber } from './numbers';

/**
 * The scalar leaves of a parsed JSON object as tag -> value, nested objects joined with '/'
 * ({"train": {"loss": 1}} -> "train/loss"). Numbers (NaN and Infinity from a lenient parse included) and
 * strings spelling a number ("nan", "inf", "1e-3") count; booleans, null, arrays and other text do not.
 */
export function flattenScalars(object: Record<string, unknown>, skip: ReadonlySet<string>, prefix = '', out = new Map<string, number>()): Map<string, number> {
  for (const [key, value] of Object.entries(object)) {
    if (prefix === '' && skip.has(key)) continue;
    const tag = prefix + key;
    if (typeof value === 'number') out.set(tag, value);
    else if (typeof value === 'string') {
      const parsed = parseLoggedNumber(value);
      if (parsed !== undefined) out.set(tag, parsed);
    } else if (isObject(value)) flattenScalars(value, skip, tag + '/', out);
  }
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
