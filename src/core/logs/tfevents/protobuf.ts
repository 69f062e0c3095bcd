/**
 * A minimal protobuf wire-format reader for the few Event / Summary / TensorProto fields the event reader needs.
 * Why not a protobuf library: we read ~15 fields of 5 messages, need no schema compilation or code generation,
 * must never throw on garbage, and want zero allocation per field on the hot path; a cursor is ~150 lines.
 *
 * Usage: `const c = new FieldCursor(bytes, start, end); while (c.next()) { switch (c.field) ... }` then check
 * `c.error` (a message, or null when the message parsed to its end). Unknown fields of every wire type
 * (varint, fixed64, length-delimited, groups, fixed32) are skipped by simply not looking at them.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

export class FieldCursor {
  /** Field number of the current field. */
  field = 0;
  /** Wire type of the current field. */
  wire = 0;
  /** For varints: the value as a number (int64 two's complement, exact below 2^53 in magnitude). */
  value = 0;
  /** Payload range: length-delimited contents, or the 8 / 4 bytes of a fixed64 / fixed32. */
  start = 0;
  end = 0;
  /** Why parsing stopped early, or null. */
  error: string | null = null;

  private pos: number;
  private limit: number;

  /** `view`, when given, must cover exactly `bytes` (pass one per buffer to avoid a DataView per message). */
  constructor(
    public bytes: Uint8Array,
    start = 0,
    limit: number = bytes.length,
    private view: DataView | null = null,
  ) {
    this.pos = start;
    this.limit = limit;
    this.checkRange(start);
  }

  /**
   * Points the cursor at another message, so that a decoder can keep one cursor per nesting level instead of
   * allocating one per message. `view`, when given, must cover exactly `bytes`.
   */
  reset(bytes: Uint8Array, start: number, limit: number, view: DataView | null): this {
    this.bytes = bytes;
    this.view = view;
    this.pos = start;
    this.limit = limit;
    this.field = 0;
    this.wire = 0;
    this.error = null;
    this.checkRange(start);
    return this;
  }

  private checkRange(start: number): void {
    if (start < 0 || this.limit > this.bytes.length || start > this.limit) {
      this.error = 'message range outside the buffer';
      this.pos = this.limit;
    }
  }

  /** Advances to the next field; false at the end of the message or on an error. */
  next(): boolean {
    if (this.error !== null || this.pos >= this.limit) return false;
    const at = this.pos;
    const key = this.readVarint();
    if (key === null) return false;
    if (key >= 0 && key <= 0x7fffffff) {
      this.field = key >>> 3;
      this.wire = key & 7;
    } else {
      // Only garbage has keys beyond 31 bits (or negative ones).
      this.field = Math.floor(key / 8);
      this.wire = key % 8;
    }
    if (this.field === 0) return this.fail(`field number 0 at byte ${at}`);
    switch (this.wire) {
      case WIRE_VARINT: {
        const v = this.readVarint();
        if (v === null) return false;
        this.value = v;
        return true;
      }
      case WIRE_FIXED64:
        return this.take(8);
      case WIRE_FIXED32:
        return this.take(4);
      case WIRE_LEN: {
        const n = this.readVarint();
        if (n === null) return false;
        if (n < 0) return this.fail(`negative length at byte ${at}`);
        return this.take(n);
      }
      case WIRE_START_GROUP:
        return this.skipGroup(this.field, at);
      default:
        return this.fail(`unexpected wire type ${this.wire} at byte ${at}`);
    }
  }

  /** The current fixed64 field as a little-endian double. */
  double(): number {
    return this.dv().getFloat64(this.start, true);
  }

  /** The current fixed32 field as a little-endian float32. */
  float(): number {
    return this.dv().getFloat32(this.start, true);
  }

  dv(): DataView {
    if (this.view === null) this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.view;
  }

  private fail(message: string): false {
    this.error = message;
    this.pos = this.limit;
    return false;
  }

  private take(n: number): boolean {
    if (n > this.limit - this.pos) return this.fail(`field ${this.field} runs past the end of its message`);
    this.start = this.pos;
    this.end = this.pos + n;
    this.pos = this.end;
    return true;
  }

  /** Reads a varint up to 10 bytes as an int64 number; null (with `error` set) when malformed. */
  private readVarint(): number | null {
    const b = this.bytes;
    if (this.pos < this.limit && b[this.pos] < 0x80) return b[this.pos++];
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) {
        this.fail('truncated varint');
        return null;
      }
      const byte = b[this.pos++];
      if (i < 4) lo |= (byte & 0x7f) << shift;
      else if (i === 4) {
        lo |= (byte & 0x0f) << 28;
        hi = (byte & 0x7f) >>> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      shift += 7;
      if ((byte & 0x80) === 0) {
        // hi as signed gives int64 two's complement semantics.
        return (hi | 0) * 0x100000000 + (lo >>> 0);
      }
    }
    this.fail('varint longer than 10 bytes');
    return null;
  }

  private skipGroup(field: number, at: number): boolean {
    const stack = [field];
    while (stack.length > 0) {
      if (this.pos >= this.limit) return this.fail(`unterminated group (field ${field}) at byte ${at}`);
      const key = this.readVarint();
      if (key === null) return false;
      const f = Math.floor(key / 8);
      const w = key % 8;
      if (w === WIRE_END_GROUP) {
        if (stack.pop() !== f) return this.fail(`mismatched end of group at byte ${at}`);
        continue;
      }
      if (w === WIRE_START_GROUP) {
        if (stack.length > 64) return this.fail('groups nested too deeply');
        stack.push(f);
        continue;
      }
      if (w === WIRE_VARINT) {
        if (this.readVarint() === null) return false;
      } else if (w === WIRE_FIXED64 || w === WIRE_FIXED32) {
        const n = w === WIRE_FIXED64 ? 8 : 4;
        if (n > this.limit - this.pos) return this.fail('group field runs past the end of its message');
        this.pos += n;
      } else if (w === WIRE_LEN) {
        const n = this.readVarint();
        if (n === null) return false;
        if (n < 0 || n > this.limit - this.pos) return this.fail('group field runs past the end of its message');
        this.pos += n;
      } else return this.fail(`unexpected wire type ${w} in group`);
    }
    this.start = this.end = this.pos;
    return true;
  }
}
