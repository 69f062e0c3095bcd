import { flattenScalars, isObject } from './flattenScalars';
import { parseLenientJson } from './lenientJson';
import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseLoggedNumber, parseWallTime, scanDecimal, scanned } from './numbers';
import type { ScalarSink } from './types';

const STEP_KEYS = ['step', 'global_step', 'iteration', 'iter', 'epoch'];
const TIME_KEYS = ['wall_time', 'time', 'timestamp', '_timestamp'];

/**
 * JSON lines: one object per line. The step is the first of step/global_step/iteration/iter/epoch present
 * (else the object's index); every other numeric leaf is a tag, nested objects joined with '/'. Bare NaN and
 * Infinity (Python's json module) and "nan"/"inf" strings are kept as such. A malformed line is a warning.
 */
export class JsonlReader extends LineReader {
  readonly format = 'jsonl' as const;
  private objectIndex = 0;
  /** The keys and values of the flat object being read by readFlat (reused from line to line). */
  private keys: string[] = [];
  private values = new Float64Array(16);
  /**
   * Keys of recent lines by position: lines repeat their keys, so a key is matched in place instead of sliced.
   * Entry j was checked unique against entries 0..j-1 when stored; storing entry i drops those after it.
   */
  private readonly knownKeys: string[] = [];
  /** Bumped whenever knownKeys changes: the step and time key positions below hold for one version and count. */
  private knownVersion = 0;
  private layoutVersion = -1;
  private layoutCount = -1;
  private layoutStep = -1;
  private layoutTime = -1;

  protected override readText(text: string, start: number, end: number, line: number, offset: number, sink: ScalarSink): void {
    if (!this.readFlat(text, start, end, sink)) this.readLine({ text: text.slice(start, end), line, offset }, sink);
  }

  /**
   * The fast path for the common line, a flat object of numbers (`{"step": 10, "loss": 0.7, "lr": 0.01}`),
   * scanned in place: no JSON.parse, no substring per key or number, no object per line. Returns false, having
   * delivered nothing, for anything else (nested objects, strings, NaN tokens, escapes, numeric keys, repeated
   * keys, a non-finite step, damage...), which readLine then reads in full generality.
   */
  private readFlat(text: string, start: number, end: number, sink: ScalarSink): boolean {
    let i = skipSpace(text, start, end);
    if (i >= end || text.charCodeAt(i) !== 0x7b) return false;
    let n = 0;
    for (;;) {
      i = skipSpace(text, i + 1, end);
      if (i >= end || text.charCodeAt(i) !== 0x22) return false;
      const keyEnd = this.readKey(text, i + 1, end, n);
      if (keyEnd < 0) return false;
      i = skipSpace(text, keyEnd + 1, end);
      if (i >= end || text.charCodeAt(i) !== 0x3a) return false;
      i = skipSpace(text, i + 1, end);
      const value = scanDecimal(text, i, end, true);
      if (value !== value) return false;
      i = scanned.end;
      if (n === this.values.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[n++] = value;
      i = skipSpace(text, i, end);
      if (i >= end) return false;
      const c = text.charCodeAt(i);
      if (c === 0x7d) break;
      if (c !== 0x2c) return false;
    }
    if (skipSpace(text, i + 1, end) !== end) return false;
    const keys = this.keys;
    // keys[0, n) are knownKeys[0, n) now (readKey stores each new key there), so lines with the keys of the
    // line before find the step and time keys where it did, without comparing every key with every name.
    if (this.layoutVersion !== this.knownVersion || this.layoutCount !== n) {
      this.layoutVersion = this.knownVersion;
      this.layoutCount = n;
      this.layoutStep = firstKey(keys, n, STEP_KEYS);
      this.layoutTime = firstKey(keys, n, TIME_KEYS);
    }
    const stepAt = this.layoutStep;
    if (stepAt >= 0 && !Number.isFinite(this.values[stepAt])) return false;
    const index = this.objectIndex++;
    const step = stepAt >= 0 ? this.values[stepAt] : index;
    const timeAt = this.layoutTime;
    const wallTime = timeAt >= 0 ? parseWallTime(this.values[timeAt]) : null;
    for (let k = 0; k < n; k++) if (k !== stepAt && k !== timeAt) sink.add(keys[k], step, wallTime, this.values[k]);
    return true;
  }

  /**
   * Reads the key starting at `text[at]` (just after its opening quote) as key number `n` into `keys`; returns
   * the index of its closing quote, or -1 when the fast path must give up (escape, control character, a key
   * that is an array index and so would be reordered by JSON.parse, or a repeated key).
   */
  private readKey(text: string, at: number, end: number, n: number): number {
    const known = n < this.knownKeys.length ? this.knownKeys[n] : undefined;
    if (known !== undefined && text.startsWith(known, at) && text.charCodeAt(at + known.length) === 0x22 && at + known.length < end) {
      this.keys[n] = known;
      return at + known.length;
    }
    let i = at;
    let digits = true;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20 || c === 0x5c) return -1;
      if (c < 0x30 || c > 0x39) digits = false;
    }
    if (i >= end || digits) return -1;
    const key = text.slice(at, i);
    for (let k = 0; k < n; k++) if (this.keys[k] === key) return -1;
    this.keys[n] = key;
    this.knownKeys.length = n;
    this.knownKeys.push(key);
    this.knownVersion++;
    return i;
  }

  protected readLine(line: Line, sink: ScalarSink): void {
    if (line.text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = parseLenientJson(line.text);
    } catch {
      this.warn(line, `line ${line.line} is not valid JSON: skipped`);
      return;
    }
    if (!isObject(parsed)) {
      this.warn(line, `line ${line.line} is not a JSON object: skipped`);
      return;
    }
    const index = this.objectIndex++;
    const skip = new Set<string>();
    let step = index;
    const stepKey = STEP_KEYS.find((key) => key in parsed);
    if (stepKey !== undefined) {
      const raw = parsed[stepKey];
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseLoggedNumber(raw) : undefined;
      if (value === undefined || !Number.isFinite(value)) {
        this.warn(line, `line ${line.line} has a "${stepKey}" that is not a finite number: skipped`);
        return;
      }
      step = value;
      skip.add(stepKey);
    }
    const timeKey = TIME_KEYS.find((key) => key in parsed);
    let wallTime: number | null = null;
    if (timeKey !== undefined) {
      wallTime = parseWallTime(parsed[timeKey]);
      skip.add(timeKey);
    }
    for (const [tag, value] of flattenScalars(parsed, skip)) sink.add(tag, step, wallTime, value);
  }

  private warn(line: Line, message: string): void {
    this.warnings.push({ message, offset: line.offset, line: line.line });
  }
}

/** Index of the first of `wanted` (in its order of preference) among `keys[0, n)`, or -1. */
function firstKey(keys: readonly string[], n: number, wanted: readonly string[]): number {
  for (const name of wanted) {
    for (let k = 0; k < n; k++) if (keys[k] === name) return k;
  }
  return -1;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    i++;
  }
  return i;
}
