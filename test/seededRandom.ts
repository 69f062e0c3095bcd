/**
 * mulberry32: a small, good-enough seeded generator for tests, so a failing random case can be replayed from its
 * seed. (The product's own generator is src/core/random.ts; tests keep theirs so a change there cannot silently
 * change which cases a test draws.)
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
