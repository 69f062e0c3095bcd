/**
 * What live diagnosis adds to following a watched log (issue 5 for logs): the log worker tees every point a
 * reader delivers into the series store and the diagnosis engine (RunDiagnosis). Measured on a Lightning-style
 * metrics.csv generated in memory (deterministic: step, train_loss, val_loss every 50 steps, lr, grad_norm,
 * accuracy), fed in 1 MiB chunks as the worker gets them, each sample alternating:
 * - read + store: CsvReader -> SeriesStore (what the worker did before);
 * - read + store + diagnosis: CsvReader -> RunDiagnosis(SeriesStore, createDiagnoser) with a settle per chunk;
 * - rebuild after a restart: RunDiagnosis.rebuild() on the full store (a fresh engine fed every stored point
 *   merged in step order), the worst case of a log resumed from a checkpoint.
 * Prints MB/s and points/s, the diagnosis' share of the time (ratio against read + store in the same run),
 * and the rebuild's points/s against the engine's own 10 M points/s target. CPU time of this process
 * (process.cpuUsage), medians of the samples.
 */
import { createDiagnoser } from '../src/core/diagnose';
import { CsvReader } from '../src/core/logs/csvReader';
import { RunDiagnosis } from '../src/core/logs/runDiagnosis';
import { SeriesStore } from '../src/core/logs/seriesStore';
import type { ScalarSink } from '../src/core/logs/types';

const ROWS = 400_000;
const CHUNK = 1 << 20;
const REPS = 5;

function metricsCsv(rows: number): Uint8Array {
  const lines = ['epoch,step,train_loss,val_loss,lr-SGD,grad_norm,train_acc'];
  let seed = 12345;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let step = 0; step < rows; step++) {
    const loss = (2.3 * Math.exp(-step / 40_000) + 0.05) * (1 + 0.3 * (rand() - 0.5));
    const val = step % 50 === 49 ? (2.3 * Math.exp(-step / 40_000) + 0.08).toPrecision(6) : '';
    lines.push(`${Math.floor(step / 5000)},${step},${loss.toPrecision(6)},${val},${(0.1 * 0.5 * (1 + Math.cos((Math.PI * step) / rows))).toPrecision(6)},${(5 * loss).toPrecision(6)},${(1 - loss / 2.4).toPrecision(4)}`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Reads `bytes` in chunks into `sink`; `afterChunk` runs after each (the worker's settle). */
function read(bytes: Uint8Array, sink: ScalarSink, afterChunk?: () => void): void {
  const reader = new CsvReader('lightning-csv');
  for (let at = 0; at < bytes.length; at += CHUNK) {
    reader.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)), sink);
    afterChunk?.();
  }
  reader.end(sink);
  afterChunk?.();
}

export async function benchLogDiagnosis(out: (line: string) => void): Promise<void> {
  const bytes = metricsCsv(ROWS);
  const mb = bytes.length / 1e6;
  const plain: number[] = [];
  const diagnosed: number[] = [];
  const rebuilt: number[] = [];
  let points = 0;
  let findings = -1;
  let fed = 0;
  for (let rep = 0; rep < REPS; rep++) {
    let t = cpuMs();
    const store = new SeriesStore();
    read(bytes, store);
    plain.push(cpuMs() - t);
    points = store.pointCount;

    t = cpuMs();
    const tee = new RunDiagnosis(new SeriesStore(), () => createDiagnoser({}));
    read(bytes, tee, () => tee.settle());
    diagnosed.push(cpuMs() - t);
    findings = tee.findings.length;

    t = cpuMs();
    tee.rebuild();
    rebuilt.push(cpuMs() - t);
    // Fed points: every tag but train_acc and epoch (the engine has no use for them).
    fed = points - 2 * ROWS;
  }
  const p = median(plain);
  const d = median(diagnosed);
  const r = median(rebuilt);
  out(`\nLive diagnosis of a watched log (${mb.toFixed(1)} MB metrics.csv, ${points.toLocaleString('en-US')} points, ${fed.toLocaleString('en-US')} fed to the engine; CPU ms, median of ${REPS})\n`);
  out(`  read + store              ${p.toFixed(0).padStart(6)} ms  ${(mb / (p / 1000)).toFixed(1).padStart(6)} MB/s  ${((points / p) * 1000 / 1e6).toFixed(2)} M points/s\n`);
  out(`  read + store + diagnosis  ${d.toFixed(0).padStart(6)} ms  ${(mb / (d / 1000)).toFixed(1).padStart(6)} MB/s  ${((points / d) * 1000 / 1e6).toFixed(2)} M points/s  (${findings} findings on this healthy log)\n`);
  out(`  diagnosis / (read + store): +${(((d - p) / p) * 100).toFixed(0)}% time; engine share ${(((d - p) / d) * 100).toFixed(0)}% of the worker's work\n`);
  out(`  rebuild after a restart   ${r.toFixed(0).padStart(6)} ms  ${((fed / r) * 1000 / 1e6).toFixed(2)} M points/s re-fed = ${((fed / r) * 1000 / 10e6).toFixed(2)}x the engine's 10 M points/s target\n`);
}
