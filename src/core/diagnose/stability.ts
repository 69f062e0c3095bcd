/**
 * Momentum SGD on one eigen-direction of a quadratic (curvature lambda): the closed-form theory the diagnosis
 * rests on (Goh, "Why Momentum Really Works", 2017; the facts doc). With a = lr*lambda and beta the momentum,
 * the error and velocity evolve by a 2x2 matrix whose characteristic polynomial is s^2 - T s + D:
 * - heavy ball (PyTorch: v <- beta v + g; w <- w - lr v): T = 1 - a + beta, D = beta;
 * - Nesterov (PyTorch: w <- w - lr (g + beta v)): T = 1 + beta - a (1 + beta), D = beta (1 - a).
 * The error shrinks (or grows) per step by the larger root modulus, the "rate"; a negative real dominant root
 * flips the sign every step (zig-zag), complex roots ring with period 2*pi/angle. Keras' velocity form gives the
 * same trajectory at a constant lr, so the same numbers apply.
 */

export interface ModeDynamics {
  /** Largest root modulus: < 1 converges, > 1 diverges; the error is multiplied by about this per step. */
  rate: number;
  /** 'monotone': positive real dominant root; 'zigzag': negative real dominant root; 'ringing': complex roots. */
  shape: 'monotone' | 'zigzag' | 'ringing';
  /** Steps per oscillation: 2 for a zig-zag, 2*pi/angle when ringing, Infinity when monotone. */
  period: number;
}

function polynomial(lr: number, momentum: number, lambda: number, nesterov: boolean): { t: number; d: number } {
  const a = lr * lambda;
  return nesterov
    ? { t: 1 + momentum - a * (1 + momentum), d: momentum * (1 - a) }
    : { t: 1 - a + momentum, d: momentum };
}

/** How the error along a direction of curvature `lambda` evolves under momentum SGD with these settings. */
export function modeDynamics(lr: number, momentum: number, lambda: number, nesterov = false): ModeDynamics {
  const { t, d } = polynomial(lr, momentum, lambda, nesterov);
  const disc = t * t - 4 * d;
  if (disc < 0) {
    const rate = Math.sqrt(d);
    const angle = Math.acos(Math.max(-1, Math.min(1, t / (2 * rate))));
    return { rate, shape: 'ringing', period: (2 * Math.PI) / angle };
  }
  const root = Math.sqrt(disc);
  const big = (t + root) / 2;
  const small = (t - root) / 2;
  const dominant = Math.abs(big) >= Math.abs(small) ? big : small;
  return { rate: Math.abs(dominant), shape: dominant < 0 ? 'zigzag' : 'monotone', period: dominant < 0 ? 2 : Infinity };
}

/**
 * The largest stable learning rate for curvature `lambda`: lr*lambda < 2 + 2*beta (heavy ball, 0 <= beta < 1),
 * lr*lambda < (2 + 2*beta) / (1 + 2*beta) (Nesterov). Plain gradient descent (beta = 0): lr*lambda < 2.
 */
export function maxStableLr(momentum: number, lambda: number, nesterov = false): number {
  const bound = nesterov ? (2 + 2 * momentum) / (1 + 2 * momentum) : 2 + 2 * momentum;
  return bound / lambda;
}

/** Whether every direction with curvature in [0, lambdaMax] converges (or at least does not grow). */
export function isStable(lr: number, momentum: number, lambdaMax: number, nesterov = false): boolean {
  return momentum >= 0 && momentum < 1 && lr > 0 && lr < maxStableLr(momentum, lambdaMax, nesterov);
}

/** The rate of the slowest direction over a curvature range (the two ends decide it for these dynamics). */
export function worstRate(lr: number, momentum: number, lambdaMin: number, lambdaMax: number, nesterov = false): ModeDynamics {
  const low = modeDynamics(lr, momentum, lambdaMin, nesterov);
  const high = modeDynamics(lr, momentum, lambdaMax, nesterov);
  return high.rate >= low.rate ? high : low;
}

/** Critical damping for one direction: the momentum at which ringing starts, (1 - sqrt(lr*lambda))^2 (needs lr*lambda <= 1). */
export function criticalMomentum(lr: number, lambda: number): number {
  const a = lr * lambda;
  return a >= 1 ? 0 : (1 - Math.sqrt(a)) ** 2;
}

/** Gradient descent's best constant step on [lambdaMin, lambdaMax]: lr = 2/(l1 + ln), rate (kappa - 1)/(kappa + 1). */
export function optimalGradientDescent(lambdaMin: number, lambdaMax: number): { lr: number; rate: number } {
  const kappa = lambdaMax / lambdaMin;
  return { lr: 2 / (lambdaMin + lambdaMax), rate: (kappa - 1) / (kappa + 1) };
}

/**
 * Heavy ball's best (lr, momentum) on [lambdaMin, lambdaMax]: lr = (2/(sqrt(l1) + sqrt(ln)))^2,
 * beta = ((sqrt(ln) - sqrt(l1))/(sqrt(ln) + sqrt(l1)))^2, rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1).
 */
export function optimalHeavyBall(lambdaMin: number, lambdaMax: number): { lr: number; momentum: number; rate: number } {
  const s1 = Math.sqrt(lambdaMin);
  const sn = Math.sqrt(lambdaMax);
  return { lr: (2 / (s1 + sn)) ** 2, momentum: ((sn - s1) / (sn + s1)) ** 2, rate: (sn - s1) / (sn + s1) };
}

/**
 * The curvature that explains an observed blow-up: when the loss of a diverging run grows by `lossGrowth` per
 * step (a quadratic's loss is the squared error, so the dominant root is -sqrt(lossGrowth): divergence at a
 * positive curvature is always a zig-zag), solving s^2 - T s + D = 0 for lambda with s = -sqrt(lossGrowth) gives
 * the curvature (heavy ball: lr*lambda = 1 + beta + r + beta/r with r = |s|).
 */
export function curvatureFromGrowth(lr: number, momentum: number, lossGrowth: number, nesterov = false): number {
  const r = Math.sqrt(lossGrowth);
  const s = -r;
  // s^2 - T s + D = 0 is linear in a = lr*lambda once T and D are written out.
  if (!nesterov) return (1 + momentum - s - momentum / s) / lr;
  // s^2 - (1 + beta - a(1 + beta)) s + beta (1 - a) = 0  =>  a ((1 + beta) s - beta) = -s^2 + (1 + beta) s - beta.
  const a = (-(s * s) + (1 + momentum) * s - momentum) / ((1 + momentum) * s - momentum);
  return a / lr;
}
