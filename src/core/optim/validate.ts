import { InvalidHyperparameterError } from './types';

/**
 * Setting checks shared by the optimizers. PyTorch validates with `if not 0.0 <= x: raise ValueError`;
 * we reject the same values with a sentence a user can act on. We also reject NaN and infinities
 * everywhere: PyTorch lets `SGD(lr=nan)` through and then every parameter becomes NaN, which is never
 * what anyone meant.
 */
export function requireFinite(optimizer: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidHyperparameterError(`${optimizer}: ${name} must be a finite number, got ${String(value)}.`);
  }
}

export function requireNonNegative(optimizer: string, name: string, value: number, meaning: string): void {
  requireFinite(optimizer, name, value);
  if (value < 0) {
    throw new InvalidHyperparameterError(
      `${optimizer}: ${name} must be zero or positive (${meaning}), got ${value}. PyTorch rejects this with ValueError.`,
    );
  }
}

/** Adam's betas: PyTorch requires 0 <= beta < 1 for both (beta = 1 would never forget and divide by zero in the bias correction). */
export function requireBeta(optimizer: string, index: 0 | 1, value: number): void {
  requireFinite(optimizer, `betas[${index}]`, value);
  if (!(value >= 0 && value < 1)) {
    throw new InvalidHyperparameterError(
      `${optimizer}: betas[${index}] must be at least 0 and below 1, got ${value}. PyTorch rejects this with ValueError.`,
    );
  }
}
