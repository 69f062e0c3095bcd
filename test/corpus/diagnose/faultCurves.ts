/**
 * Synthetic curves with a known fault, labelled from the generating formula (README.md gives each rule):
 * blow-up into NaN, NaN/Inf injections, recovering spikes, plateaus far from converged and stuck-at-chance
 * curves, and learning rates decayed to nothing before the loss converged.
 */
import { decay, range, rngFor, round, series } from './curveBuilder';
import { describeNoise, noiseFactor, type NoiseModel } from './curveNoise';
import type { LabelledRun, LabelledSeries } from './types';

const NOISES: NoiseModel[] = [
  { kind: 'gauss', sigma: 0.02 },
  { kind: 'gauss', sigma: 0.1 },
  { kind: 'heavy', sigma: 0.05 },
];

/**
 * A healthy power-law decay, then geometric growth by `growth` per step from `onset` until the loss is `overflow`
 * times its value at the onset; the next point is NaN (and, when `tail`, the run keeps logging NaN for 20 steps).
 */
export function blowUpCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const growth of [1.02, 1.05, 1.1, 1.3, 2]) {
    for (const overflow of [1e2, 1e4, 1e8]) {
      for (const onset of [60, 200, 500]) {
        NOISES.forEach((noise, ni) => {
          const id = `blowup-g${growth}-o${overflow}-t${onset}-${noise.kind}${noise.sigma}`;
          const rng = rngFor(id);
          const growSteps = Math.ceil(Math.log(overflow) / Math.log(growth));
          const nanStep = onset + growSteps + 1;
          const tail = ni !== 1;
          const last = tail ? nanStep + 20 : nanStep;
          const steps = range(0, last);
          const base = (t: number) => decay('power', t, 2.5, 0.02, 5, 1);
          const loss = steps.map((t) => (t >= nanStep ? NaN : (t <= onset ? base(t) : base(onset) * growth ** (t - onset)) * noiseFactor(rng, noise)));
          const list: LabelledSeries[] = [series('loss', undefined, steps, loss)];
          if (ni === 2) list.push(series('grad_norm', undefined, steps, loss.map((v) => Math.sqrt(v) * 3)));
          runs.push({
            id, family: 'blowup', series: list, context: {},
            expected: [{ kind: 'divergence', onset }, { kind: 'nan', onset: nanStep }],
            tolerated: [], firstNonFiniteStep: nanStep,
            why: `decay until step ${onset}, then x${growth} per step for ${growSteps} steps (x${overflow}), NaN from step ${nanStep}; ${describeNoise(noise)}`,
          });
        });
      }
    }
  }
  return runs;
}

/**
 * A healthy noisy decay with a non-finite value at step s: NaN from s to the end (training died), one +Inf at s
 * (then finite again), or NaN in the gradient norm only. No growth precedes it, so only `nan` is expected.
 */
export function nanInjectionCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const variant of ['nan-persistent', 'inf-once', 'gradnorm-nan'] as const) {
    for (const at of [1, 40, 250, 700]) {
      for (const noise of NOISES) {
        for (const seed of [0, 1, 2]) {
          const id = `nan-${variant}-at${at}-${noise.kind}${noise.sigma}-s${seed}`;
          const rng = rngFor(id);
          const n = 800;
          const steps = range(0, n);
          const clean = steps.map((t) => decay('exp', t, 1.5 + rng.next(), 0.01, 150));
          const loss = clean.map((v, t) => {
            const noisy = v * noiseFactor(rng, noise);
            if (variant === 'nan-persistent' && t >= at) return NaN;
            if (variant === 'inf-once' && t === at) return Infinity;
            return noisy;
          });
          const grad = clean.map((v, t) => (variant === 'gradnorm-nan' && t === at ? NaN : Math.sqrt(v) * noiseFactor(rng, noise)));
          const list: LabelledSeries[] = [series('loss', undefined, steps, loss)];
          if (variant === 'gradnorm-nan' || seed === 0) list.push(series('grad_norm', undefined, steps, grad));
          runs.push({
            id, family: 'nan-injection', series: list, context: {},
            expected: [{ kind: 'nan', onset: at }], tolerated: [], firstNonFiniteStep: at,
            why: `healthy exponential decay with ${variant === 'nan-persistent' ? 'NaN from' : variant === 'inf-once' ? 'a single +Inf at' : 'a NaN gradient norm at'} step ${at}; ${describeNoise(noise)}`,
          });
        }
      }
    }
  }
  return runs;
}

/**
 * A noisy decay with 1 or 3 spikes (50+ steps apart): the loss jumps to `size` x its curve and comes back
 * geometrically within `recovery` steps.
 */
