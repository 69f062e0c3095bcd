/**
 * Ticks for a base-10 log axis: one per decade, thinned to every 2nd, 3rd, ... decade when the axis
 * is too short to label them all, with labels like 10⁻⁴. (uPlot's built-in log splits add the 2..9
 * multiples of every decade, which crowds an axis spanning tens of decades.)
 */

const SUPERSCRIPT: Record<string, string> = {
  '-': '\u207b', '0': '\u2070', '1': '\u00b9', '2': '\u00b2', '3': '\u00b3', '4': '\u2074',
  '5': '\u2075', '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079',
};

/** Powers of ten within [min, max] (inclusive), at most about `maxTicks` of them. */
export function decadeTicks(min: number, max: number, maxTicks: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const decades = hi - lo + 1;
  if (decades <= 0) return [];
  const stride = Math.max(1, Math.ceil(decades / Math.max(1, maxTicks)));
  const ticks: number[] = [];
  // Anchor the stride at multiples of it so ticks stay put while zooming.
  const first = Math.ceil(lo / stride) * stride;
  for (let e = first; e <= hi; e += stride) ticks.push(Math.pow(10, e));
  return ticks;
}

/** `10⁻⁴`, `10³`, `1` for 10⁰, `10` for 10¹. */
export function formatDecade(value: number): string {
  const e = Math.round(Math.log10(value));
  if (e === 0) return '1';
  if (e === 1) return '10';
  return '10' + String(e).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}
