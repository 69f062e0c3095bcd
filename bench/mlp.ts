/**
 * MLP training speed against TensorFlow.js's CPU backend, in the same process: a 2-64-64-1 tanh network
 * on 1,000 two-moons points, minibatches of 32, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8). Both sides
 * start from the same Glorot weights (ours, copied into tfjs), see the same data in the same batch order
 * (our seeded sampler's), and minimise the same mean logistic loss; each step is one forward/backward
 * pass over the batch and one Adam update, nothing recorded. After timing, the full-data loss each
 * side reached after the same number of steps is printed as a check that they trained the same thing
 * (tfjs computes in float32, we in float64, so the two agree to a few digits, not exactly).
 */
import type * as TF from '@tensorflow/tfjs-core';
// Bundled from tfjs-core's ESM sources: what the @tensorflow/tfjs union package does on import, registering
// every op's gradient in tfjs's global registry (shared with the copy loaded below).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createOptimizer } from '../src/core/optim';
import { createProblem } from '../src/core/problems';
import type { NetworkProblem } from '../src/core/problems/mlp';

// TensorFlow.js is loaded from node_modules at run time, not bundled: its packages declare themselves
// side-effect free, so a bundler drops the modules that register the CPU kernels and the gradients.
const load = createRequire(__filename);
const tf = load('@tensorflow/tfjs-core') as typeof TF;
const { version_cpu } = load('@tensorflow/tfjs-backend-cpu') as { version_cpu: string };

const SPEC = { name: 'mlp', hidden: [64, 64], activation: 'tanh', dataset: 'moons', n_samples: 1000, batch_size: 32, seed: 0 } as const;
const LR = 1e-3;
const WARMUP = 100;
const CHUNK = 300;
const REPS = 5;

interface Trainer {
  /** Runs `steps` updates, continuing from where the last call stopped. */
  train(steps: number): void;
  /** Full-data mean logistic loss at the current weights. */
  fullLoss(): number;
  dispose(): void;
}

function network(): NetworkProblem {
  const problem = createProblem({ ...SPEC, hidden: [...SPEC.hidden] }) as NetworkProblem;
  if (!problem.sampler) throw new Error('expected the mlp problem to expose its sampler');
  return problem;
}

function ours(): Trainer {
  const problem = network();
  const params = Float64Array.from(problem.start);
  const g = new Float64Array(problem.dim);
  const adam = createOptimizer({ name: 'adam', lr: LR, betas: [0.9, 0.999], eps: 1e-8 });
  const state = adam.init(params);
  const ctx = { t: 0, lr: LR };
  let t = 0;
  return {
    train(steps) {
      for (let k = 0; k < steps; k++) {
        t++;
        problem.lossAndGrad(params, g, t);
        ctx.t = t;
        adam.update(g, state, params, ctx);
        for (let i = 0; i < params.length; i++) params[i] += g[i];
      }
    },
    fullLoss: () => problem.loss(params),
    dispose() {},
  };
}

