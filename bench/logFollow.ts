/**
 * Following a large TensorBoard event file the way the extension does (npm run bench): the host thread reads
 * 4 MiB chunks with node fs and transfers them to the log worker (dist/logWorker.js, the shipped bundle),
 * which parses them into a SeriesStore and answers each chunk with the run's summary. Measured in the same
 * run: the raw chunked read of the same file (the bound), the follow throughput and its ratio to the bound,
 * the peak RSS of the whole process (host + worker) against the 300 MB target, the host thread's worst
 * event-loop stall while the worker parses (the editor must not freeze), and the worker's answer time for a
 * small append once the big file is in (its share of the 250 ms append-to-status-bar budget).
 * OPTLENS_FOLLOW_BENCH_MB sets the file size (default 512: ten million points, well past the worker's 4 M-point budget, so memory has plateaued; bench/logMemory.ts follows 1 GB).
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { LogRunSummary } from '../src/core/logs/logRunSnapshot';
import type { LogWorkerCall, LogWorkerReply } from '../src/extension/logs/logWorkerProtocol';
import { ScalarEventEncoder } from './scalarEventEncoder';

const CHUNK = 4 * 1024 * 1024;
const TAGS = ['train/loss', 'train/lr', 'train/grad_norm'];

/** Writes ~`megabytes` MB of records, steps increasing; returns the next step. */
function writeEventFile(path: string, megabytes: number, firstStep = 0): number {
  const fd = openSync(path, 'a');
  const tags = TAGS.map((t) => new TextEncoder().encode(t));
  const encoder = new ScalarEventEncoder();
  const buffer = new Uint8Array(CHUNK + 1024);
  const view = new DataView(buffer.buffer);
  let step = firstStep;
  let written = 0;
  const target = megabytes * 1024 * 1024;
  while (written < target) {
    let at = 0;
    const limit = Math.min(CHUNK, target - written);
    while (at < limit) {
      for (let k = 0; k < tags.length; k++) at = encoder.encode(buffer, view, at, 1.7e9 + step * 0.01, step, tags[k], k === 0 ? 2 / (1 + step * 1e-5) : 1e-3);
      step++;
    }
    writeSync(fd, buffer, 0, at);
    written += at;
  }
  closeSync(fd);
  return step;
}

function rawRead(path: string): { bytes: number; ms: number } {
  const fd = openSync(path, 'r');
  const buffer = new Uint8Array(CHUNK);
  let bytes = 0;
  const t0 = performance.now();
  for (;;) {
    const n = readSync(fd, buffer, 0, CHUNK, bytes);
    if (n === 0) break;
    bytes += n;
  }
  closeSync(fd);
  return { bytes, ms: performance.now() - t0 };
}

class WorkerClient {
  private next = 1;
  private readonly waiting = new Map<number, (reply: LogWorkerReply) => void>();
  constructor(readonly worker: Worker) {
    worker.on('message', (reply: LogWorkerReply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }
  async summary(request: LogWorkerCall, transfer: ArrayBuffer[] = []): Promise<LogRunSummary> {
    const id = this.next++;
    const reply = await new Promise<LogWorkerReply>((done) => {
      this.waiting.set(id, done);
      this.worker.postMessage({ ...request, id }, transfer);
    });
    if (reply.type !== 'summary') throw new Error(reply.type === 'failed' ? reply.message : reply.type);
    return reply.summary;
  }
}

export async function benchLogFollow(print: (line: string) => void): Promise<void> {
  const megabytes = Number(process.env.OPTLENS_FOLLOW_BENCH_MB ?? 512);
  const dir = mkdtempSync(join(tmpdir(), 'optlens-follow-'));
  const file = join(dir, 'events.out.tfevents.1700000000.bench');
  try {
    print(`\nFollowing a TensorBoard event file through the log worker (${megabytes} MB, ${CHUNK / 1048576} MiB chunks)\n`);
    const t0 = performance.now();
    let nextStep = writeEventFile(file, megabytes);
    print(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const raw = rawRead(file);

    const rssBefore = process.memoryUsage.rss();
    const worker = new Worker(resolve('dist/logWorker.js'));
    const client = new WorkerClient(worker);
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    await client.summary({ type: 'open', runId: 'bench', files: [{ fileId: file, label: 'bench', format: 'tfevents' }] });
    const fd = openSync(file, 'r');
    let offset = 0;
    let summary: LogRunSummary | undefined;
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    for (;;) {
      const bytes = new Uint8Array(CHUNK);
      const n = readSync(fd, bytes, 0, CHUNK, offset);
      if (n === 0) break;
      offset += n;
      summary = await client.summary({ type: 'append', runId: 'bench', fileId: file, bytes: bytes.buffer, length: n }, [bytes.buffer]);
    }
    const followMs = performance.now() - t1;
    // CPU time of the whole process (both threads): on a shared machine wall time includes waiting for a core.
    const cpu = process.cpuUsage(cpu0);
    const followCpuS = (cpu.user + cpu.system) / 1e6;
    stalls.disable();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());

    // Small appends once the big file is in: the worker's share of the append -> status bar latency.
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = offset;
      nextStep = writeEventFile(file, 1e-6, nextStep);
      const fdSmall = openSync(file, 'r');
      const bytes = new Uint8Array(64 * 1024);
      const n = readSync(fdSmall, bytes, 0, bytes.length, before);
      closeSync(fdSmall);
      offset += n;
      const ta = performance.now();
      summary = await client.summary({ type: 'append', runId: 'bench', fileId: file, bytes: bytes.buffer, length: n }, [bytes.buffer]);
      latencies.push(performance.now() - ta);
    }
    closeSync(fd);
    clearInterval(sampler);
    await worker.terminate();

    const mb = raw.bytes / 1e6;
    const rawMBs = mb / (raw.ms / 1000);
    const followMBs = mb / (followMs / 1000);
    latencies.sort((a, b) => a - b);
    const peakMB = peakRss / 1e6;
    print(`  raw chunked read (bound)   ${rawMBs.toFixed(0).padStart(6)} MB/s\n`);
    print(`  follow via the log worker  ${followMBs.toFixed(0).padStart(6)} MB/s   ratio to raw read ${(followMBs / rawMBs).toFixed(2)}; ${(mb / followCpuS).toFixed(0)} MB per CPU-second (both threads)\n`);
    print(`  points in the store        ${summary?.points.toLocaleString('en-US')} (last step ${summary?.lastStep?.toLocaleString('en-US')}, ${summary?.warningCount} warnings)\n`);
    print(`  peak RSS, host + worker    ${peakMB.toFixed(0).padStart(6)} MB     ratio to the 300 MB target ${(peakMB / 300).toFixed(2)} (before the worker: ${(rssBefore / 1e6).toFixed(0)} MB; the worker added ${((peakRss - rssBefore) / 1e6).toFixed(0)} MB)\n`);
    print(`  host event-loop stall      max ${(stalls.max / 1e6).toFixed(1)} ms, p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms while the worker parsed\n`);
    print(`  small append -> summary    median ${latencies[latencies.length >> 1].toFixed(2)} ms, max ${latencies[latencies.length - 1].toFixed(2)} ms   ratio of the median to the 250 ms budget ${(latencies[latencies.length >> 1] / 250).toFixed(3)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
