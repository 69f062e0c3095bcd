/**
 * Ground truth for momentum SGD on a quadratic, decided before any run from theory: each eigen-direction's
 * error and velocity follow the exact 2x2 linear recurrence of the optimizer (PyTorch's heavy ball or Nesterov
 * rule, velocity starting at 0), whose rate and shape are stability.ts's modeDynamics. From the per-mode
 * trajectories come the loss (0.5 * sum lambda e^2), the updates and the cosine between successive updates
 * (rotation-invariant, so the eigenbasis gives the same numbers as the trainer's rotated coordinates).
 * The labelling rules are in README.md ("Quadratic grid").
 */
import { modeDynamics, type ModeDynamics } from '../../../src/core/diagnose/stability';
import { divergenceThreshold } from '../../../src/core/train/divergence';
import type { ExpectedFinding } from './types';

export interface QuadraticSetting {
  lr: number;
  momentum: number;
  nesterov: boolean;
  /** Curvature of each mode and the initial error along it (start minus minimiser, in the eigenbasis). */
  lambdas: readonly number[];
  errors: readonly number[];
  steps: number;
}

/** The labelling thresholds (README.md says why each is where it is). */
export const QUADRATIC_RULES = {
  /** A diverging mode must grow at least this much per step to be labelled (else: ambiguous). */
  minDivergingRate: 1.01,
  /** Oscillation: the dominant mode zig-zags or rings with at least this rate ... */
  oscillationRate: 0.9,
  /** ... and oscillating modes below this rate are quickly damped, i.e. healthy; in between: ambiguous. */
  dampedRate: 0.8,
  /** The loss counts as visible while above this fraction of its start (below it is round-off territory). */
  visibleFloor: 1e-12,
  /** Zig-zag is visible when at least this share of the visible steps has update cosine < -0.5. */
  zigzagShare: 0.5,
  /** Ringing is visible when the visible loss has at least this many bumps (local maxima after a rise). */
  ringingBumps: 3,
  /**
   * An oscillation that still matters at the end: the loss kept at least this fraction of its start. Below it the
   * oscillation died out within the run (rate >= 0.9 over 300 steps leaves < 1e-6 only when the rate is below
   * about 0.977): ambiguous when visible, healthy when quickly damped.
   */
  persistentRemaining: 1e-6,
  /** Stall: the loss above the minimum kept more than this fraction of its start after all the steps. */
  stallRemaining: 0.9,
  /** Converged (healthy): the loss above the minimum fell below this fraction of its start. */
  convergedRemaining: 1e-3,
} as const;

export interface QuadraticTruth {
  /** Undefined = ambiguous (excluded from scoring), with the reason in `why`. */
  expected?: ExpectedFinding[];
  tolerated: ('stall' | 'oscillation')[];
  /**
   * Why a run is ambiguous: a slow divergence; an oscillating mode in the 0.8-0.9 band ('oscillation-damped'), not
   * dominant or not visible ('oscillation-hidden': not an oscillation by the semantics' words, but a detector may
   * see it early on), visible but died out within the run ('oscillation-died-out'); or progress between stalled
   * and converged.
   */
  ambiguity?: 'divergence' | 'oscillation-damped' | 'oscillation-hidden' | 'oscillation-died-out' | 'progress';
  /** The loss kept at the last step, as a fraction of the start. */
  remaining: number;
  why: string;
  /** The theoretical loss, rows 0..steps (cut after the predicted blow-up). */
  loss: Float64Array;
  predictedBlowUp: number | null;
}

function round(x: number, digits = 3): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);
}

/** Per-mode trajectories of the exact recurrence: loss and cosine of successive updates, rows 0..steps. */
export function theoreticalTrajectory(s: QuadraticSetting): { loss: Float64Array; cosine: Float64Array } {
  const n = s.lambdas.length;
  const e = Float64Array.from(s.errors);
  const v = new Float64Array(n);
  const prevUpdate = new Float64Array(n);
  const loss = new Float64Array(s.steps + 1);
  const cosine = new Float64Array(s.steps + 1).fill(NaN);
  const lossOf = () => {
    let f = 0;
    for (let i = 0; i < n; i++) f += 0.5 * s.lambdas[i] * e[i] * e[i];
    return f;
  };
  loss[0] = lossOf();
  for (let t = 1; t <= s.steps; t++) {
    let dot = 0;
    let a2 = 0;
    let b2 = 0;
    for (let i = 0; i < n; i++) {
      const g = s.lambdas[i] * e[i];
      v[i] = s.momentum * v[i] + g;
      const step = s.nesterov ? -s.lr * (g + s.momentum * v[i]) : -s.lr * v[i];
      e[i] += step;
      dot += prevUpdate[i] * step;
      a2 += prevUpdate[i] * prevUpdate[i];
      b2 += step * step;
      prevUpdate[i] = step;
    }
    loss[t] = lossOf();
    if (t >= 2) cosine[t] = dot / Math.sqrt(a2 * b2);
  }
  return { loss, cosine };
}

