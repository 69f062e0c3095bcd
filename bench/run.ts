/**
 * Benchmark of the comparison runner (npm run bench). For each problem it times the default comparison
 * (five optimizers) at 500 and 20,000 steps, and, as the peer measured in the same process, a bare loop
 * doing the same number of lossAndGrad evaluations with a plain SGD update and no recording. The ratio
 * is the price of the optimizer abstraction, the recorded columns and the divergence checks.
 */
import { performance } from 'node:perf_hooks';
import { createProblem } from '../src/core/problems';
import type { Problem, ProblemName } from '../src/core/problems/types';
import { runComparison } from '../src/core/train/compare';
import { defaultEntries } from '../src/core/train/presets';
import { benchDiagnoseCorpus } from './diagnoseCorpus';
import { benchDiagnoseEmbedded } from './diagnoseEmbedded';
import { benchConfigExtract } from './configExtract';
import { benchDiagnoseThroughput } from './diagnoseThroughput';
import { benchLogDiagnosis } from './logDiagnosis';
import { benchLogFollow } from './logFollow';
import { benchLogMemory } from './logMemory';
import { benchLogReaders } from './logReaders';
import { benchMlp } from './mlp';
import { benchTextLogs } from './textLogs';

/** The problems the comparison presets are tuned for (the default comparison runs the first). */
const COMPARISON_PROBLEMS: readonly ProblemName[] = ['ill-conditioned-quadratic', 'rosenbrock'];

/** Keeps results alive so the JIT cannot drop the work being timed. */
let sink = 0;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median wall time of one call of each function, in ms, over `reps` samples of `inner` calls each,
 * after `warmup` calls of each. Samples of the two alternate, so a busy machine slows both alike and
 * the ratio stays meaningful even when the milliseconds do not.
 */
function pairedMedians(a: () => void, b: () => void, warmup: number, reps: number, inner: number): [number, number] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const [fn, out] of [[a, sa], [b, sb]] as const) {
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) fn();
      out.push((performance.now() - t0) / inner);
    }
  }
  return [median(sa), median(sb)];
}

/** The peer: `runs` x (steps + 1) gradient evaluations, theta -= lr * g, nothing recorded. */
function bareLoop(problem: Problem, runs: number, steps: number, lr: number): void {
  const dim = problem.dim;
  const x = new Float64Array(dim);
  const g = new Float64Array(dim);
  for (let r = 0; r < runs; r++) {
    x.set(problem.start);
    let f = problem.lossAndGrad(x, g, 1);
    for (let k = 1; k <= steps; k++) {
      for (let i = 0; i < dim; i++) x[i] -= lr * g[i];
      f = problem.lossAndGrad(x, g, k + 1);
    }
    sink += f;
  }
}

function comparison(problem: ProblemName, steps: number): void {
  const result = runComparison({ problem: { name: problem }, entries: defaultEntries(problem), steps, tolerance: 1e-4 });
  sink += result.runs[0].summary.finalLoss;
}

interface Row {
  problem: string;
  steps: number;
  runs: number;
  comparisonMs: number;
  bareMs: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = performance.now();
  for (const name of COMPARISON_PROBLEMS) {
    const entries = defaultEntries(name);
    const problem = createProblem({ name });
    // The bare loop uses the SGD preset's rate, so it follows a sane path and does the same work per step.
    const lr = Number(entries[0].optimizer.lr);
    for (const [steps, warmup, reps, inner] of [[500, 50, 15, 20], [20_000, 5, 11, 2]] as const) {
      const [comparisonMs, bareMs] = pairedMedians(
        () => comparison(name, steps),
        () => bareLoop(problem, entries.length, steps, lr),
        warmup, reps, inner,
      );
      rows.push({ problem: name, steps, runs: entries.length, comparisonMs, bareMs });
    }
  }
  const header = ['problem', 'runs x steps', 'comparison (ms)', 'bare loop (ms)', 'ns/step', 'overhead x'];
  const table = rows.map((r) => [
    r.problem,
    `${r.runs} x ${r.steps}`,
    r.comparisonMs.toFixed(3),
    r.bareMs.toFixed(3),
    ((r.comparisonMs * 1e6) / (r.runs * r.steps)).toFixed(1),
    (r.comparisonMs / r.bareMs).toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  process.stdout.write(`optlens bench: medians, node ${process.version}\n\n`);
  process.stdout.write(line(header) + '\n');
  for (const t of table) process.stdout.write(line(t) + '\n');
  process.stdout.write(`\nbare loop = same lossAndGrad count, plain SGD update, no recording; overhead = comparison / bare loop.\n`);
  process.stdout.write(`comparison bench ${((performance.now() - started) / 1000).toFixed(1)} s (checksum ${Number.isFinite(sink) ? 'ok' : sink})\n\n`);
  // Before the MLP bench: TensorFlow.js would otherwise sit in this process's RSS, which the follow bench measures.
  await benchLogFollow((line) => process.stdout.write(line));
  await benchMlp((line) => process.stdout.write(line));
  await benchLogMemory((line) => process.stdout.write(line));
  await benchTextLogs((line) => process.stdout.write(line));
  await benchLogReaders((line) => process.stdout.write(line));
  await benchDiagnoseCorpus((line) => process.stdout.write(line));
  await benchDiagnoseEmbedded((line) => process.stdout.write(line));
  await benchConfigExtract((line) => process.stdout.write(line));
  await benchDiagnoseThroughput((line) => process.stdout.write(line));
  await benchLogDiagnosis((line) => process.stdout.write(line));
  process.stdout.write(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
