import { childPath } from '../jsonLocations';
import { checkVector, type SpecRecord } from './check';
import { wholeVector } from './noise';
import type { PlotBounds, Problem, ProblemSpec } from './types';

/** What the registry knows about one problem: its keys, defaults and validation, title and builder. */
export interface ProblemDefinition<S extends ProblemSpec = ProblemSpec> {
  readonly name: S['name'];
  /** The spec keys besides `name`, `seed` and `noise`. */
  readonly keys: readonly string[];
  /**
   * Checks every field of `spec` (SpecError with the JSON path under `path`) and returns the spec with
   * its defaults written out. `seed` and `noise` are checked by the registry and passed through.
   */
  resolve(spec: SpecRecord, path: string): S;
  /** Human title of a resolved spec. */
  title(resolved: S): string;
  /** Builds the (noise-free) problem of a resolved spec. */
  create(resolved: S, title: string): Problem;
}

/** A 2-D point setting such as `start`. */
export function checkPoint(v: unknown, path: string): [number, number] {
  const [x, y] = checkVector(v, path, { length: 2, what: 'finite numbers [x, y]' });
  return [x, y];
}

export function pointOr(spec: SpecRecord, key: string, path: string, fallback: readonly [number, number]): [number, number] {
  return spec[key] === undefined ? [fallback[0], fallback[1]] : checkPoint(spec[key], childPath(path, key));
}

export interface SurfaceParts {
  id: string;
  title: string;
  start: readonly [number, number];
  minimumLoss: number;
  minimizer: readonly [number, number];
  plotBounds: PlotBounds;
  f(x: number, y: number): number;
  /** Writes the gradient into g[0], g[1] and returns f, computed exactly as `f` computes it. */
  fg(x: number, y: number, g: Float64Array): number;
}

/** A deterministic 2-D surface as a Problem. */
export function surface(parts: SurfaceParts): Problem {
  const { f, fg } = parts;
  return {
    id: parts.id,
    title: parts.title,
    dim: 2,
    start: Float64Array.from(parts.start),
    minimumLoss: parts.minimumLoss,
    minimizer: Float64Array.from(parts.minimizer),
    plotBounds: parts.plotBounds,
    stochastic: false,
    variables: wholeVector(2),
    loss: (p) => f(p[0], p[1]),
    lossAndGrad: (p, g) => fg(p[0], p[1], g),
  };
}

/** The smallest box holding `box` and every point given, each side widened by `pad`. */
export function boundsAround(box: Omit<PlotBounds, 'logLevels'>, points: readonly (readonly [number, number])[], pad: number, logLevels: boolean): PlotBounds {
  let { xMin, xMax, yMin, yMax } = box;
  for (const [x, y] of points) {
    if (x - pad < xMin) xMin = x - pad;
    if (x + pad > xMax) xMax = x + pad;
    if (y - pad < yMin) yMin = y - pad;
    if (y + pad > yMax) yMax = y + pad;
  }
  return { xMin, xMax, yMin, yMax, logLevels };
}
