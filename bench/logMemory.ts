/**
 * Memory and chart speed of the series store (npm run bench).
 *
 * 1. Following a ~1 GB TensorBoard log: bench/logMemoryChild.ts is bundled with esbuild and run in its own
 *    process (so only the follower's memory is measured); it grows an event file in os.tmpdir() 16 MiB at a
 *    time and follows it with TfEventsReader + SeriesStore (default point budget) in 4 MiB chunks. Printed: peak
 *    RSS and heap, the store's bytes, read MB/s, and peak RSS / 300 MB (the bound of issue 4: must be < 1).
 *    OPTLENS_BENCH_LOG_MB sets the size (default 1024).
 * 2. Decimation: a 10-million-point series, full-range decimate to 1000 px against a brute-force M4 scan of
 *    the same range (same process, alternating samples); the ratio is what the min/max pyramid saves.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SeriesStore, type Series } from '../src/core/logs/seriesStore';

const MB = 1 << 20;
const RSS_BOUND = 300 * 1e6;

interface ChildResult {
  bytes: number;
  records: number;
  crcErrors: number;
  points: number;
  tags: number;
  compactedTags: number;
  storeBytes: number;
  readMs: number;
  readCpuMs: number;
  writeMs: number;
  baseRss: number;
  peakRss: number;
  peakHeap: number;
  maxRssKb: number;
  nullSinkCpuMs: number;
  storeCpuMs: number;
  shareBytes: number;
}

export async function benchLogMemory(print: (text: string) => void): Promise<void> {
  followLog(print);
  benchDecimate(print);
}

function followLog(print: (text: string) => void): void {
  const target = Number(process.env.OPTLENS_BENCH_LOG_MB ?? 1024) * MB;
  // esbuild is loaded at run time (a dev dependency), not bundled into the bench.
  const esbuild = createRequire(__filename)('esbuild') as typeof import('esbuild');
  const script = join(tmpdir(), `optlens-log-memory-${process.pid}.js`);
  try {
    esbuild.buildSync({
      entryPoints: [join(process.cwd(), 'bench', 'logMemoryChild.ts')], outfile: script, bundle: true,
      platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning',
    });
    const started = performance.now();
    const run = spawnSync(process.execPath, [script, String(target)], { encoding: 'utf8' });
    if (run.status !== 0) {
      print(`log memory bench failed (exit ${run.status}): ${run.stderr}\n`);
      return;
    }
    const r = JSON.parse(run.stdout) as ChildResult;
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
    print(`\nFollowing a growing TensorBoard log (${(r.bytes / MB).toFixed(0)} MiB, ${r.records.toLocaleString('en')} records, `
      + `${r.tags} tags), 4 MiB reads, default store budget:\n`);
    print(`  read + store   ${(r.bytes / MB / (r.readMs / 1000)).toFixed(0)} MiB/s wall, ${(r.bytes / MB / (r.readCpuMs / 1000)).toFixed(0)} MiB/s of CPU time `
      + `(${(r.readMs / 1000).toFixed(1)} s wall, ${(r.readCpuMs / 1000).toFixed(1)} s CPU; writing the file took ${(r.writeMs / 1000).toFixed(1)} s)\n`);
    const sampleMiB = (r.shareBytes / MB).toFixed(0);
    print(`  store's share  reading the first ${sampleMiB} MiB into a SeriesStore ${r.storeCpuMs.toFixed(0)} ms CPU, into a no-op sink `
      + `${r.nullSinkCpuMs.toFixed(0)} ms: ratio ${(r.storeCpuMs / r.nullSinkCpuMs).toFixed(2)} (the rest is the reader)\n`);
    print(`  store          ${r.points.toLocaleString('en')} points kept, ${mb(r.storeBytes)}, ${r.compactedTags} of ${r.tags} tags compacted\n`);
    print(`  peak RSS       ${mb(r.peakRss)} sampled (${mb(r.maxRssKb * 1024)} OS max RSS; ${mb(r.baseRss)} at start), peak heap ${mb(r.peakHeap)}\n`);
    print(`  peak RSS / 300 MB = ${(Math.max(r.peakRss, r.maxRssKb * 1024) / RSS_BOUND).toFixed(2)} (must stay < 1)   [${((performance.now() - started) / 1000).toFixed(1)} s]\n`);
  } finally {
    rmSync(script, { force: true });
  }
}

function benchDecimate(print: (text: string) => void): void {
  const n = 10_000_000;
  const pixels = 1000;
  const store = new SeriesStore({ maxPoints: n });
  let v = 0;
  let seed = 1;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += seed / 4294967296 - 0.5;
    store.add('loss', i, 1.7e9 + i * 0.1, (seed & 0xffff) === 0 ? v + 100 : v);
  }
  const appendMs = performance.now() - t0;
  const series = store.get('loss')!;
  let check = 0;
  const pyramid = (): void => {
    check += series.decimate(-Infinity, Infinity, pixels).step.length;
  };
  const brute = (): void => {
    check += bruteM4(series, pixels);
  };
  const pyramidMs: number[] = [];
  const bruteMs: number[] = [];
  for (let r = 0; r < 3; r++) pyramid();
  for (let r = 0; r < 7; r++) {
    for (const [fn, out] of [[pyramid, pyramidMs], [brute, bruteMs]] as const) {
      const s = performance.now();
      fn();
      out.push(performance.now() - s);
    }
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  print(`\nDecimate a ${n.toLocaleString('en')}-point series (appended in ${(appendMs / 1000).toFixed(1)} s, ${(appendMs * 1e6 / n).toFixed(0)} ns/point; store ${(store.byteSize / 1e6).toFixed(0)} MB), full range to ${pixels} px, medians:\n`);
  print(`  pyramid M4 ${med(pyramidMs).toFixed(2)} ms   brute-force M4 scan ${med(bruteMs).toFixed(1)} ms   speed-up x${(med(bruteMs) / med(pyramidMs)).toFixed(0)}   (checksum ${check > 0 ? 'ok' : check})\n`);
}

/** M4 by scanning every point of the full range: first/min/max/last per pixel bucket; returns points kept. */
function bruteM4(series: Series, pixels: number): number {
  const n = series.length;
  const lo = series.step(0);
  const hi = series.step(n - 1);
  let kept = 0;
  let bucket = -1;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = Math.min(pixels - 1, Math.floor(((series.step(i) - lo) / (hi - lo)) * pixels));
    if (k !== bucket) {
      if (bucket >= 0) kept += mn === mx ? 1 : 4;
      bucket = k;
      mn = Infinity;
      mx = -Infinity;
    }
    const v = series.value(i);
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  return kept + 4;
}
