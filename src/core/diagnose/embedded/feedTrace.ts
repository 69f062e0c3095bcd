/**
 * Feeds a trainer's RunTrace into a streaming Diagnoser the way a live training loop would: step by step,
 * every metric of a step before the next step (row k of a trace is step k). The metric names are the ones
 * `optlens simulate` prints, so a finding's `metric` reads the same in the CLI and the dashboard.
 */
import type { RunTrace } from '../../train/types';
import type { Diagnoser } from '../types';

export const TRACE_METRICS = {
  loss: 'loss',
  gradNorm: 'grad_norm',
  lr: 'lr',
  updateNorm: 'update_norm',
  velocityNorm: 'velocity_norm',
  updateCosine: 'update_cosine',
  valLoss: 'val_loss',
} as const;

/**
 * Cosine between update k-1 and update k (the parameter moves into rows k-1 and k), from the params rows;
 * NaN when either move is zero or not finite (no direction). The norms are the trace's own updateNorm
 * entries, so one pass over the coordinates (the dot product) is the only work and nothing is allocated.
 */
export function updateCosine(trace: RunTrace, k: number): number {
  const { dim, params, updateNorm } = trace;
  const n1 = updateNorm[k - 1];
  const n2 = updateNorm[k];
  if (!(n1 > 0 && n2 > 0 && Number.isFinite(n1) && Number.isFinite(n2))) return NaN;
  const row = k * dim;
  const prev = row - dim;
  const prev2 = prev - dim;
  let dot = 0;
  for (let i = 0; i < dim; i++) dot += (params[row + i] - params[prev + i]) * (params[prev + i] - params[prev2 + i]);
  const c = dot / (n1 * n2);
  // Round-off can carry |c| a hair past 1.
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/**
 * Declares the roles and feeds every row. The loss and the gradient norm are fed at every row, non-finite
 * values included (that is what the nan detector looks for); lr, update and velocity norms start at row 1
 * (row 0 is the start, before any update: the trace holds NaN there by layout, which is not a blow-up);
 * the velocity norm only when the optimizer keeps a momentum buffer; the update cosine from row 2 (it needs
 * two updates) and only where it is defined.
 */
export function feedTrace(trace: RunTrace, diagnoser: Diagnoser): void {
  const m = TRACE_METRICS;
  diagnoser.setRole(m.loss, 'loss');
  diagnoser.setRole(m.gradNorm, 'grad_norm');
  diagnoser.setRole(m.lr, 'lr');
  diagnoser.setRole(m.updateNorm, 'update_norm');
  if (trace.hasVelocity) diagnoser.setRole(m.velocityNorm, 'velocity_norm');
  diagnoser.setRole(m.updateCosine, 'update_cosine');
  if (trace.valLoss) diagnoser.setRole(m.valLoss, 'val_loss');
  const rows = trace.stepsRun + 1;
  const { loss, gradNorm, lr, updateNorm, velocityNorm, hasVelocity, valLoss } = trace;
  for (let k = 0; k < rows; k++) {
    diagnoser.add(m.loss, k, loss[k]);
    diagnoser.add(m.gradNorm, k, gradNorm[k]);
    // Validation loss only at the rows it was evaluated (NaN elsewhere by layout: not a blow-up).
    if (valLoss && valLoss[k] === valLoss[k]) diagnoser.add(m.valLoss, k, valLoss[k]);
    if (k === 0) continue;
    diagnoser.add(m.lr, k, lr[k]);
    diagnoser.add(m.updateNorm, k, updateNorm[k]);
    if (hasVelocity) diagnoser.add(m.velocityNorm, k, velocityNorm[k]);
    if (k >= 2) {
      const c = updateCosine(trace, k);
      if (c === c) diagnoser.add(m.updateCosine, k, c);
    }
  }
}
