/**
 * A fully connected network for binary classification of 2-D points: inputs -> hidden layers (tanh or
 * ReLU) -> one logit z, trained on the mean logistic loss softplus(z) - y z (binary cross-entropy on
 * logits, PyTorch's BCEWithLogitsLoss / Keras's from_logits=True). With no hidden layer it is logistic
 * regression.
 *
 * Parameters are one Float64Array: per layer l its weight W_l (out x in, row-major, PyTorch's layout)
 * then its bias b_l. Forward and backward run over a minibatch in buffers allocated at construction:
 * lossAndGrad allocates nothing.
 */
import { createRng, mixSeed } from '../random';
import { multiplyTransposed, multiplyTransposedA, transpose } from './gemm';
import type { Dataset } from './datasets';
import { MinibatchSampler } from './minibatch';
import type { Activation, Problem, ProblemVariable } from './types';

export interface NetworkOptions {
  id: string;
  title: string;
  dataset: Dataset;
  /** Held-out points from the same distribution (absent: no validationLoss). */
  validation?: Dataset;
  /** Widths of the hidden layers (may be empty). */
  hidden: readonly number[];
  activation: Activation;
  batchSize: number;
  /** Seeds the minibatch order (the caller separates it from the data and init streams). */
  batchSeed: number;
  start: Float64Array;
  /** Variable names per layer: [weight, bias]. */
  names(layer: number): [string, string];
}

/** A Problem that also exposes its data and minibatch order (the benchmark feeds them to TensorFlow.js). */
export interface NetworkProblem extends Problem {
  readonly dataset: Dataset;
  readonly sampler: MinibatchSampler;
  /** [2, ...hidden, 1]. */
  readonly sizes: readonly number[];
}

/** Rows of the full dataset evaluated at a time by loss() when minibatches are smaller. */
const LOSS_CHUNK = 256;

export function layerSizes(hidden: readonly number[]): number[] {
  return [2, ...hidden, 1];
}

export function parameterCount(hidden: readonly number[]): number {
  const sizes = layerSizes(hidden);
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l + 1] * sizes[l] + sizes[l + 1];
  return count;
}

/**
 * Glorot (Xavier) uniform initialisation (Glorot and Bengio 2010), Keras's default for Dense kernels:
 * W ~ U(-L, L) with L = sqrt(6 / (fan_in + fan_out)), biases 0. Drawn layer by layer, row-major.
 */
export function glorotUniform(hidden: readonly number[], seed: number): Float64Array {
  const sizes = layerSizes(hidden);
  const p = new Float64Array(parameterCount(hidden));
  const rng = createRng(seed);
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l];
    const nout = sizes[l + 1];
    const limit = Math.sqrt(6 / (nin + nout));
    for (let k = 0; k < nin * nout; k++) p[offset + k] = limit * (2 * rng.next() - 1);
    offset += nin * nout + nout;
  }
  return p;
}

