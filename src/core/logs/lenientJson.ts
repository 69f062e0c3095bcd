/**
 * JSON.parse that also accepts the bare NaN, Infinity and -Infinity tokens Python's json module writes
 * (e.g. a NaN loss in trainer_state.json or a JSON-lines log). Throws SyntaxError like JSON.parse.
 */

const SENTINEL = '\u0000optlens:';
const TOKENS: ReadonlyArray<[string, number]> = [
  ['-Infinity', -Infinity],
  ['Infinity', Infinity],
  ['NaN', NaN],
];

export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  return JSON.parse(quoteNonFiniteTokens(text), (_key, value: unknown) => {
    if (typeof value === 'string' && value.startsWith(SENTINEL)) {
      const token = TOKENS.find(([name]) => SENTINEL + name === value);
      if (token) return token[1];
    }
    return value;
  });
}

/** Rewrites NaN / Infinity / -Infinity outside strings as sentinel strings that the reviver turns back. */
function quoteNonFiniteTokens(text: string): string {
  let out = '';
  let i = 0;
  let copiedTo = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
      continue;
    }
    const token = TOKENS.find(([name]) => text.startsWith(name, i));
    if (token) {
      out += text.slice(copiedTo, i) + JSON.stringify(SENTINEL + token[0]);
      i += token[0].length;
      copiedTo = i;
      continue;
    }
    i++;
  }
  return out + text.slice(copiedTo);
}
