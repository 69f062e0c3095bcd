/** How the tree and the status bar write numbers: steps with thousands separators, values with 3-4 significant digits. */
import type { LossTrend } from '../../core/logs/runHealth';

export const TREND_ARROWS: Record<LossTrend, string> = { down: '↓', flat: '→', up: '↑' };

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
