/**
 * Healthy synthetic training curves (family "decay"): exponential and power-law decays to a converged floor,
 * with Gaussian or heavy-tailed multiplicative noise, with and without learning-rate schedules (step decay,
 * cosine to zero at the end, linear warm-up with a bump), some with a gradient norm, a validation loss that keeps
 * falling, or quickly damped ringing. Every one either fell >= 100x by its end (converged) or still falls by
 * >= 5% per tenth of the run (steady progress), so by the semantics none may raise any finding.
 */
import { decay, type DecayShape, range, rngFor, round, series } from './curveBuilder';
import { describeNoise, noiseFactor, type NoiseModel } from './curveNoise';
import type { LabelledRun, LabelledSeries } from './types';

type Schedule = 'constant' | 'step' | 'cosine' | 'warmup';

const NOISES: NoiseModel[] = [
  { kind: 'gauss', sigma: 0.05 },
  { kind: 'gauss', sigma: 0.2 },
  { kind: 'heavy', sigma: 0.05 },
  { kind: 'heavy', sigma: 0.12 },
];

/** The lr multiplier at step t of n (1 at the peak). */
function lrFactor(schedule: Schedule, t: number, n: number, warmup: number): number {
  switch (schedule) {
    case 'step': return t < 0.5 * n ? 1 : t < 0.75 * n ? 0.1 : 0.01;
    case 'cosine': return 0.5 * (1 + Math.cos((Math.PI * t) / n));
    case 'warmup': return Math.min(1, (t + 1) / warmup);
    default: return 1;
  }
}

export function healthyCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  const shapes: [DecayShape, number, number][] = [['exp', 0, 1], ['power', 0, 1], ['power', 0, 0.7]];
  const floors = [3e-3, 1e-3, 1e-4];
  const schedules: Schedule[] = ['constant', 'step', 'cosine', 'warmup'];
  let index = 0;
  for (const [shape, , p] of shapes) {
    for (const floorRatio of floors) {
      for (const noise of NOISES) {
        for (const schedule of schedules) {
          for (const seed of [0, 1]) {
            const id = `decay-${shape}${p}-f${floorRatio}-${noise.kind}${noise.sigma}-${schedule}-s${seed}`;
            const rng = rngFor(id);
            const n = 400 + 200 * ((index++ * 7) % 6);
            const every = index % 5 === 0 ? 10 : 1;
            const a = 0.5 + 4 * rng.next();
            const floor = a * floorRatio;
            // exp: converge by mid-run; power: tau small so the curve falls >= 100x over the run.
            const tau = shape === 'exp' ? n / 12 : p === 1 ? 0.5 : 0.1;
            const warmup = Math.round(0.05 * n);
            const steps = range(0, n, every);
            const loss: number[] = [];
            const lr: number[] = [];
            const gradNorm: number[] = [];
            let lastClean = a;
            let progress = 0;
            for (let t = 0; t <= n; t++) {
              const f = lrFactor(schedule, t, n, warmup);
              // Progress runs on cumulative lr, so a schedule shapes the curve the way it does in training.
              progress += f;
              if (t % every !== 0) continue;
              let clean = decay(shape, progress, a, floor, tau, p);
              // Warm-up bump: the loss first rises up to +25% while the lr ramps up, then falls.
              if (schedule === 'warmup') clean *= 1 + 0.25 * Math.sin(Math.min(Math.PI, (Math.PI * t) / (2 * warmup)));
              lastClean = clean;
              loss.push(clean * noiseFactor(rng, noise));
              lr.push(0.1 * f);
              gradNorm.push(Math.sqrt(clean - floor * 0.999) * noiseFactor(rng, noise));
            }
            const list: LabelledSeries[] = [series('loss', undefined, steps, loss)];
            if (schedule !== 'constant') list.push(series('lr', undefined, steps, lr));
            if (index % 3 === 0) list.push(series('grad_norm', undefined, steps, gradNorm));
            if (index % 4 === 1) list.push(validationSeries(rng, steps, loss, 10 * every));
            const fell = a / lastClean;
            if (!(fell >= 100)) throw new Error(`corpus generator: ${id} fell only ${fell}x; healthy decays must fall >= 100x`);
            runs.push({
              id, family: 'decay', series: list, context: {}, expected: [], tolerated: [],
              why: `${shape === 'exp' ? 'exponential' : `power-law (p=${p})`} decay to a floor ${floorRatio} of the start over ${n} steps, ${schedule} lr, ${describeNoise(noise)}; fell ~${round(fell, 2)}x: healthy`,
            });
          }
        }
      }
    }
  }
  runs.push(...dampedRinging());
  return runs;
}

/** A validation loss evaluated every `k` steps that follows the training loss down (10% above it, small noise). */
function validationSeries(rng: ReturnType<typeof rngFor>, steps: number[], loss: number[], k: number): LabelledSeries {
  const vs: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] % k !== 0) continue;
    // The mean of the neighbours stands in for the noise-free train loss here.
    let m = 0;
    let c = 0;
    for (let j = Math.max(0, i - 3); j <= Math.min(loss.length - 1, i + 3); j++) {
      m += loss[j];
      c++;
    }
    vs.push(steps[i]);
    vv.push(1.1 * (m / c) * Math.exp(0.01 * rng.normal()));
  }
  return series('val_loss', undefined, vs, vv);
}

/** Momentum ringing that dies within ~20 steps (amplitude x0.7 per step) on a converging curve: healthy. */
function dampedRinging(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const period of [6, 12, 24]) {
    for (const noise of NOISES) {
      for (const seed of [0, 1]) {
        const id = `decay-damped-ring-p${period}-${noise.kind}${noise.sigma}-s${seed}`;
        const rng = rngFor(id);
        const n = 600;
        const steps = range(0, n);
        const loss = steps.map((t) => decay('exp', t, 2, 2e-3, 60) * (1 + 0.6 * 0.7 ** t * Math.cos((2 * Math.PI * t) / period)) * noiseFactor(rng, noise));
        runs.push({
          id, family: 'decay', series: [series('loss', undefined, steps, loss)], context: {}, expected: [], tolerated: [],
          why: `exponential decay to 1e-3 of the start with ringing of period ${period} whose amplitude shrinks x0.7 per step (gone in ~20 steps), ${describeNoise(noise)}: quickly damped ringing is healthy`,
        });
      }
    }
  }
  return runs;
}
