/**
 * The embedded quadratic grid: learning rate x momentum (heavy ball and Nesterov) on 2-D and n-D quadratics with
 * known spectra, labelled in advance by quadraticTheory.ts, then trained with the real trainer (runSpecs) for
 * the series. Theory and trainer must agree on whether the run blows up; a disagreement marks the run ambiguous
 * (and is reported), it never overrides the theory label silently.
 */
import { maxStableLr } from '../../../src/core/diagnose/stability';
import type { OptimizerSpec } from '../../../src/core/optim/types';
import type { ProblemSpec } from '../../../src/core/problems/types';
import { runSpecs } from '../../../src/core/train/simulate';
import type { RunSpec } from '../../../src/core/train/spec';
import { embeddedContext, embeddedSeries } from './embeddedSeries';
import { quadraticTruth, type QuadraticSetting } from './quadraticTheory';
import type { AmbiguousRun, LabelledRun } from './types';

interface Spectrum {
  name: string;
  problem: ProblemSpec;
  lambdas: number[];
  /** Initial error along each eigenvector. */
  errors: number[];
}

function logSpaced(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (n === 1 ? 0 : i / (n - 1)));
}

/** 2-D: rotated 30 degrees, start (1, 1); n-D: axis-aligned (momentum SGD is rotation-invariant), start all ones. */
export function quadraticSpectra(): Spectrum[] {
  const out: Spectrum[] = [];
  const angle = 30;
  const c = Math.cos((angle * Math.PI) / 180);
  const s = Math.sin((angle * Math.PI) / 180);
  for (const [kappa, top] of [[10, 1], [100, 10], [1000, 100]] as const) {
    const lambdas = [top / kappa, top];
    out.push({
      name: `q2-k${kappa}`,
      problem: { name: 'quadratic', eigenvalues: lambdas, angle, start: [1, 1] },
      lambdas,
      errors: [c + s, -s + c],
    });
  }
  for (const [n, kappa] of [[10, 30], [50, 300]] as const) {
    const lambdas = logSpaced(1 / kappa, 1, n);
    out.push({ name: `q${n}-k${kappa}`, problem: { name: 'quadratic', eigenvalues: lambdas, start: new Array<number>(n).fill(1) }, lambdas, errors: new Array<number>(n).fill(1) });
  }
  return out;
}

interface OptimizerVariant {
  momentum: number;
  nesterov: boolean;
}

const VARIANTS: OptimizerVariant[] = [
  { momentum: 0, nesterov: false },
  { momentum: 0.5, nesterov: false },
  { momentum: 0.9, nesterov: false },
  { momentum: 0.95, nesterov: false },
  { momentum: 0.99, nesterov: false },
  { momentum: 0.5, nesterov: true },
  { momentum: 0.9, nesterov: true },
  { momentum: 0.99, nesterov: true },
];

/** lr * lambda_max: tiny (stall), moderate, and fractions/multiples of the stability bound. */
function lrFactors(bound: number): number[] {
  return [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 0.01, 0.1, 0.3, 0.6 * bound, 0.8 * bound, 0.9 * bound, 0.97 * bound, 1.1 * bound, 1.3 * bound, 1.6 * bound, 2.2 * bound, 3 * bound];
}

export const QUADRATIC_STEPS = 300;

export interface EmbeddedCase {
  setting: QuadraticSetting;
  spec: RunSpec;
}

export function quadraticCases(): EmbeddedCase[] {
  const cases: EmbeddedCase[] = [];
  for (const spectrum of quadraticSpectra()) {
    const top = Math.max(...spectrum.lambdas);
    for (const variant of VARIANTS) {
      const bound = maxStableLr(variant.momentum, top, variant.nesterov) * top;
      lrFactors(bound).forEach((factor, i) => {
        const lr = factor / top;
        const optimizer: OptimizerSpec = { name: 'sgd', lr, momentum: variant.momentum, nesterov: variant.nesterov };
        const id = `${spectrum.name}-${variant.nesterov ? 'nag' : 'hb'}${variant.momentum}-lr${i}`;
        cases.push({
          setting: { lr, momentum: variant.momentum, nesterov: variant.nesterov, lambdas: spectrum.lambdas, errors: spectrum.errors, steps: QUADRATIC_STEPS },
          spec: { id, steps: QUADRATIC_STEPS, problem: spectrum.problem, optimizer },
        });
      });
    }
  }
  return cases;
}

export function quadraticRuns(ambiguous: AmbiguousRun[], select: (id: string) => boolean = () => true): LabelledRun[] {
  const runs: LabelledRun[] = [];
  for (const { setting, spec } of quadraticCases()) {
    if (!select(spec.id)) continue;
    const truth = quadraticTruth(setting);
    if (!truth.expected) {
      ambiguous.push({ id: spec.id, family: 'quadratic', why: truth.why });
      continue;
    }
    const [result] = runSpecs([spec]);
    const { trace, problem } = result;
    const predictedDiverge = truth.predictedBlowUp !== null;
    if (predictedDiverge !== trace.summary.diverged) {
      ambiguous.push({ id: spec.id, family: 'quadratic', why: `theory ${predictedDiverge ? 'predicts' : 'rules out'} a blow-up but the trainer ${trace.summary.diverged ? 'diverged' : 'did not'}: ${truth.why}` });
      continue;
    }
    const run: LabelledRun = {
      id: spec.id,
      family: 'quadratic',
      series: embeddedSeries(trace),
      context: embeddedContext(spec, problem),
      expected: truth.expected,
      tolerated: truth.tolerated,
      spec,
      theory: { lambdas: setting.lambdas, errors: setting.errors },
      why: truth.why,
    };
    if (trace.summary.divergedAtStep !== null) run.divergedAtStep = trace.summary.divergedAtStep;
    runs.push(run);
  }
  return runs;
}
