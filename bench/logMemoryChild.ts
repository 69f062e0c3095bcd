/**
 * The measured process of bench/logMemory.ts (bundled and spawned by it, so its memory is only this: no
 * TensorFlow.js or comparison results of the other benches). It grows a TensorBoard event file in os.tmpdir()
 * the way a live SummaryWriter does, 16 MiB at a time, and follows it like the extension: after each append it
 * reads the new bytes in 4 MiB chunks with node fs into TfEventsReader + SeriesStore (default budget, so the
 * store compacts). Peak RSS and heap are sampled after every chunk. Prints one JSON line; deletes the file.
 *
 * Usage: node logMemoryChild.js TARGET_BYTES
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SeriesStore } from '../src/core/logs/seriesStore';
import { TfEventsReader } from '../src/core/logs/tfevents/eventReader';
import type { ScalarSink } from '../src/core/logs/types';
import { ScalarEventEncoder } from './scalarEventEncoder';

const READ_CHUNK = 4 << 20;
/** The writer encodes 1 MiB at a time (its buffer is not the follower's memory) and appends 16 of them between reads. */
const ENCODE_BYTES = 1 << 20;
const APPEND_BYTES = 16 << 20;
const TAGS = ['train/loss', 'train/learning_rate', 'train/grad_norm', 'eval/accuracy'].map((t) => new TextEncoder().encode(t));

/** Writes scalar events (PyTorch add_scalar: simple_value) for consecutive steps, one record per tag. */
class EventWriter {
  private step = 0;
  private readonly buf = new Uint8Array(ENCODE_BYTES + 4096);
  private readonly view = new DataView(this.buf.buffer);
  private readonly encoder = new ScalarEventEncoder();

  /** Encodes about ENCODE_BYTES of records; returns them (a view of `buf`, valid until the next call). */
  fill(): Uint8Array {
    let o = 0;
    while (o < ENCODE_BYTES) {
      const step = this.step++;
      for (let t = 0; t < TAGS.length; t++) o = this.record(o, step, t);
    }
    return this.buf.subarray(0, o);
  }

  private record(start: number, step: number, t: number): number {
    const noise = (((step * 2654435761 + t * 40503) >>> 0) / 4294967296 - 0.5) * 0.1;
    const value = t === 1 ? 1e-3 : 1 / Math.sqrt(1 + step * 1e-4) + noise;
    return this.encoder.encode(this.buf, this.view, start, 1.7e9 + step * 0.05, step, TAGS[t], value);
  }
}

/** Bytes of the file re-read to split the read cost between the reader and the store. */
const SHARE_SAMPLE_BYTES = 32 << 20;

/**
 * The CPU time of reading the first `bytes` of the file into a sink that drops every point, and into a fresh
 * SeriesStore (best of two alternating passes each): the difference is what the store costs.
 */
function measureStoreShare(fd: number, bytes: number, chunk: Uint8Array): { nullSinkCpuMs: number; storeCpuMs: number; shareBytes: number } {
  const pass = (sink: ScalarSink): number => {
    const reader = new TfEventsReader();
    const cpu0 = process.cpuUsage();
    for (let offset = 0; offset < bytes; ) {
      const n = readSync(fd, chunk, 0, Math.min(READ_CHUNK, bytes - offset), offset);
      if (n === 0) break;
      reader.push(chunk.subarray(0, n), sink);
      offset += n;
    }
    reader.end(sink);
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000;
  };
  const drop: ScalarSink = { add: () => undefined };
  let nullSinkCpuMs = Infinity;
  let storeCpuMs = Infinity;
  for (let r = 0; r < 2; r++) {
    nullSinkCpuMs = Math.min(nullSinkCpuMs, pass(drop));
    storeCpuMs = Math.min(storeCpuMs, pass(new SeriesStore()));
  }
  return { nullSinkCpuMs, storeCpuMs, shareBytes: bytes };
}

function main(): void {
  const target = Number(process.argv[2] ?? 1 << 30);
  const path = join(tmpdir(), `events.out.tfevents.${Date.now()}.optlens-bench.${process.pid}.0`);
  const writer = new EventWriter();
  const reader = new TfEventsReader();
  const store = new SeriesStore();
  const chunk = new Uint8Array(READ_CHUNK);
  const out = openSync(path, 'w');
  const inp = openSync(path, 'r');
  let written = 0;
  let readBytes = 0;
  let writeMs = 0;
  let readMs = 0;
  /** CPU time of the reads (user + system): on a busy machine wall time also counts waiting for a core. */
  let readCpuMs = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const baseRss = process.memoryUsage().rss;
  let storeShare = { nullSinkCpuMs: 0, storeCpuMs: 0, shareBytes: 0 };
  try {
    // First the store's share of the read cost, on the file's first bytes (before following, so that its
    // throwaway stores are not counted in the follower's peak).
    while (written < Math.min(target, SHARE_SAMPLE_BYTES)) {
      const bytes = writer.fill();
      writeSync(out, bytes);
      written += bytes.length;
    }
    storeShare = measureStoreShare(inp, Math.min(written, SHARE_SAMPLE_BYTES), chunk);
    while (written < target) {
      let t0 = performance.now();
      for (let appended = 0; appended < APPEND_BYTES; ) {
        const bytes = writer.fill();
        writeSync(out, bytes);
        appended += bytes.length;
        written += bytes.length;
      }
      writeMs += performance.now() - t0;
      t0 = performance.now();
      const cpu0 = process.cpuUsage();
      for (;;) {
        const n = readSync(inp, chunk, 0, READ_CHUNK, readBytes);
        if (n === 0) break;
        reader.push(n === READ_CHUNK ? chunk : chunk.subarray(0, n), store);
        readBytes += n;
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
      readMs += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      readCpuMs += (cpu.user + cpu.system) / 1000;
    }
    reader.end(store);
  } finally {
    closeSync(out);
    closeSync(inp);
    unlinkSync(path);
  }
  let compactedTags = 0;
  for (const tag of store.tags) if (store.get(tag)!.compacted) compactedTags++;
  process.stdout.write(JSON.stringify({
    bytes: readBytes,
    records: reader.records,
    crcErrors: reader.crcErrors,
    points: store.pointCount,
    tags: store.tags.length,
    compactedTags,
    storeBytes: store.byteSize,
    readMs,
    readCpuMs,
    writeMs,
    baseRss,
    peakRss,
    peakHeap,
    maxRssKb: process.resourceUsage().maxRSS,
    ...storeShare,
  }) + '\n');
}

main();