/** Labels one quadratic run from theory (see README.md for the rules). */
export function quadraticTruth(s: QuadraticSetting): QuadraticTruth {
  const R = QUADRATIC_RULES;
  const modes: (ModeDynamics & { lambda: number })[] = [];
  for (let i = 0; i < s.lambdas.length; i++) {
    if (s.errors[i] !== 0 && s.lambdas[i] > 0) modes.push({ ...modeDynamics(s.lr, s.momentum, s.lambdas[i], s.nesterov), lambda: s.lambdas[i] });
  }
  const { loss, cosine } = theoreticalTrajectory(s);
  const l0 = loss[0];
  const threshold = divergenceThreshold(l0, 0);
  let blowUp: number | null = null;
  for (let t = 1; t <= s.steps; t++) {
    if (!(loss[t] <= threshold)) {
      blowUp = t;
      break;
    }
  }
  const dominant = modes.reduce((a, b) => (b.rate > a.rate ? b : a));
  const settings = `lr ${round(s.lr)}, momentum ${s.momentum}${s.nesterov ? ' (Nesterov)' : ''}, lr*lambda_max ${round(s.lr * Math.max(...s.lambdas))}`;
  const base = {
    tolerated: [] as ('stall' | 'oscillation')[], loss: blowUp === null ? loss : loss.slice(0, blowUp + 1), predictedBlowUp: blowUp,
    remaining: loss[blowUp ?? s.steps] / loss[0],
  };

  if (dominant.rate > 1) {
    if (dominant.rate < R.minDivergingRate || blowUp === null) {
      return { ...base, ambiguity: 'divergence', why: `${settings}: a mode grows at rate ${round(dominant.rate, 4)} per step, too slowly to reach the blow-up bound clearly in ${s.steps} steps (ambiguous)` };
    }
    let onset = 0;
    for (let t = 1; t < blowUp; t++) if (loss[t] < loss[onset]) onset = t;
    return {
      ...base,
      expected: [{ kind: 'divergence', onset }],
      // A diverging zig-zag is also an alternation of the steps: flagging it as oscillation too is not wrong.
      tolerated: ['oscillation'],
      why: `${settings}: the lambda=${round(dominant.lambda)} mode has rate ${round(dominant.rate, 4)} > 1 (${dominant.shape}); theory puts the loss past the blow-up bound at step ${blowUp}, growing from its best at step ${onset}`,
    };
  }

  // Stable: the last row still above round-off decides what is visible.
  let visibleEnd = 0;
  for (let t = 0; t <= s.steps; t++) if (loss[t] > R.visibleFloor * l0) visibleEnd = t;
  const oscillating = modes.filter((m) => m.shape !== 'monotone');
  const topOscillating = oscillating.reduce<(typeof modes)[number] | undefined>((a, b) => (a === undefined || b.rate > a.rate ? b : a), undefined);
  let negative = 0;
  let counted = 0;
  let bumps = 0;
  for (let t = 2; t <= visibleEnd; t++) {
    counted++;
    if (cosine[t] < -0.5) negative++;
  }
  for (let t = 1; t < visibleEnd; t++) if (loss[t] > loss[t - 1] && loss[t] >= loss[t + 1]) bumps++;
  const zigzagVisible = visibleEnd >= 20 && negative >= R.zigzagShare * counted;
  const ringingVisible = bumps >= R.ringingBumps;
  const remaining = loss[s.steps] / l0;
  const progress = `the loss keeps ${round(remaining)} of its start after ${s.steps} steps`;

  const expected: ExpectedFinding[] = [];
  const tolerated: ('stall' | 'oscillation')[] = [];
  const reasons: string[] = [];
  const persists = remaining >= R.persistentRemaining;
  if (topOscillating && topOscillating.rate >= R.dampedRate && (persists || topOscillating.rate >= R.oscillationRate)) {
    const dominates = topOscillating.rate >= dominant.rate - 1e-12;
    const visible = zigzagVisible || ringingVisible;
    const what = `the lambda=${round(topOscillating.lambda)} mode ${topOscillating.shape === 'zigzag' ? 'zig-zags' : `rings (period ${round(topOscillating.period)})`} at rate ${round(topOscillating.rate, 4)} (${negative}/${counted} update cosines < -0.5, ${bumps} loss bumps)`;
    if (topOscillating.rate >= R.oscillationRate && dominates && visible && persists) {
      expected.push({ kind: 'oscillation', onset: 0 });
      reasons.push(`${what}: dominant, visible and still there at the end`);
    } else {
      const [ambiguity, reason] = topOscillating.rate < R.oscillationRate ? ['oscillation-damped', 'between quickly damped and slow'] as const
        : !dominates ? ['oscillation-hidden', 'not the dominant mode'] as const : !visible ? ['oscillation-hidden', 'not visible'] as const
          : ['oscillation-died-out', 'visible, but died out within the run'] as const;
      return { ...base, ambiguity, why: `${settings}: ${what} is ${reason} (ambiguous); ${progress}` };
    }
  }
  if (remaining > R.stallRemaining && expected.length > 0) {
    // A ringing loss can sit near its start at the last step by phase alone: a stall is arguable, not certain.
    tolerated.push('stall');
    reasons.push(`${progress}: at a ringing phase, so a stall finding is arguable (tolerated)`);
  } else if (remaining > R.stallRemaining) {
    expected.push({ kind: 'stall', onset: 0 });
    reasons.push(`${progress} (> ${R.stallRemaining}: no meaningful progress; slowest rate ${round(dominant.rate, 6)})`);
  } else if (remaining > R.convergedRemaining) {
    if (expected.length === 0) return { ...base, ambiguity: 'progress', why: `${settings}: ${progress}, between stalled and converged (ambiguous)` };
    tolerated.push('stall');
    reasons.push(`${progress}: slow enough that a stall finding is arguable (tolerated)`);
  } else {
    reasons.push(`${progress} (converged)`);
  }
  return { ...base, expected, tolerated, why: `${settings}: ${reasons.join('; ')}` };
}
