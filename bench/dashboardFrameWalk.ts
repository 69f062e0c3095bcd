/**
 * The test series of bench/dashboardFrame.ts: the same deterministic random walk with rare +100 spikes as
 * bench/logMemory.ts (LCG; a spike when the low 16 bits of the state are 0, about 1 point in 65,536).
 */
import type { SeriesStore } from '../src/core/logs/seriesStore';

/**
 * Appends n points to `tag` from `firstStep` on, continuing the walk from (seed, value); returns where it
 * stopped. `raw`, when given, also receives the steps and values (the raw-draw bound needs plain columns).
 */
export function fillWalk(
  store: SeriesStore,
  tag: string,
  n: number,
  seed: number,
  firstStep: number,
  value: number,
  raw?: { step: Float64Array; value: Float64Array },
): { seed: number; value: number } {
  let v = value;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += seed / 4294967296 - 0.5;
    const y = (seed & 0xffff) === 0 ? v + 100 : v;
    const step = firstStep + i;
    store.add(tag, step, 1.7e9 + step * 0.1, y);
    if (raw) {
      raw.step[i] = step;
      raw.value[i] = y;
    }
  }
  return { seed, value: v };
}