export function spikeCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const size of [3, 5, 10, 100]) {
    for (const recovery of [1, 2, 4]) {
      for (const noise of NOISES) {
        for (const count of [1, 3]) {
          for (const seed of [0, 1]) {
            const id = `spike-x${size}-r${recovery}-n${count}-${noise.kind}${noise.sigma}-s${seed}`;
            const rng = rngFor(id);
            const n = 900;
            const first = 150 + rng.int(300);
            const at = Array.from({ length: count }, (_, i) => first + 120 * i);
            const steps = range(0, n);
            const loss = steps.map((t) => {
              let factor = 1;
              for (const s of at) if (t >= s && t < s + recovery) factor = size ** (1 - (t - s) / recovery);
              return decay('power', t, 3, 0.05, 10, 1) * factor * noiseFactor(rng, noise);
            });
            runs.push({
              id, family: 'spike', series: [series('loss', undefined, steps, loss)], context: {},
              expected: [{ kind: 'spike', onset: first }], tolerated: [],
              why: `power-law decay with ${count} spike(s) of x${size} at step(s) ${at.join(', ')}, back on the curve within ${recovery} step(s); ${describeNoise(noise)}`,
            });
          }
        }
      }
    }
  }
  return runs;
}

/**
 * Stalls: (a) a fast drop to a plateau P that is 40-80% of the start (the loss never falls even 2.5x), flat for
 * the rest of a long run; onset = the first step within 1% of the plateau. (b) stuck at chance level ln(C) from
 * the start, with context.chanceLoss.
 */
export function plateauCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const level of [0.4, 0.6, 0.8]) {
    for (const tau of [10, 50]) {
      for (const n of [500, 1000]) {
        for (const noise of [...NOISES, { kind: 'gauss', sigma: 0.2 } as NoiseModel]) {
          const id = `plateau-l${level}-tau${tau}-n${n}-${noise.kind}${noise.sigma}`;
          const rng = rngFor(id);
          const a = 1 + 3 * rng.next();
          const p = level * a;
          const onset = Math.ceil(tau * Math.log((a - p) / (0.01 * p)));
          const steps = range(0, n);
          const loss = steps.map((t) => decay('exp', t, a, p, tau) * noiseFactor(rng, noise));
          runs.push({
            id, family: 'plateau', series: [series('loss', undefined, steps, loss)], context: {},
            expected: [{ kind: 'stall', onset }], tolerated: [],
            why: `drop from ${round(a)} to a plateau at ${level} of the start (time constant ${tau}), flat from step ${onset} to ${n}; ${describeNoise(noise)}`,
          });
        }
      }
    }
  }
  for (const classes of [2, 10, 100]) {
    for (const noise of NOISES) {
      for (const seed of [0, 1, 2]) {
        const id = `plateau-chance-c${classes}-${noise.kind}${noise.sigma}-s${seed}`;
        const rng = rngFor(id);
        const chance = Math.log(classes);
        const steps = range(0, 600);
        const loss = steps.map(() => chance * (1 + 0.002 * rng.normal()) * noiseFactor(rng, noise));
        runs.push({
          id, family: 'plateau', series: [series('loss', undefined, steps, loss)], context: { chanceLoss: chance },
          expected: [{ kind: 'stall', onset: 0 }], tolerated: [],
          why: `loss stuck at chance level ln(${classes}) = ${round(chance)} for 600 steps; ${describeNoise(noise)}`,
        });
      }
    }
  }
  return runs;
}

/**
 * The learning rate decays to nothing (exponentially, or a step to 1e-4 x) while the loss is still far from
 * converged; the loss progresses with the cumulative lr, so it freezes at 30-50% of its start.
 * Onset = the first step with lr < 1% of its start.
 */
export function lrToZeroCurves(): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const kind of ['exponential', 'step'] as const) {
    for (const zeroAt of [100, 200, 400]) {
      for (const frozen of [0.3, 0.5]) {
        for (const noise of NOISES.slice(0, 2)) {
          for (const seed of [0, 1]) {
            const id = `lr0-${kind}-z${zeroAt}-f${frozen}-${noise.kind}${noise.sigma}-s${seed}`;
            const rng = rngFor(id);
            const n = zeroAt + 400;
            const lr0 = 0.1;
            // exponential: lr0 * gamma^t hits 1% of lr0 at zeroAt; step: x1e-4 at zeroAt.
            const gamma = 0.01 ** (1 / zeroAt);
            const lrs = range(0, n).map((t) => (kind === 'exponential' ? lr0 * gamma ** t : t < zeroAt ? lr0 : lr0 * 1e-4));
            let total = 0;
            for (const v of lrs) total += v;
            const steps = range(0, n);
            const a = 2;
            let cumulative = 0;
            const loss = steps.map((t) => {
              cumulative += lrs[t];
              return a * (frozen + (1 - frozen) * (1 - cumulative / total)) * noiseFactor(rng, noise);
            });
            runs.push({
              id, family: 'lr-to-zero',
              series: [series('loss', undefined, steps, loss), series('lr', 'lr', steps, lrs)], context: {},
              expected: [{ kind: 'stall', onset: zeroAt }], tolerated: [],
              why: `${kind} lr decay from ${lr0} to < 1% by step ${zeroAt}; the loss follows the cumulative lr and freezes at ${frozen} of its start; ${describeNoise(noise)}`,
            });
          }
        }
      }
    }
  }
  return runs;
}
