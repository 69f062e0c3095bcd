/**
 * The dataset problems: `logistic_regression` (a linear model, 3 parameters, starting at 0) and `mlp`
 * (hidden layers of chosen widths, tanh or ReLU, Glorot-uniform start from the seed), both trained on
 * the mean logistic loss over seeded synthetic data, with seeded minibatches.
 */
import { childPath } from '../jsonLocations';
import { SpecError } from '../specError';
import { checkEnum, checkNumber, checkVector, seedOf, type SpecRecord } from './check';
import { DEFAULT_DATASET_NOISE, makeDataset } from './datasets';
import type { ProblemDefinition } from './definition';
import { BATCH_STREAM, createNetwork, DATA_STREAM, glorotUniform, INIT_STREAM, parameterCount, streamSeed, VALIDATION_STREAM } from './mlp';
import { DATASET_NAMES, type DatasetOptions, type ProblemSpec } from './types';

export type LogisticRegressionSpec = Extract<ProblemSpec, { name: 'logistic_regression' }>;
export type MlpSpec = Extract<ProblemSpec, { name: 'mlp' }>;

export const MAX_SAMPLES = 20_000;
export const MAX_WIDTH = 256;
export const MAX_HIDDEN_LAYERS = 6;
const DEFAULT_SAMPLES = 200;
const DEFAULT_BATCH = 32;
const DEFAULT_HIDDEN = [16, 16];
const DATASET_KEYS = ['dataset', 'n_samples', 'dataset_noise', 'batch_size'] as const;

type Resolved<S> = S & Required<DatasetOptions>;

function resolveDataset(spec: SpecRecord, path: string, defaultDataset: DatasetOptions['dataset'] & string): Required<DatasetOptions> {
  const at = (key: string) => childPath(path, key);
  const dataset = spec.dataset === undefined ? defaultDataset : checkEnum(spec.dataset, at('dataset'), DATASET_NAMES);
  const n = spec.n_samples === undefined ? DEFAULT_SAMPLES : checkNumber(spec.n_samples, at('n_samples'), { integer: true, min: 2, max: MAX_SAMPLES });
  const noise = spec.dataset_noise === undefined ? DEFAULT_DATASET_NOISE[dataset] : checkNumber(spec.dataset_noise, at('dataset_noise'), { min: 0 });
  let batch: number;
  if (spec.batch_size === undefined) {
    batch = Math.min(DEFAULT_BATCH, n);
  } else {
    batch = checkNumber(spec.batch_size, at('batch_size'), { integer: true, min: 1 });
    if (batch > n) throw new SpecError(at('batch_size'), `must be at most n_samples (${n}), got ${batch}.`);
  }
  return { dataset, n_samples: n, dataset_noise: noise, batch_size: batch };
}

function checkStart(spec: SpecRecord, path: string, dim: number, what: string): number[] | undefined {
  if (spec.start === undefined) return undefined;
  return checkVector(spec.start, childPath(path, 'start'), { length: dim, what: `numbers (${what})` });
}

function datasetText(spec: Required<DatasetOptions>): string {
  const batch = spec.batch_size === spec.n_samples ? 'full batch' : `batch ${spec.batch_size}`;
  return `on ${spec.dataset} (${spec.n_samples} points, ${batch})`;
}

function dataOf(spec: Resolved<{ seed?: number }>) {
  return makeDataset(spec.dataset, spec.n_samples, spec.dataset_noise, streamSeed(seedOf(spec), DATA_STREAM));
}

/**
 * Validation points per training point: a quarter, the common 80/20 train/validation split (n_samples stays the
 * training set's size, so every training value is unchanged; the validation set is extra).
 */
export const VALIDATION_FRACTION = 0.25;

/** The held-out set: same dataset, jitter and construction, ceil(n_samples / 4) points (at least 2), from its own seed stream. */
export function validationSize(nSamples: number): number {
  return Math.max(2, Math.ceil(nSamples * VALIDATION_FRACTION));
}

function validationOf(spec: Resolved<{ seed?: number }>) {
  return makeDataset(spec.dataset, validationSize(spec.n_samples), spec.dataset_noise, streamSeed(seedOf(spec), VALIDATION_STREAM));
}

export const logisticRegressionDefinition: ProblemDefinition<LogisticRegressionSpec> = {
  name: 'logistic_regression',
  keys: [...DATASET_KEYS, 'start'],
  resolve(spec, path) {
    const out: LogisticRegressionSpec = { name: 'logistic_regression', ...resolveDataset(spec, path, 'blobs') };
    const start = checkStart(spec, path, 3, 'w1, w2, bias');
    if (start) out.start = start;
    return out;
  },
  title: (spec) => `Logistic regression ${datasetText(spec as Resolved<LogisticRegressionSpec>)}`,
  create(spec, title) {
    const resolved = spec as Resolved<LogisticRegressionSpec>;
    return createNetwork({
      id: 'logistic_regression',
      title,
      dataset: dataOf(resolved),
      validation: validationOf(resolved),
      hidden: [],
      activation: 'tanh',
      batchSize: resolved.batch_size,
      batchSeed: streamSeed(seedOf(spec), BATCH_STREAM),
      start: spec.start ? Float64Array.from(spec.start) : new Float64Array(3),
      names: () => ['weights', 'bias'],
    });
  },
};

export const mlpDefinition: ProblemDefinition<MlpSpec> = {
  name: 'mlp',
  keys: ['hidden', 'activation', ...DATASET_KEYS, 'start'],
  resolve(spec, path) {
    const hidden = spec.hidden === undefined
      ? [...DEFAULT_HIDDEN]
      : checkVector(spec.hidden, childPath(path, 'hidden'), { maxLength: MAX_HIDDEN_LAYERS, what: 'layer widths' }, { integer: true, min: 1, max: MAX_WIDTH });
    const activation = spec.activation === undefined ? 'tanh' : checkEnum(spec.activation, childPath(path, 'activation'), ['tanh', 'relu'] as const);
    const out: MlpSpec = { name: 'mlp', hidden, activation, ...resolveDataset(spec, path, 'moons') };
    const start = checkStart(spec, path, parameterCount(hidden), `the ${parameterCount(hidden)} weights and biases`);
    if (start) out.start = start;
    return out;
  },
  title(spec) {
    const hidden = spec.hidden ?? DEFAULT_HIDDEN;
    return `MLP ${[2, ...hidden, 1].join('-')} ${spec.activation ?? 'tanh'} ${datasetText(spec as Resolved<MlpSpec>)}`;
  },
  create(spec, title) {
    const resolved = spec as Resolved<MlpSpec>;
    const hidden = resolved.hidden as number[];
    return createNetwork({
      id: 'mlp',
      title,
      dataset: dataOf(resolved),
      validation: validationOf(resolved),
      hidden,
      activation: resolved.activation ?? 'tanh',
      batchSize: resolved.batch_size,
      batchSeed: streamSeed(seedOf(spec), BATCH_STREAM),
      start: spec.start ? Float64Array.from(spec.start) : glorotUniform(hidden, streamSeed(seedOf(spec), INIT_STREAM)),
      names: (l) => [`W${l + 1}`, `b${l + 1}`],
    });
  },
};
