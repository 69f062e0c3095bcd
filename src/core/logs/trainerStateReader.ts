import { isObject } from './flattenScalars';
import { JsonDepth } from './jsonDepth';
import { parseLenientJson } from './lenientJson';
import type { IncrementalReader, ReadWarning, ScalarSink } from './types';

const NOT_TAGS = new Set(['step', 'epoch']);
/** A trainer_state.json larger than this is not held in memory. */
export const MAX_TRAINER_STATE_BYTES = 256 * 1024 * 1024;

/**
 * Hugging Face `trainer_state.json`: one JSON document that the Trainer rewrites at each save. Pushed bytes
 * accumulate until they parse as a whole document; then the `log_history` entries not yet emitted become
 * points (numeric keys except step/epoch are tags; the step is `step`). Bytes pushed after a complete
 * document start the next version of the file (the caller pushes the rewritten file); a shorter
 * log_history than already emitted means a new run and is reported.
 */
export class TrainerStateReader implements IncrementalReader {
  readonly format = 'trainer-state' as const;
  readonly warnings: ReadWarning[] = [];
  private parts: Uint8Array[] = [];
  private size = 0;
  private documentStart = 0;
  private consumed = 0;
  private emitted = 0;
  private tooLarge = false;
  private lastByte = 0;
  private readonly depth = new JsonDepth();
  private attempts = 0;

  /** Whole-buffer parses tried so far: one per top-level close, however the bytes were chunked. */
  get parseAttempts(): number {
    return this.attempts;
  }

  get bytesRead(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array, sink: ScalarSink): void {
    this.consumed += chunk.length;
    if (chunk.length === 0 || this.tooLarge) return;
    if (this.size + chunk.length > MAX_TRAINER_STATE_BYTES) {
      this.tooLarge = true;
      this.parts = [];
      this.warnings.push({ message: `trainer_state.json larger than ${MAX_TRAINER_STATE_BYTES} bytes: not read`, offset: this.documentStart });
      return;
    }
    this.parts.push(chunk.slice());
    this.size += chunk.length;
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (!isSpace(chunk[i])) {
        this.lastByte = chunk[i];
        break;
      }
    }
    // Only a closed top-level object can be a whole document: parse once per close, not once per chunk.
    const closed = this.depth.feed(chunk);
    if (!closed || this.lastByte !== 0x7d || !this.depth.atTopLevel) return;
    let document: unknown;
    this.attempts++;
    try {
      document = parseLenientJson(new TextDecoder().decode(this.joined()));
    } catch {
      return;
    }
    this.depth.reset();
    const start = this.documentStart;
    this.documentStart = this.consumed;
    this.parts = [];
    this.size = 0;
    this.lastByte = 0;
    this.emitPoints(document, start, sink);
  }

  end(_sink: ScalarSink): void {
    if (!this.tooLarge && this.parts.some((part) => part.some((byte) => !isSpace(byte)))) {
      this.warnings.push({ message: `incomplete JSON document (${this.size} bytes) at the end of trainer_state.json`, offset: this.documentStart });
    }
    this.parts = [];
    this.size = 0;
  }

  private emitPoints(document: unknown, offset: number, sink: ScalarSink): void {
    const history = isObject(document) ? document.log_history : undefined;
    if (!Array.isArray(history)) {
      this.warnings.push({ message: 'trainer_state.json has no log_history list', offset });
      return;
    }
    if (history.length < this.emitted) {
      this.warnings.push({ message: `log_history shrank from ${this.emitted} to ${history.length} entries: a new run`, offset });
      this.emitted = 0;
    }
    for (let i = this.emitted; i < history.length; i++) {
      const entry: unknown = history[i];
      const step = isObject(entry) ? entry.step : undefined;
      if (!isObject(entry) || typeof step !== 'number' || !Number.isFinite(step)) {
        this.warnings.push({ message: `log_history entry ${i} has no numeric step: skipped`, offset });
        continue;
      }
      for (const [tag, value] of Object.entries(entry)) {
        if (!NOT_TAGS.has(tag) && typeof value === 'number') sink.add(tag, step, null, value);
      }
    }
    this.emitted = history.length;
  }

  private joined(): Uint8Array {
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    this.parts = [out];
    return out;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
