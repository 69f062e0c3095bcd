/**
 * `NAME[:key=value,...]` and `key=value, ...` as typed on a command line or in an input box, turned into
 * the raw objects the spec parsers check: numbers where the value reads as one, true/false as booleans,
 * anything else as a string. Shape errors only; the parsers judge names and values.
 */
export class KeyValueSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyValueSyntaxError';
  }
}

function value(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

/** `a=1, b=true, c=cos` -> { a: 1, b: true, c: 'cos' }; an empty text gives {}. */
export function parseKeyValues(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key === '') throw new KeyValueSyntaxError(`"${pair.trim()}" is not key=value.`);
    out[key] = value(pair.slice(eq + 1).trim());
  }
  return out;
}

/** `linear_warmup:warmup_steps=50` -> { name: 'linear_warmup', warmup_steps: 50 }. */
export function parseNamedKeyValues(text: string): Record<string, unknown> {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (name === '') throw new KeyValueSyntaxError('a name is needed before the ":" (as in linear_warmup:warmup_steps=50).');
  return { name, ...(colon < 0 ? {} : parseKeyValues(text.slice(colon + 1))) };
}

/** The inverse, for prefilling an input box: { warmup_steps: 50, gamma: 0.1 } -> "warmup_steps=50, gamma=0.1". */
export function formatKeyValues(values: Record<string, unknown>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
