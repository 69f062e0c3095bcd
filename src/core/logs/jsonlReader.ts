import { flattenScalars, isObject } from './flattenScalars';
import { parseLenientJson } from './lenientJson';
import { LineReader } from './lineReader';
import type { Line } from './lineSplitter';
import { parseLoggedNumber, parseWallTime } from './numbers';
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
