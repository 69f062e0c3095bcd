/**
 * Finds `key value` pairs in one printed log line, whatever the punctuation: `step 120 loss=0.43`,
 * `Step 120/1000 | loss: 0.4312`, `[epoch 3][iter 120] loss 0.43`, `Epoch [1/5], Step [100/600], Loss: 0.22`,
 * `{'loss': 0.43, 'epoch': 0.5}`, `loss=tensor(0.4312, device='cuda:0')`. One hand-written pass over the
 * characters instead of a regex per style; the pairs land in arrays reused from line to line.
 */

const NEGATIVE_INFINITY = /^-inf(?:inity)?(?![A-Za-z0-9_])/i;
const NON_FINITE: Record<string, number> = { nan: NaN, inf: Infinity, infinity: Infinity };

export class KeyValueScanner {
  /** The pairs of the last scanned line, `count` of them. Keys as printed (quotes removed). */
  readonly keys: string[] = [];
  readonly values: number[] = [];
  /** Whether the pair had '=' or ':' between key and value (`loss=0.4`) rather than only spaces (`loss 0.4`). */
  readonly explicit: boolean[] = [];
  /** The total M of a counter value `N/M` (`Step [100/600]`), else NaN. */
  readonly totals: number[] = [];
  count = 0;
  /** Words that were neither a key with a value nor a key followed by '='/':': prose, e.g. "Saving model to". */
  strayWords = 0;
  /** The line is a printed Python dict (`{'loss': 0.43, ...}`), as the Hugging Face Trainer prints its logs. */
  isDict = false;

  private text = '';
  private at = 0;
  private key: string | undefined;
  private separated = false;

