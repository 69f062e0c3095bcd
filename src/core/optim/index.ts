import { adam, resolveAdam } from './adam';
import { resolveRmsprop, rmsprop } from './rmsprop';
import { resolveSgd, sgd } from './sgd';
import type { GradientTransform, OptimizerSpec } from './types';
import { InvalidHyperparameterError } from './types';

export { InvalidHyperparameterError } from './types';
export type { GradientTransform, OptimizerName, OptimizerSpec } from './types';

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'rmsprop'] as const;

/**
 * Builds the optimizer a spec describes, validating its settings the way PyTorch's constructor does
 * (InvalidHyperparameterError where PyTorch raises ValueError).
 */
export function createOptimizer(spec: OptimizerSpec): GradientTransform {
  switch (spec.name) {
    case 'sgd':
      return sgd(spec) as GradientTransform;
    case 'adam':
      return adam(spec) as GradientTransform;
    case 'rmsprop':
      return rmsprop(spec) as GradientTransform;
    default:
      return unknownOptimizer(spec);
  }
}

/** The spec with every PyTorch default written out (validated), e.g. for reports and JSON output. */
export function resolveOptimizerSpec(spec: OptimizerSpec): Required<OptimizerSpec> {
  switch (spec.name) {
    case 'sgd':
      return resolveSgd(spec);
    case 'adam':
      return resolveAdam(spec);
    case 'rmsprop':
      return resolveRmsprop(spec);
    default:
      return unknownOptimizer(spec);
  }
}

function unknownOptimizer(spec: never): never {
  // Specs can arrive from JSON, so the type system alone does not rule this out.
  const name = (spec as { name?: unknown }).name;
  throw new InvalidHyperparameterError(`Unknown optimizer ${JSON.stringify(name)}; expected one of ${OPTIMIZER_NAMES.join(', ')}.`);
}
