/**
 * Number formatting for the dashboard: losses span many decades, so they are shown in exponential
 * notation with three significant digits ("1.23e-4"), and anything non-finite or missing as an em dash.
 */

export const MISSING = '\u2014';

/** `1.23e-4`, `4.56e+2`; zero as `0`; null/NaN/Infinity as an em dash. */
export function formatExponential(value: number | null | undefined, significant = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (value === 0) return '0';
  return value.toExponential(Math.max(0, significant - 1));
}

/** Compact axis/legend value: plain for ordinary magnitudes, exponential for tiny or huge ones. */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    return String(Number(value.toPrecision(3)));
  }
  return formatExponential(value, 3);
}

/** One formatter for every call: Number.prototype.toLocaleString builds a new one each time (slow; it ran per tick label and legend update). */
const STEP_FORMAT = new Intl.NumberFormat('en-US');

/** Integer step counts with thousands grouping: `12,500`. */
export function formatSteps(steps: number): string {
  return STEP_FORMAT.format(Math.round(steps));
}

/** The "diverged" cell of the results table. */
export function formatDiverged(diverged: boolean, atStep: number | null): string {
  if (!diverged) return 'no';
  return atStep === null ? 'yes' : `yes, at step ${formatSteps(atStep)}`;
}

/** The "steps to tolerance" cell of the results table. */
export function formatStepsToTolerance(steps: number | null): string {
  return steps === null ? 'not reached' : formatSteps(steps);
}

/** A wall-clock time for "finished at", in the user's locale. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