  scan(text: string): void {
    this.text = text;
    this.at = 0;
    this.count = 0;
    this.strayWords = 0;
    this.key = undefined;
    this.separated = false;
    const trimmed = text.trim();
    this.isDict = trimmed.startsWith('{') && trimmed.endsWith('}') && /^\{\s*['"]/.test(trimmed);
    const n = text.length;
    while (this.at < n) {
      const c = text.charCodeAt(this.at);
      if (c === 0x20 || c === 0x09) {
        this.at++;
      } else if ((c === 0x27 || c === 0x22) && !isWordPart(text.charCodeAt(this.at - 1))) {
        // An opening quote; an apostrophe inside a word (`model's`) is not one.
        this.quotedWord(c);
      } else if (isWordStart(c)) {
        this.word();
      } else if (isDigit(c) || ((c === 0x2b || c === 0x2d || c === 0x2e) && isDigit(text.charCodeAt(this.at + 1)))) {
        this.number();
      } else if (c === 0x3d || c === 0x3a) {
        // '=' or ':' after a key; '==' and ':=' count once.
        if (this.key !== undefined) this.separated = true;
        this.at++;
      } else if (c === 0x2d && this.key !== undefined && this.negativeInfinity()) {
        // `loss: -inf` was consumed as a pair.
      } else if ((c === 0x5b || c === 0x28 || c === 0x23) && this.key !== undefined && !this.separated) {
        // `Epoch [1/5]`, `step (12)`, `step #12`: an opening bracket between a key and its number.
        this.at++;
      } else {
        this.dropKey();
        this.at++;
      }
    }
    this.dropKey();
  }

  private word(): void {
    const text = this.text;
    const start = this.at;
    let end = start + 1;
    while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
    // `loss.` or `ckpt-`: trailing punctuation is not part of a name.
    let wordEnd = end;
    while (wordEnd > start + 1 && isTrailingPunctuation(text.charCodeAt(wordEnd - 1))) wordEnd--;
    this.at = wordEnd;
    const word = text.slice(start, wordEnd);
    const nonFinite = this.key !== undefined && wordEnd - start <= 8 ? NON_FINITE[word.toLowerCase()] : undefined;
    if (nonFinite !== undefined) {
      this.pair(nonFinite, NaN);
      return;
    }
    if (this.key !== undefined && this.separated && text.charCodeAt(this.at) === 0x28) {
      // `tensor(0.43, ...)`, `np.float64(0.43)`: a value wrapped in a call.
      this.wrappedValue();
      return;
    }
    this.dropKey();
    this.key = word;
    this.separated = false;
  }

  private quotedWord(quote: number): void {
    const close = this.text.indexOf(String.fromCharCode(quote), this.at + 1);
    const end = close < 0 ? this.text.length : close;
    const word = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    this.dropKey();
    if (word === '' || /\s/.test(word)) {
      // A quoted phrase is prose or a string value, never a key.
      this.key = undefined;
      return;
    }
    this.key = word;
    this.separated = false;
  }

  private number(): void {
    const start = this.at;
    const end = numberEnd(this.text, start);
    if (end < 0) {
      this.at++;
      return;
    }
    const numberText = this.text.slice(start, end);
    this.at = end;
    let total = NaN;
    if (this.text.charCodeAt(end) === 0x2f && isDigit(this.text.charCodeAt(end + 1))) {
      // `100/600`: a counter and its total.
      let totalEnd = end + 1;
      while (isDigit(this.text.charCodeAt(totalEnd))) totalEnd++;
      total = Number(this.text.slice(end + 1, totalEnd));
      this.at = totalEnd;
    }
    const next = this.text.charCodeAt(this.at);
    if ((next === 0x3a || next === 0x2d) && isDigit(this.text.charCodeAt(this.at + 1))) {
      // `12:00:05`, `2024-05-01`, `0:01:23`: a clock time or a date, not a value.
      while (this.at < this.text.length && isDateTimePart(this.text.charCodeAt(this.at))) this.at++;
      this.key = undefined;
      return;
    }
    if (isWordStart(next)) {
      // `0.2s`, `45.0it/s`, `12ms`: a quantity with a unit is not a metric; the key is used up.
      while (this.at < this.text.length && isWordPart(this.text.charCodeAt(this.at))) this.at++;
      this.key = undefined;
      return;
    }
    if (this.key !== undefined) this.pair(Number(numberText), total);
  }

  private wrappedValue(): void {
    const close = this.text.indexOf(')', this.at);
    const inner = this.text.slice(this.at + 1, close < 0 ? this.text.length : close);
    this.at = close < 0 ? this.text.length : close + 1;
    const first = inner.split(',')[0].trim();
    const nonFinite = NON_FINITE[first.toLowerCase()];
    if (first !== '' && numberEnd(first, 0) === first.length) this.pair(Number(first), NaN);
    else if (nonFinite !== undefined) this.pair(nonFinite, NaN);
    else this.key = undefined;
  }

  private negativeInfinity(): boolean {
    const match = NEGATIVE_INFINITY.exec(this.text.slice(this.at, this.at + 10));
    if (!match) return false;
    this.at += match[0].length;
    this.pair(-Infinity, NaN);
    return true;
  }

  private pair(value: number, total: number): void {
    const i = this.count++;
    this.keys[i] = this.key as string;
    this.values[i] = value;
    this.explicit[i] = this.separated;
    this.totals[i] = total;
    this.key = undefined;
    this.separated = false;
  }

  /** The pending key got no value: prose if nothing followed it, a non-numeric value if '='/':' did. */
  private dropKey(): void {
    if (this.key !== undefined && !this.separated) this.strayWords++;
    this.key = undefined;
    this.separated = false;
  }
}

/** End of the decimal number (`-1.5e-3`, `.5`, `7.`) starting at `start`, or -1 when none starts there. */
function numberEnd(text: string, start: number): number {
  let at = start;
  const sign = text.charCodeAt(at);
  if (sign === 0x2b || sign === 0x2d) at++;
  const digitsFrom = at;
  while (isDigit(text.charCodeAt(at))) at++;
  let digits = at - digitsFrom;
  if (text.charCodeAt(at) === 0x2e) {
    const fractionFrom = ++at;
    while (isDigit(text.charCodeAt(at))) at++;
    digits += at - fractionFrom;
  }
  if (digits === 0) return -1;
  const e = text.charCodeAt(at);
  if (e === 0x65 || e === 0x45) {
    let exponent = at + 1;
    const expSign = text.charCodeAt(exponent);
    if (expSign === 0x2b || expSign === 0x2d) exponent++;
    if (isDigit(text.charCodeAt(exponent))) {
      while (isDigit(text.charCodeAt(exponent))) exponent++;
      at = exponent;
    }
  }
  return at;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 0x2e || c === 0x2f || c === 0x2d;
}

function isDateTimePart(c: number): boolean {
  return isDigit(c) || c === 0x3a || c === 0x2d || c === 0x2e || c === 0x2c;
}

function isTrailingPunctuation(c: number): boolean {
  return c === 0x2e || c === 0x2f || c === 0x2d;
}
