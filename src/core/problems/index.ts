import { withGradientNoise } from './noise';
import { illConditionedQuadratic, quadraticTitle, resolveQuadratic } from './quadratic';
import { resolveRosenbrock, rosenbrock, rosenbrockTitle } from './rosenbrock';
import type { Problem, ProblemName, ProblemSpec } from './types';

export type { PlotBounds, Problem, ProblemName, ProblemSpec, ProblemVariable } from './types';

export const PROBLEM_NAMES: readonly ProblemName[] = ['ill-conditioned-quadratic', 'rosenbrock'];

/** Builds the problem a spec describes; throws an Error naming the bad field for invalid settings. */
export function createProblem(spec: ProblemSpec): Problem {
  let problem: Problem;
  switch (spec.name) {
    case 'rosenbrock':
      problem = rosenbrock(spec);
      break;
    case 'ill-conditioned-quadratic':
      problem = illConditionedQuadratic(spec);
      break;
    default:
      return unknownProblem(spec);
  }
  return withGradientNoise(problem, spec.noise ?? 0, spec.seed ?? 0);
}

/** Human title, e.g. "Rosenbrock (a=1, b=100)". Defaults are filled in, so `{ name }` alone works. */
export function problemTitle(spec: ProblemSpec): string {
  switch (spec.name) {
    case 'rosenbrock':
      return rosenbrockTitle(spec);
    case 'ill-conditioned-quadratic':
      return quadraticTitle(spec);
    default:
      return unknownProblem(spec);
  }
}

/** The spec with every default written out (validated), for reports and JSON output. */
export function resolveProblemSpec(spec: ProblemSpec): ProblemSpec {
  switch (spec.name) {
    case 'rosenbrock':
      return resolveRosenbrock(spec);
    case 'ill-conditioned-quadratic':
      return resolveQuadratic(spec);
    default:
      return unknownProblem(spec);
  }
}

export function isProblemName(v: unknown): v is ProblemName {
  return typeof v === 'string' && (PROBLEM_NAMES as readonly string[]).includes(v);
}

function unknownProblem(spec: ProblemSpec): never {
  // Specs can arrive from JSON, so the type system alone does not rule this out.
  const name = (spec as { name?: unknown }).name;
  throw new Error(`Unknown problem ${JSON.stringify(name)}; expected one of ${PROBLEM_NAMES.join(', ')}.`);
}
