/**
 * Summary tags as strings without decoding them on every event: a file repeats a handful of tags millions of
 * times, so the decoded string is kept in a small table indexed by a hash of the tag's bytes and reused when
 * the bytes match exactly (a hash collision only costs a decode). Tags also come in a repeating order
 * (loss, lr, grad_norm, loss, ...), so each slot remembers which slot was asked for after it, and that guess
 * is checked first: a hit then costs one comparison of the bytes and no hashing.
 */

const SLOTS = 256;
const utf8 = new TextDecoder('utf-8');

export class TagCache {
  private readonly keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(SLOTS).fill(null);
  private readonly tags: string[] = new Array<string>(SLOTS).fill('');
  /** For each slot, the slot asked for right after it last time. */
  private readonly following = new Int32Array(SLOTS);
  private last = 0;

  /** The tag whose UTF-8 bytes are `data[start, end)`. */
  get(data: Uint8Array, start: number, end: number): string {
    const guess = this.following[this.last];
    if (this.matches(guess, data, start, end)) {
      this.last = guess;
      return this.tags[guess];
    }
    let h = end - start;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + data[i]) | 0;
    const slot = (h ^ (h >>> 8)) & (SLOTS - 1);
    this.following[this.last] = slot;
    this.last = slot;
    if (!this.matches(slot, data, start, end)) {
      const bytes = data.slice(start, end);
      this.keys[slot] = bytes;
      this.tags[slot] = utf8.decode(bytes);
    }
    return this.tags[slot];
  }

  private matches(slot: number, data: Uint8Array, start: number, end: number): boolean {
    const key = this.keys[slot];
    const n = end - start;
    if (key === null || key.length !== n) return false;
    for (let i = 0; i < n; i++) if (key[i] !== data[start + i]) return false;
    return true;
  }
}
