/**
 * Seeded synthetic binary-classification datasets in 2-D. Class 0 gets floor(n/2) points, class 1 the
 * rest; points are stored class 0 first, in generation order (minibatches are shuffled, not the data).
 * Each coordinate gets N(0, dataset_noise^2) jitter drawn from the seed, in point order, x then y.
 */
import { createRng } from '../random';
import type { DatasetName } from './types';

export interface Dataset {
  readonly n: number;
  /** n x 2, row-major. */
  readonly features: Float64Array;
  /** 0 or 1 per point. */
  readonly labels: Float64Array;
}

/** Jitter used when the spec gives no dataset_noise: enough to blur, not to merge, the classes. */
export const DEFAULT_DATASET_NOISE: Record<DatasetName, number> = { moons: 0.1, spirals: 0.05, blobs: 0.7 };

/**
 * moons:   two interleaving half circles, the construction of scikit-learn's make_moons: class 0 on
 *          (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t evenly spaced over [0, pi].
 * spirals: two arms r = s, angle 3 pi s + k pi for class k, s evenly spaced over (0, 1): one and a half
 *          turns each, the second arm the first turned by 180 degrees.
 * blobs:   two isotropic Gaussian clouds centred on (-1, -1) and (1, 1), standard deviation dataset_noise
 *          (the jitter is the cloud), so they overlap a little at the default 0.7.
 */
export function makeDataset(name: DatasetName, n: number, noise: number, seed: number): Dataset {
  const rng = createRng(seed);
  const features = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  const n0 = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    const k = i < n0 ? 0 : 1;
    const m = k === 0 ? n0 : n - n0;
    const j = k === 0 ? i : i - n0;
    let x: number;
    let y: number;
    switch (name) {
      case 'moons': {
        const t = m > 1 ? (Math.PI * j) / (m - 1) : 0;
        x = k === 0 ? Math.cos(t) : 1 - Math.cos(t);
        y = k === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        break;
      }
      case 'spirals': {
        const s = (j + 0.5) / m;
        const angle = 3 * Math.PI * s + k * Math.PI;
        x = s * Math.cos(angle);
        y = s * Math.sin(angle);
        break;
      }
      case 'blobs':
        x = k === 0 ? -1 : 1;
        y = x;
        break;
    }
    features[2 * i] = x + noise * rng.normal();
    features[2 * i + 1] = y + noise * rng.normal();
    labels[i] = k;
  }
  return { n, features, labels };
}
