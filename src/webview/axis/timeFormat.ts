/**
 * How a time x-axis reads: elapsed time since a run's first point as h:mm:ss (hours keep counting past 24,
 * so a 3-day run ends at "72:00:00", not at a day count to decode), and wall time as the local clock, with
 * the date once the shown range spans more than one calendar day. Pure, so it is unit-tested without a DOM.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "0:00:05", "1:02:03", "72:00:00"; fractions of a second (ticks of a zoom into a few seconds) as "0:00:01.5".
 * Negative values (a tag that started before the run's first charted point) get a minus sign.
 */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds)) return '\u2014';
  const sign = seconds < 0 ? '-' : '';
  // Rounded to a tenth first, so 59.96 s reads "0:01:00.0" and not "0:00:60.0".
  const tenths = Math.round(Math.abs(seconds) * 10);
  const whole = Math.floor(tenths / 10);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const fraction = tenths % 10 === 0 ? '' : `.${tenths % 10}`;
  return `${sign}${h}:${two(m)}:${two(s)}${fraction}`;
}

/** True when the epoch-second range [from, to] covers more than one local calendar day. */
export function spansDays(from: number, to: number): boolean {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return false;
  const a = new Date(from * 1000);
  const b = new Date(to * 1000);
  return a.getFullYear() !== b.getFullYear() || a.getMonth() !== b.getMonth() || a.getDate() !== b.getDate();
}

/**
 * The local clock at `epochSeconds`: "14:05" (or "14:05:09" when `withSeconds`), prefixed with the date
 * ("Nov 28 14:05") when `withDate`. 24-hour, so ticks stay short and unambiguous.
 */
export function formatClock(epochSeconds: number, withDate: boolean, withSeconds: boolean): string {
  if (!Number.isFinite(epochSeconds)) return '\u2014';
  const d = new Date(Math.round(epochSeconds * 1000));
  const time = `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ''}`;
  return withDate ? `${MONTHS[d.getMonth()]} ${d.getDate()} ${time}` : time;
}

/**
 * Tick steps (seconds) for an elapsed-time axis: whole seconds, minutes and hours that h:mm:ss reads well,
 * then days. uPlot picks the smallest that keeps ticks apart.
 */
export const ELAPSED_INCREMENTS: readonly number[] = [
  0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800,
  3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 56 * 86400, 112 * 86400, 364 * 86400,
];

/** Tick labels of a wall-time axis for ticks `spacing` seconds apart over [from, to]. */
export function clockTicks(splits: readonly number[], from: number, to: number, spacing: number): string[] {
  const withDate = spansDays(from, to);
  const withSeconds = spacing < 60 && spacing > 0;
  return splits.map((t) => formatClock(t, withDate, withSeconds));
}
