/**
 * The diagnosis corpus benchmark (issue 5 item 7): builds the full labelled corpus (test/corpus/diagnose),
 * feeds every run through the engine point by point (draining after every point to time detection), and prints
 * per-kind precision/recall/delays, false alarms on healthy runs, divergence before NaN, the top fix's efficacy
 * when re-run, and the engine's throughput over the whole corpus — against a peer measured in the same run: a
 * bare pass over the same points that only sums them (the memory-bound floor of any streaming consumer).
 */
import { performance } from 'node:perf_hooks';
import { createDiagnoser } from '../src/core/diagnose';
import { buildCorpus } from '../test/corpus/diagnose/corpus';
import { evaluateCorpus } from '../test/corpus/diagnose/evaluate';
import { ambiguousSummary, formatEvaluation } from '../test/corpus/diagnose/report';
import type { LabelledRun } from '../test/corpus/diagnose/types';

let sink = 0;

/** Every run fed in step order without draining per point (what a log reader does), then end(). */
function engineOnly(runs: readonly LabelledRun[]): number {
  let points = 0;
  for (const run of runs) {
    const d = createDiagnoser(run.context);
    for (const s of run.series) if (s.role) d.setRole(s.metric, s.role);
    // Series one after another: the engine keeps per-metric state, so order across metrics does not change its work.
    for (const s of run.series) {
      const { steps, values } = s;
      for (let i = 0; i < values.length; i++) d.add(s.metric, steps[i], values[i]);
      points += values.length;
    }
    sink += d.end().length;
  }
  return points;
}

function barePass(runs: readonly LabelledRun[]): number {
  let points = 0;
  let acc = 0;
  for (const run of runs) {
    for (const s of run.series) {
      const { steps, values } = s;
      for (let i = 0; i < values.length; i++) acc += values[i] === values[i] ? steps[i] : 0;
      points += values.length;
    }
  }
  sink += acc;
  return points;
}

function bestOf(fn: () => number, reps: number): { ms: number; points: number } {
  let best = Infinity;
  let points = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    points = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, points };
}

export async function benchDiagnoseCorpus(write: (line: string) => void): Promise<void> {
  const started = performance.now();
  const corpus = buildCorpus();
  const built = performance.now();
  write(`diagnosis corpus: ${corpus.runs.length} scored runs, ${ambiguousSummary(corpus)}; built in ${((built - started) / 1000).toFixed(1)} s\n`);
  const evaluation = evaluateCorpus(corpus.runs, (context) => createDiagnoser(context), { fixes: true });
  write(`evaluated (with fix re-runs) in ${((performance.now() - built) / 1000).toFixed(1)} s, ${evaluation.points} points\n\n`);
  for (const line of formatEvaluation(evaluation)) write(`${line}\n`);
  const engine = bestOf(() => engineOnly(corpus.runs), 3);
  const bare = bestOf(() => barePass(corpus.runs), 3);
  const rate = engine.points / (engine.ms / 1000);
  write(`\nengine throughput over the corpus: ${(rate / 1e6).toFixed(2)} M points/s (${engine.points} points in ${engine.ms.toFixed(0)} ms; target >= 10 M/s); `
    + `bare pass ${(bare.points / (bare.ms / 1000) / 1e6).toFixed(0)} M points/s; engine / bare time = ${(engine.ms / bare.ms).toFixed(1)}x (checksum ${Number.isFinite(sink) ? 'ok' : sink})\n`);
}
