/**
 * Summary tags as strings without decoding them on every event: a file repeats a handful of tags millions of
 * times, so the decoded string is kept in a small table indexed by a hash of the tag's bytes and reused when
 * the bytes match exactly (a hash collision only costs a decode). Tags also come in a repeating order
 * (loss, lr, grad_norm, loss, ...), so each slot remembers which two slots were last asked for after it, and
 * those guesses are checked first: a hit then costs a comparison of the bytes and no hashing.
 */

const SLOTS = 256;
const utf8 = new TextDecoder('utf-8');

export class TagCache {
  private readonly keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(SLOTS).fill(null);
  /** Each key's bytes as little-endian int32 words (the last length % 4 bytes are in lastWords). */
  private readonly words: Int32Array[] = new Array<Int32Array>(SLOTS).fill(new Int32Array(0));
  /**
   * Each key's last four bytes as a little-endian int32 (keys of 4 bytes or more): a key's tail is compared as one
   * word overlapping the last whole word instead of byte by byte.
   */
  private readonly lastWords = new Int32Array(SLOTS);
  private readonly tags: string[] = new Array<string>(SLOTS).fill('');
  /** For each slot, the slot asked for right after it last time, and the time before (tags may alternate). */
  private readonly following = new Int32Array(SLOTS);
  private readonly followingBefore = new Int32Array(SLOTS);
  private last = 0;

  /** The tag whose UTF-8 bytes are `data[start, end)`; `dv` is a DataView over exactly `data`. */
  get(data: Uint8Array, dv: DataView, start: number, end: number): string {
    const guess = this.following[this.last];
    if (this.matches(guess, data, dv, start, end)) {
      this.last = guess;
      return this.tags[guess];
    }
    const second = this.followingBefore[this.last];
    if (this.matches(second, data, dv, start, end)) {
      this.followingBefore[this.last] = guess;
      this.following[this.last] = second;
      this.last = second;
      return this.tags[second];
    }
    let h = end - start;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + data[i]) | 0;
    const slot = (h ^ (h >>> 8)) & (SLOTS - 1);
    this.followingBefore[this.last] = guess;
    this.following[this.last] = slot;
    this.last = slot;
    if (!this.matches(slot, data, dv, start, end)) {
      const bytes = data.slice(start, end);
      const words = new Int32Array(bytes.length >>> 2);
      const view = new DataView(bytes.buffer);
      for (let j = 0; j < words.length; j++) words[j] = view.getInt32(4 * j, true);
      this.keys[slot] = bytes;
      this.words[slot] = words;
      if (bytes.length >= 4) this.lastWords[slot] = view.getInt32(bytes.length - 4, true);
      this.tags[slot] = utf8.decode(bytes);
    }
    return this.tags[slot];
  }

  /** Whether slot holds exactly the bytes `data[start, end)`, compared four at a time. */
  private matches(slot: number, data: Uint8Array, dv: DataView, start: number, end: number): boolean {
    const key = this.keys[slot];
    const n = end - start;
    if (key === null || key.length !== n) return false;
    if (n < 4) {
      for (let i = 0; i < n; i++) if (key[i] !== data[start + i]) return false;
      return true;
    }
    const words = this.words[slot];
    for (let j = 0; j < words.length; j++) if (dv.getInt32(start + 4 * j, true) !== words[j]) return false;
    return (n & 3) === 0 || dv.getInt32(end - 4, true) === this.lastWords[slot];
  }
}