/** softplus(z) - y z, computed without overflow: max(z, 0) - y z + log1p(exp(-|z|)). */
function logisticLoss(z: number, y: number): number {
  return (z > 0 ? z : 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function createNetwork(options: NetworkOptions): NetworkProblem {
  const { dataset, activation, batchSize } = options;
  const sizes = layerSizes(options.hidden);
  const layers = sizes.length - 1;
  const dim = parameterCount(options.hidden);
  const relu = activation === 'relu';
  const features = dataset.features;
  const labels = dataset.labels;
  const sampler = new MinibatchSampler(dataset.n, batchSize, options.batchSeed);

  const weightOffset = new Int32Array(layers);
  const biasOffset = new Int32Array(layers);
  const variables: ProblemVariable[] = [];
  let offset = 0;
  for (let l = 0; l < layers; l++) {
    const [wName, bName] = options.names(l);
    weightOffset[l] = offset;
    variables.push({ name: wName, offset, length: sizes[l + 1] * sizes[l] });
    offset += sizes[l + 1] * sizes[l];
    biasOffset[l] = offset;
    variables.push({ name: bName, offset, length: sizes[l + 1] });
    offset += sizes[l + 1];
  }

  // Activations per layer (acts[0] holds the gathered inputs, acts[layers] the logits), for `rows` samples.
  const rows = Math.max(batchSize, Math.min(dataset.n, LOSS_CHUNK));
  const acts = sizes.map((width) => new Float64Array(rows * width));
  let maxWidth = 1;
  for (const width of sizes) maxWidth = Math.max(maxWidth, width);
  // Ping-pong buffers for the backpropagated error of one layer's outputs, and the transposed error for the product with the weights.
  const deltaA = new Float64Array(batchSize * maxWidth);
  const deltaB = new Float64Array(batchSize * maxWidth);
  const deltaT = new Float64Array(batchSize * maxWidth);

  /** Forward pass over acts[0][0 .. m); leaves the logits in acts[layers]. */
  function forward(p: Float64Array, m: number): void {
    for (let l = 0; l < layers; l++) {
      const output = acts[l + 1];
      const nout = sizes[l + 1];
      const b0 = biasOffset[l];
      // Z = X W^T, then the bias and the activation.
      multiplyTransposed(acts[l], 0, p, weightOffset[l], output, 0, m, nout, sizes[l]);
      if (l + 1 === layers) {
        for (let r = 0; r < m; r++) for (let j = 0; j < nout; j++) output[r * nout + j] += p[b0 + j];
      } else if (relu) {
        for (let r = 0; r < m; r++) {
          for (let j = 0; j < nout; j++) {
            const z = output[r * nout + j] + p[b0 + j];
            output[r * nout + j] = z > 0 ? z : 0;
          }
        }
      } else {
        for (let r = 0; r < m; r++) for (let j = 0; j < nout; j++) output[r * nout + j] = Math.tanh(output[r * nout + j] + p[b0 + j]);
      }
    }
  }

  function gather(from: number, m: number, order: Int32Array | null, source: Float64Array = features): void {
    const input = acts[0];
    for (let r = 0; r < m; r++) {
      const k = order ? order[from + r] : from + r;
      input[2 * r] = source[2 * k];
      input[2 * r + 1] = source[2 * k + 1];
    }
  }

  /** Mean logistic loss over a whole dataset, `rows` points at a time, summed in point order. */
  function meanLoss(p: Float64Array, data: Dataset): number {
    const n = data.n;
    const logits = acts[layers];
    let sum = 0;
    for (let from = 0; from < n; from += rows) {
      const m = Math.min(rows, n - from);
      gather(from, m, null, data.features);
      forward(p, m);
      for (let r = 0; r < m; r++) sum += logisticLoss(logits[r], data.labels[from + r]);
    }
    return sum / n;
  }

  const loss = (p: Float64Array): number => meanLoss(p, dataset);
  const validation = options.validation;

  function lossAndGrad(p: Float64Array, g: Float64Array, step: number): number {
    const m = batchSize;
    const from = sampler.select(step);
    const order = sampler.fullBatch ? null : sampler.order;
    gather(from, m, order);
    forward(p, m);
    // Output error dL/dz = (sigmoid(z) - y) / m, and the loss summed in sample order.
    const logits = acts[layers];
    let delta = deltaA;
    let below = deltaB;
    let sum = 0;
    for (let r = 0; r < m; r++) {
      const y = labels[order ? order[from + r] : from + r];
      const z = logits[r];
      sum += logisticLoss(z, y);
      delta[r] = (sigmoid(z) - y) / m;
    }
    for (let l = layers - 1; l >= 0; l--) {
      const input = acts[l];
      const nin = sizes[l];
      const nout = sizes[l + 1];
      const w0 = weightOffset[l];
      const b0 = biasOffset[l];
      // dL/db = column sums of the error.
      for (let j = 0; j < nout; j++) {
        let s = 0;
        for (let k = j, end = m * nout; k < end; k += nout) s += delta[k];
        g[b0 + j] = s;
      }
      // dL/dW = delta^T X, read in place: both operands along their rows, summed over the batch in order.
      multiplyTransposedA(delta, 0, input, 0, g, w0, nout, nin, m);
      if (l === 0) break;
      // Error at the layer's inputs: delta W = (delta^T)^T W, then through the activation of layer l's
      // outputs (stored in `input`): tanh' = 1 - a^2, relu' = [a > 0].
      transpose(delta, 0, deltaT, m, nout);
      multiplyTransposedA(deltaT, 0, p, w0, below, 0, m, nin, nout);
      const count = m * nin;
      if (relu) {
        for (let k = 0; k < count; k++) if (!(input[k] > 0)) below[k] = 0;
      } else {
        for (let k = 0; k < count; k++) below[k] *= 1 - input[k] * input[k];
      }
      const t = delta;
      delta = below;
      below = t;
    }
    return sum / m;
  }

  return {
    id: options.id,
    title: options.title,
    dim,
    start: options.start,
    minimumLoss: 0,
    stochastic: !sampler.fullBatch,
    variables,
    loss,
    lossAndGrad,
    ...(validation ? { validationLoss: (p: Float64Array) => meanLoss(p, validation) } : {}),
    dataset,
    sampler,
    sizes,
  };
}

/** Streams of a dataset problem's seed, kept apart so changing one use does not shift the others. */
export const DATA_STREAM = 0x64617461;
export const BATCH_STREAM = 0x62617463;
export const INIT_STREAM = 0x696e6974;
/** The validation set's points: a stream of their own, so the training data stays what it was before validation existed. */
export const VALIDATION_STREAM = 0x76616c69;

export function streamSeed(seed: number, stream: number): number {
  return mixSeed(seed, stream);
}
