/**
 * Throughput of the diagnosis engine (issue 5: >= 10 million points/s through all detectors on one core).
 * A synthetic run of 1 million steps feeds four metrics interleaved in step order as a live loop logs them:
 * a noisy decaying loss with a few recovering spikes (every loss detector works: levels, divergence,
 * oscillation windows, stall history, spike band), the gradient norm, the learning rate, and a validation loss
 * every 50 steps. Timed: add() for every point (what a log reader does), and add() + drain() after every point
 * (what the corpus harness does). The bound, measured in the same run: a loop that only writes the same points
 * into a ring buffer of Float64Arrays, the least any streaming consumer does with a point.
 */
import { createDiagnoser, DEFAULT_THRESHOLDS, type DiagnoseThresholds } from '../src/core/diagnose';

const STEPS = 1_000_000;
const VAL_EVERY = 50;
const REPS = 5;

interface Run {
  loss: Float64Array;
  grad: Float64Array;
  lr: Float64Array;
  val: Float64Array;
  points: number;
}

function syntheticRun(): Run {
  let seed = 12345;
  const uniform = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const loss = new Float64Array(STEPS);
  const grad = new Float64Array(STEPS);
  const lr = new Float64Array(STEPS);
  const val = new Float64Array(Math.ceil(STEPS / VAL_EVERY));
  for (let t = 0; t < STEPS; t++) {
    const clean = 0.05 + 2 / (1 + t / 100);
    const spike = t % 200_000 === 150_000 ? 20 : 1;
    loss[t] = clean * Math.exp(0.2 * normal()) * spike;
    grad[t] = Math.sqrt(clean) * Math.exp(0.3 * normal());
    lr[t] = 0.1 * 0.5 * (1 + Math.cos((Math.PI * t) / STEPS)) + 1e-3;
    if (t % VAL_EVERY === 0) val[t / VAL_EVERY] = 1.1 * clean * Math.exp(0.01 * normal());
  }
  return { loss, grad, lr, val, points: 3 * STEPS + val.length };
}

let sink = 0;

function engine(run: Run, drainEvery: boolean, thresholds?: Partial<DiagnoseThresholds>): void {
  const d = createDiagnoser(undefined, thresholds);
  for (let t = 0; t < STEPS; t++) {
    d.add('loss', t, run.loss[t]);
    if (drainEvery) sink += d.drain().length;
    d.add('grad_norm', t, run.grad[t]);
    if (drainEvery) sink += d.drain().length;
    d.add('lr', t, run.lr[t]);
    if (drainEvery) sink += d.drain().length;
    if (t % VAL_EVERY === 0) {
      d.add('val_loss', t, run.val[t / VAL_EVERY]);
      if (drainEvery) sink += d.drain().length;
    }
  }
  sink += d.end().length;
}

/** The bound: the same points, in the same order, written into per-metric ring buffers and nothing else. */
function ringOnly(run: Run): void {
  const size = 64;
  const rings = [new Float64Array(size), new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  const steps = [new Float64Array(size), new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  const counts = new Int32Array(4);
  const put = (k: number, step: number, value: number): void => {
    const slot = counts[k]++ & (size - 1);
    rings[k][slot] = value;
    steps[k][slot] = step;
  };
  for (let t = 0; t < STEPS; t++) {
    put(0, t, run.loss[t]);
    put(1, t, run.grad[t]);
    put(2, t, run.lr[t]);
    if (t % VAL_EVERY === 0) put(3, t, run.val[t / VAL_EVERY]);
  }
  sink += rings[0][0] + rings[3][counts[3] & (size - 1)];
}

/** CPU time of one call (user + system), ms. */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

/** The level cadence before session 12 (a level every 4 points), measured against today's defaults (8; see bench/README). */
const FINER_LEVELS: Partial<DiagnoseThresholds> = { levelEvery: 4 };
const PAIRS = 6;

/**
 * Median of per-pair time ratios (alternative / defaults), add() only, the two run alternately in this process
 * (the order flipped every pair) so that the machine's load drifts over both alike.
 */
function pairedRatio(run: Run, alternative: Partial<DiagnoseThresholds>): { ratio: number; defaultsMs: number; alternativeMs: number } {
  const ratios: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    let base: number;
    let alt: number;
    if (i % 2 === 0) {
      base = cpuMs(() => engine(run, false));
      alt = cpuMs(() => engine(run, false, alternative));
    } else {
      alt = cpuMs(() => engine(run, false, alternative));
      base = cpuMs(() => engine(run, false));
    }
    a.push(base);
    b.push(alt);
    ratios.push(alt / base);
  }
  const median = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1];
  return { ratio: median(ratios), defaultsMs: median(a), alternativeMs: median(b) };
}

/**
 * Best of REPS in CPU time of this process (user + system), not wall time: on a shared machine the process is
 * descheduled for long stretches, which wall time would count against the engine or the bound at random.
 */
function bestMs(fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = process.cpuUsage();
    fn();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export async function benchDiagnoseThroughput(write: (line: string) => void): Promise<void> {
  const run = syntheticRun();
  // Warm-up: one pass of each so the JIT has compiled the hot paths before timing.
  engine(run, false);
  ringOnly(run);
  const addMs = bestMs(() => engine(run, false));
  const drainMs = bestMs(() => engine(run, true));
  const ringMs = bestMs(() => ringOnly(run));
  const rate = (ms: number): string => `${((run.points / ms) * 1e-3).toFixed(1)} M points/s`;
  write(`\ndiagnosis engine throughput (${(run.points / 1e6).toFixed(2)} M points: loss, grad_norm, lr every step, val_loss every ${VAL_EVERY}; best of ${REPS}, CPU time)\n`);
  write(`  add() only          ${addMs.toFixed(1).padStart(8)} ms  ${rate(addMs)}\n`);
  write(`  add() + drain()     ${drainMs.toFixed(1).padStart(8)} ms  ${rate(drainMs)}\n`);
  write(`  ring buffer bound   ${ringMs.toFixed(1).padStart(8)} ms  ${rate(ringMs)}\n`);
  write(`  engine / bound: ${(addMs / ringMs).toFixed(1)}x the time (target >= 10 M points/s: ${run.points / addMs >= 1e4 ? 'met' : 'NOT met'}) (checksum ${Number.isFinite(sink) ? 'ok' : sink})\n`);
  engine(run, false, FINER_LEVELS);
  const pair = pairedRatio(run, FINER_LEVELS);
  write(`  a level every 4 points (the default before session 12) instead of ${DEFAULT_THRESHOLDS.levelEvery}: ${PAIRS} alternating pairs, median add() ${pair.defaultsMs.toFixed(0)} ms (defaults) vs ${pair.alternativeMs.toFixed(0)} ms (every 4) `
    + `(${rate(pair.defaultsMs)} vs ${rate(pair.alternativeMs)}), defaults take ${(1 / pair.ratio).toFixed(2)} of the time\n`);
}

