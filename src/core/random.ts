/**
 * A seeded pseudo-random generator whose every output is fixed by its seed, so the same spec gives
 * bit-identical results on every run.
 *
 * The generator is sfc32, Chris Doty-Humphrey's "Small Fast Counting" generator from the PractRand
 * suite (128-bit state: three mixing words and a counter that guarantees a period of at least 2^32;
 * passes PractRand and BigCrush). It uses only 32-bit integer adds, shifts and xors, which JavaScript
 * defines exactly, so its integer stream is identical on every engine. Seeding from one 32-bit integer
 * follows PractRand's own pattern: a = 0, b = seed, c = 0, counter = 1, then 12 outputs discarded so
 * nearby seeds give unrelated streams.
 *
 * Doubles in [0, 1) take 53 random bits from two outputs (the construction of genrand_res53 in
 * Matsumoto and Nishimura's MT19937 reference code). Normal deviates use Marsaglia's polar method
 * (Marsaglia and Bray 1964), which needs only Math.log and Math.sqrt; sqrt is exact in IEEE 754 and V8
 * computes log with its fdlibm port, so the normals too are the same wherever Node or VS Code runs.
 */
export interface Rng {
  /** A 32-bit unsigned integer. */
  nextUint32(): number;
  /** A double in [0, 1) with 53 random bits. */
  next(): number;
  /** A standard normal deviate (the second of each polar pair is cached and returned next). */
  normal(): number;
  /** An integer in [0, n) for 1 <= n <= 2^32 (Lemire-free: floor(next() * n), bias below 2^-21). */
  int(n: number): number;
  /** Restarts the stream as createRng(seed) would, without allocating. */
  reseed(seed: number): void;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

class Sfc32 implements Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.reseed(seed);
  }

  reseed(seed: number): void {
    this.a = 0;
    this.b = seed | 0;
    this.c = 0;
    this.d = 1;
    this.hasSpare = false;
    this.spare = 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t | 0;
    return t >>> 0;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * scale;
    this.hasSpare = true;
    return u * scale;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export function createRng(seed: number): Rng {
  return new Sfc32(seed);
}

/**
 * Combines a seed with a stream or step number into a new 32-bit seed: the step is spread by the golden
 * ratio constant and the sum passed through MurmurHash3's 32-bit finalizer (Appleby), so (seed, 1) and
 * (seed, 2) seed unrelated streams.
 */
export function mixSeed(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n | 0, 0x9e3779b9)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
