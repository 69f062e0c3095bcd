/**
 * The loss above which a run counts as diverged: 1e6 * max(1, |f0 - minimum|) + minimum.
 *
 * Why this bound: on the problems we train, a run whose distance to the minimum has grown a million-fold
 * over where it started is in geometric blow-up (on a quadratic the error multiplies by a fixed factor
 * > 1 every step) and does not come back; stable runs, even momentum's overshoots, stay far below it.
 * Stopping here, rather than waiting for Infinity/NaN, keeps the recorded numbers finite and the charts
 * readable. The max(1, .) keeps the bound meaningful when the start is already close to the minimum.
 */
export const DIVERGENCE_FACTOR = 1e6;

export function divergenceThreshold(startLoss: number, minimumLoss: number): number {
  return DIVERGENCE_FACTOR * Math.max(1, Math.abs(startLoss - minimumLoss)) + minimumLoss;
}
