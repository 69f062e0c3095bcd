/**
 * The problem registry: every spec is checked here (SpecError with the JSON path of the bad value),
 * resolved to its defaults, titled and built; `noise` wraps any problem in seeded gradient noise.
 */
import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';
import { checkKeys, describeValue, isRecord, resolveRandomOptions, seedOf, shortNumber, type SpecRecord } from './check';
import { logisticRegressionDefinition, mlpDefinition } from './classifiers';
import type { ProblemDefinition } from './definition';
import { generalQuadraticDefinition } from './generalQuadratic';
import { withGradientNoise } from './noise';
import { illConditionedQuadraticDefinition } from './quadratic';
import { rosenbrockDefinition } from './rosenbrock';
import { bealeDefinition, himmelblauDefinition, rastriginDefinition, saddleDefinition } from './surfaces';
import type { Problem, ProblemName, ProblemSpec } from './types';

export type { Activation, DatasetName, PlotBounds, Problem, ProblemName, ProblemSpec, ProblemVariable } from './types';
export { DATASET_NAMES } from './types';

const DEFINITIONS = [
  illConditionedQuadraticDefinition,
  rosenbrockDefinition,
  generalQuadraticDefinition,
  bealeDefinition,
  himmelblauDefinition,
  rastriginDefinition,
  saddleDefinition,
  logisticRegressionDefinition,
  mlpDefinition,
] as const;

const BY_NAME = new Map<string, ProblemDefinition>(DEFINITIONS.map((d) => [d.name, d as unknown as ProblemDefinition]));

export const PROBLEM_NAMES: readonly ProblemName[] = DEFINITIONS.map((d) => d.name);

/** The problems with a 2-D parameter vector whatever their settings (surfaces with a contour plot). */
export const SURFACE_NAMES: readonly ProblemName[] = ['ill-conditioned-quadratic', 'rosenbrock', 'beale', 'himmelblau', 'rastrigin', 'saddle'];

export function isProblemName(v: unknown): v is ProblemName {
  return typeof v === 'string' && BY_NAME.has(v);
}

function definitionOf(spec: SpecRecord, path: string): ProblemDefinition {
  const name = spec.name;
  const definition = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (!definition) {
    const what = name === undefined ? '"name" is required' : `unknown problem ${describeValue(name)}`;
    throw new SpecError(childPath(path, 'name'), `${what}; expected one of ${PROBLEM_NAMES.join(', ')}.`);
  }
  return definition;
}

function resolveAt(raw: unknown, path: string): { definition: ProblemDefinition; resolved: ProblemSpec } {
  if (!isRecord(raw)) throw new SpecError(path, `a problem must be an object such as {"name": "rosenbrock"}, got ${describeValue(raw)}.`);
  const definition = definitionOf(raw, path);
  checkKeys(raw, ['name', ...definition.keys, 'seed', 'noise'], path, definition.name);
  const random = resolveRandomOptions(raw, path);
  return { definition, resolved: { ...definition.resolve(raw, path), ...random } };
}

/**
 * Checks a problem spec as it arrives from JSON (every field, with its JSON path under `path`) and
 * returns a copy of it as given (defaults are not written in; see resolveProblemSpec).
 */
export function parseProblemSpec(raw: unknown, path: string): ProblemSpec {
  resolveAt(raw, path);
  return JSON.parse(JSON.stringify(raw)) as ProblemSpec;
}

/** The spec with every default written out (validated), for reports and JSON output. */
export function resolveProblemSpec(spec: ProblemSpec): ProblemSpec {
  return resolveAt(spec, '').resolved;
}

function titleOf(definition: ProblemDefinition, resolved: ProblemSpec): string {
  const title = definition.title(resolved);
  return resolved.noise ? `${title} + gradient noise (std ${shortNumber(resolved.noise)})` : title;
}

/** Human title, e.g. "Rosenbrock (a=1, b=100)". Defaults are filled in, so `{ name }` alone works. */
export function problemTitle(spec: ProblemSpec): string {
  const { definition, resolved } = resolveAt(spec, '');
  return titleOf(definition, resolved);
}

/** Builds the problem a spec describes; throws a SpecError naming the bad field for invalid settings. */
export function createProblem(spec: ProblemSpec): Problem {
  const { definition, resolved } = resolveAt(spec, '');
  const problem = definition.create(resolved, titleOf(definition, resolved));
  return withGradientNoise(problem, resolved.noise ?? 0, seedOf(resolved));
}
