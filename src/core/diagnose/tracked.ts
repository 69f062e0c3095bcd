/**
 * A finding the engine keeps alive: detectors change its numbers on the hot path (plain field writes) and the
 * words are written only when someone looks (drain, end, findings), so a long-lasting condition costs no string
 * or object per point.
 */
import type { Finding, FindingKind, Severity } from './types';

export class TrackedFinding {
  readonly finding: Finding;
  /** In the engine's changed list since the last drain. */
  pending = false;

  constructor(
    kind: FindingKind,
    metric: string,
    severity: Severity,
    stepStart: number,
    stepEnd: number,
    /** Writes message, evidence and fixes from the detector's current numbers. */
    readonly render: (finding: Finding) => void,
  ) {
    this.finding = { kind, metric, severity, step_start: stepStart, step_end: stepEnd, message: '', evidence: {}, fixes: [] };
  }
}

/** A number fit for JSON evidence: non-finite becomes null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Short human formatting of a loss-like number: 3 significant digits, exponent form outside [1e-3, 1e6). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(x.toPrecision(3)));
}

/** A ratio as "40x" / "1.5x". */
export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return 'infinitely';
  return `${x >= 100 ? fmt(x) : Number(x.toPrecision(2))}x`;
}
