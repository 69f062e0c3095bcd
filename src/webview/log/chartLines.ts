/**
 * One run's line on a log chart, in the x units of the chosen axis mode: its x column (steps, or times with
 * the untimed points left out), its raw values (null where the log holds NaN or an infinity), its smoothed
 * line, and where its non-finite values go on x. Pure, so it is unit-tested without a DOM.
 */
import type { WireLogSeries, WireNonFinite, XAxisMode } from '../../core/protocol';
import type { RunTimeline } from '../axis/runTimeline';
import { stepToX, xColumn } from '../axis/xAxisMode';
import type { RunLine } from './overlayColumns';
import { smoothColumn } from '../charts/smoothedSeries';
import { hostSmoothedLine, mergeSmoothedLine } from './hostSmoothed';

export interface LineColumns extends RunLine {
  /** Non-finite marks at their x (those that cannot be placed in time are left out). */
  nonFinite: { x: number; kind: WireNonFinite['kind'] }[];
}

export function lineColumns(series: WireLogSeries | undefined, mode: XAxisMode, timeline: RunTimeline, origin: number, smoothing: number): LineColumns {
  if (!series) return { xs: [], ys: [], smoothed: null, nonFinite: [] };
  const { xs, index } = xColumn(mode, series, origin);
  const ys = index.map((i) => series.value[i]);
  const nonFinite: LineColumns['nonFinite'] = [];
  for (const mark of series.nonFinite) {
    const x = stepToX(mode, mark.step, timeline, origin);
    if (Number.isFinite(x)) nonFinite.push({ x, kind: mark.kind });
  }
  // The host's line is TensorBoard's EMA over every raw point (exact); smoothing the samples here is only the
  // stand-in while the host has not answered a new weight yet (the slider just moved).
  const host = smoothing > 0 ? hostSmoothedLine(series, smoothing) : undefined;
  if (!host) return { xs, ys, smoothed: smoothing > 0 ? smoothColumn(ys, smoothing) : null, nonFinite };
  // The host's line has its own (decimated) steps: place them on this axis (monotone in step), then merge.
  const hostXs: number[] = [];
  const hostValues: number[] = [];
  for (let i = 0; i < host.step.length; i++) {
    const x = mode === 'step' ? host.step[i] : stepToX(mode, host.step[i], timeline, origin);
    if (Number.isFinite(x)) {
      hostXs.push(x);
      hostValues.push(host.value[i]);
    }
  }
  const merged = mergeSmoothedLine(xs, ys, { weight: host.weight, step: hostXs, value: hostValues });
  return { xs: merged.xs, ys: merged.raw, smoothed: merged.smoothed, nonFinite };
}