function tfjs(): Trainer {
  const problem = network();
  const sizes = problem.sizes;
  const { features, labels, n } = problem.dataset;
  const batch = problem.sampler.batchSize;
  // Our W is (out, in) row-major; a tfjs dense kernel is (in, out): transpose while copying.
  const vars: TF.Variable[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l];
    const nout = sizes[l + 1];
    const kernel = new Float32Array(nin * nout);
    for (let j = 0; j < nout; j++) for (let i = 0; i < nin; i++) kernel[i * nout + j] = problem.start[offset + j * nin + i];
    offset += nin * nout;
    vars.push(tf.variable(tf.tensor2d(kernel, [nin, nout])));
    vars.push(tf.variable(tf.tensor1d(Float32Array.from(problem.start.subarray(offset, offset + nout)))));
    offset += nout;
  }
  const forward = (x: TF.Tensor2D): TF.Tensor2D => {
    let h = x;
    for (let l = 0; l < vars.length / 2; l++) {
      const z = tf.add(tf.matMul(h, vars[2 * l] as TF.Tensor2D), vars[2 * l + 1]) as TF.Tensor2D;
      h = l + 1 < vars.length / 2 ? tf.tanh(z) : z;
    }
    return h;
  };
  // Mean of softplus(z) - y z, the stable form max(z, 0) - y z + log1p(exp(-|z|)).
  const meanLoss = (z: TF.Tensor2D, y: TF.Tensor2D): TF.Scalar =>
    tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(y, z)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))) as TF.Scalar;
  const adam = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const xs = new Float32Array(batch * 2);
  const ys = new Float32Array(batch);
  let t = 0;
  return {
    train(steps) {
      for (let k = 0; k < steps; k++) {
        t++;
        const from = problem.sampler.select(t);
        for (let r = 0; r < batch; r++) {
          const s = problem.sampler.order[from + r];
          xs[2 * r] = features[2 * s];
          xs[2 * r + 1] = features[2 * s + 1];
          ys[r] = labels[s];
        }
        const x = tf.tensor2d(xs, [batch, 2]);
        const y = tf.tensor2d(ys, [batch, 1]);
        const cost = adam.minimize(() => meanLoss(forward(x), y), false, vars);
        cost?.dispose();
        x.dispose();
        y.dispose();
      }
    },
    fullLoss() {
      return tf.tidy(() => {
        const z = forward(tf.tensor2d(Float32Array.from(features), [n, 2]));
        return meanLoss(z, tf.tensor2d(Float32Array.from(labels), [n, 1])).dataSync()[0];
      });
    },
    dispose() {
      adam.dispose();
      for (const v of vars) v.dispose();
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timed(trainer: Trainer, steps: number): number {
  const t0 = performance.now();
  trainer.train(steps);
  return (steps * 1000) / (performance.now() - t0);
}

/**
 * Steps/s of both sides after `warmup` steps each: `reps` rounds, each timing a chunk of ours then a chunk
 * of tfjs, so a machine that gets busier or quieter affects both alike. Medians of the rates and of the
 * per-round ratios.
 */
function measure(a: Trainer, b: Trainer): { a: number; b: number; ratio: number } {
  a.train(WARMUP);
  b.train(WARMUP);
  const ra: number[] = [];
  const rb: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < REPS; r++) {
    ra.push(timed(a, CHUNK));
    rb.push(timed(b, CHUNK));
    ratios.push(ra[r] / rb[r]);
  }
  return { a: median(ra), b: median(rb), ratio: median(ratios) };
}

export async function benchMlp(write: (line: string) => void): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  const started = performance.now();
  const ourTrainer = ours();
  const tfTrainer = tfjs();
  // Same total steps on both sides, so the loss check below compares like with like.
  const { a: oursRate, b: tfRate, ratio } = measure(ourTrainer, tfTrainer);
  const lossOurs = ourTrainer.fullLoss();
  const lossTf = tfTrainer.fullLoss();
  tfTrainer.dispose();
  write(`MLP 2-64-64-1 tanh, two moons (1,000 points), minibatch 32, Adam lr=${LR}: ${WARMUP + CHUNK * REPS} steps each side\n`);
  write(`  ours (Float64, src/core)       ${oursRate.toFixed(0).padStart(8)} steps/s\n`);
  write(`  TensorFlow.js ${version_cpu} (${tf.getBackend()}) ${tfRate.toFixed(0).padStart(8)} steps/s\n`);
  write(`  ratio ours / tfjs              ${ratio.toFixed(1).padStart(8)} x   (median of ${REPS} paired rounds; target >= 10 x)\n`);
  write(`  full-data loss after training: ours ${lossOurs.toFixed(5)}, tfjs ${lossTf.toFixed(5)} (same data, batches and start)\n`);
  write(`  took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
