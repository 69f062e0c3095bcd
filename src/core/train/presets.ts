import { defaultHyperparameters, optimizerLabel } from '../optim';
import { OPTIMIZER_NAMES } from '../optim/types';
import type { OptimizerName, OptimizerSpec } from '../optim/types';
import { PROBLEM_NAMES } from '../problems';
import type { ProblemName } from '../problems/types';
import type { ComparisonEntry } from './types';

export const OPTIMIZER_PRESET_IDS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;
export type OptimizerPresetId = (typeof OPTIMIZER_PRESET_IDS)[number];

/**
 * The optimizers without a tuned preset (AdamW, NAdam, Adagrad, Adadelta, Lion): by their own name they run
 * at PyTorch's default hyperparameters, which is what a user who sets nothing gets.
 */
export const UNTUNED_OPTIMIZER_IDS: readonly OptimizerName[] = OPTIMIZER_NAMES.filter(
  (name) => !(OPTIMIZER_PRESET_IDS as readonly string[]).includes(name),
);

/** Every id `resolveEntries` accepts: the tuned presets first, then the other optimizers. */
export const OPTIMIZER_ENTRY_IDS: readonly string[] = [...OPTIMIZER_PRESET_IDS, ...UNTUNED_OPTIMIZER_IDS];

interface PresetRates {
  /** Shared by plain SGD, momentum and Nesterov, so their differences come from momentum alone. */
  sgdFamily: number;
  adam: number;
  rmsprop: number;
}

/**
 * Learning rates per problem, chosen so the default 500 steps are stable for every preset and show
 * how the methods differ. The stability bounds, per eigenvalue lambda of the Hessian (h = lr * lambda):
 *   gradient descent  0 < h < 2;   heavy ball (beta)  0 < h < 2 + 2 beta;
 *   Nesterov (beta, PyTorch form)  0 < h < (2 + 2 beta) / (1 + 2 beta)   (1.357 for beta = 0.9),
 * the last being the tightest, so it decides the shared rate.
 */
const RATES: Partial<Record<ProblemName, PresetRates>> = {
  // lambda_max = 100. lr = 0.012 gives h = 1.2: below Nesterov's 1.357 (and far below the heavy ball's
  // 3.8) but above 1, so plain SGD visibly zig-zags across the valley (factor 1 - h = -0.2 per step)
  // while crawling along it at rate 1 - 0.012 = 0.988 per step; momentum 0.9 contracts every direction by
  // sqrt(0.9) ~ 0.949 per step and so ends many decades lower at the same lr. Adam's and RMSprop's
  // early steps are about lr and lr / sqrt(1 - alpha) = 10 lr per coordinate, and the start is about
  // 4 units from the minimum: 0.2 and 0.05 reach the tolerance within the 500 steps without the
  // endless sign-flipping that larger rates cause near the minimum.
  'ill-conditioned-quadratic': { sgdFamily: 0.012, adam: 0.2, rmsprop: 0.05 },
  // lambda_max is about 1506 at the start (-1.2, 1) and 1002 at the minimum (1, 1). lr = 0.001 keeps plain
  // SGD (h <= 1.5 < 2) and the heavy ball stable all along the path and Nesterov stable in the valley
  // (h ~ 1.0 < 1.357), the textbook rate for this function: SGD crawls along the valley floor while
  // momentum gets close to (1, 1). Adam 0.1 and RMSprop 0.01 (PyTorch's default) follow the curved
  // floor without leaving it.
  rosenbrock: { sgdFamily: 0.001, adam: 0.1, rmsprop: 0.01 },
};

/**
 * Problems without tuned rates get the frameworks' own defaults (PyTorch SGD 1e-3, Adam 1e-3, RMSprop 1e-2):
 * what a user who sets nothing would run.
 */
const FRAMEWORK_DEFAULT_RATES: PresetRates = { sgdFamily: 1e-3, adam: 1e-3, rmsprop: 1e-2 };

/** The problems whose preset rates were tuned (and tested) for the default 500-step comparison. */
export function hasTunedRates(problem: ProblemName): boolean {
  return RATES[problem] !== undefined;
}

function entryFor(id: OptimizerPresetId, rates: PresetRates): ComparisonEntry {
  const lr = id === 'adam' ? rates.adam : id === 'rmsprop' ? rates.rmsprop : rates.sgdFamily;
  let optimizer: OptimizerSpec;
  switch (id) {
    case 'sgd':
      optimizer = { name: 'sgd', lr };
      break;
    case 'momentum':
      optimizer = { name: 'sgd', lr, momentum: 0.9 };
      break;
    case 'nesterov':
      optimizer = { name: 'sgd', lr, momentum: 0.9, nesterov: true };
      break;
    case 'adam':
      optimizer = { name: 'adam', lr };
      break;
    case 'rmsprop':
      optimizer = { name: 'rmsprop', lr };
      break;
  }
  return { label: optimizerLabel(optimizer), optimizer };
}

export function isOptimizerPresetId(id: string): id is OptimizerPresetId {
  return (OPTIMIZER_PRESET_IDS as readonly string[]).includes(id);
}

/** The five presets (SGD, momentum, Nesterov, Adam, RMSprop) with the learning rates tuned for `problem`. */
export function defaultEntries(problem: ProblemName): ComparisonEntry[] {
  return resolveEntries([...OPTIMIZER_PRESET_IDS], problem);
}

function untunedEntry(name: OptimizerName): ComparisonEntry {
  const optimizer: OptimizerSpec = { name, lr: defaultHyperparameters(name, 'pytorch').lr as number };
  return { label: optimizerLabel(optimizer), optimizer };
}

/** Every optimizer for `problem`: the tuned presets, then the others at PyTorch's defaults. */
export function allEntries(problem: ProblemName): ComparisonEntry[] {
  return resolveEntries([...OPTIMIZER_ENTRY_IDS], problem);
}

/**
 * The entries named by `ids`, in that order, for `problem`: preset ids (tuned rates) or the names of the
 * other optimizers (PyTorch defaults). Unknown ids throw, listing the valid ones.
 */
export function resolveEntries(ids: string[], problem: ProblemName): ComparisonEntry[] {
  if (!(PROBLEM_NAMES as readonly string[]).includes(problem)) throw new Error(`Unknown problem ${JSON.stringify(problem)}.`);
  const rates = RATES[problem] ?? FRAMEWORK_DEFAULT_RATES;
  const unknown = ids.filter((id) => !OPTIMIZER_ENTRY_IDS.includes(id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => JSON.stringify(id)).join(', ');
    throw new Error(`Unknown optimizer preset ${list}; valid presets are ${OPTIMIZER_ENTRY_IDS.join(', ')}.`);
  }
  return ids.map((id) => (isOptimizerPresetId(id) ? entryFor(id, rates) : untunedEntry(id as OptimizerName)));
}
