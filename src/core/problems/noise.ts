import { createRng, mixSeed } from '../random';
import type { Problem, ProblemVariable } from './types';

/** Separates the noise stream from the other uses of a problem's seed (minibatches, init, rotation). */
const NOISE_STREAM = 0x6e6f6973;

/** The one variable of a problem that has no named blocks: all `dim` parameters. */
export function wholeVector(dim: number): readonly ProblemVariable[] {
  return [{ name: 'x', offset: 0, length: dim }];
}

/**
 * The problem with N(0, std^2) noise added to every gradient coordinate, drawn from (seed, step) alone:
 * the same step always gets the same noise, whatever ran before. `loss(x)` and the loss lossAndGrad
 * returns are untouched, so the recorded curve is the true objective along the noisy path.
 */
export function withGradientNoise(problem: Problem, std: number, seed: number): Problem {
  if (!(std > 0)) return problem;
  const rng = createRng(0);
  const streamSeed = mixSeed(seed, NOISE_STREAM);
  const dim = problem.dim;
  const inner = problem;
  return {
    id: inner.id,
    title: inner.title,
    dim,
    start: inner.start,
    minimumLoss: inner.minimumLoss,
    minimizer: inner.minimizer,
    plotBounds: inner.plotBounds,
    stochastic: true,
    variables: inner.variables,
    loss: (x) => inner.loss(x),
    ...(inner.validationLoss ? { validationLoss: (x: Float64Array) => (inner.validationLoss as (x: Float64Array) => number)(x) } : {}),
    lossAndGrad(x, g, step) {
      const f = inner.lossAndGrad(x, g, step);
      rng.reseed(mixSeed(streamSeed, step));
      for (let i = 0; i < dim; i++) g[i] += std * rng.normal();
      return f;
    },
  };
}
