/**
 * What the x-axis of a log chart holds in each mode, per run: the step; the seconds since the run's first
 * point (its first point with a wall time, over the tags on screen), so overlaid runs start together; or the
 * wall time in seconds since the epoch. Points without a wall time cannot be placed on a time axis and are
 * left out there. Pure, so it is unit-tested without a DOM.
 */
import type { WireLogRun, WireLogSeries, XAxisMode } from '../../core/protocol';
import { RunTimeline } from './runTimeline';

/** Whether any charted point of the run has a wall time (formats like trainer_state.json record none). */
export function runHasWallTime(run: WireLogRun): boolean {
  for (const series of Object.values(run.series)) {
    if (series.wall?.some((t) => t !== null)) return true;
  }
  return false;
}

/** The run's first wall time over the charted tags (seconds since the epoch), NaN without any. */
export function runTimeOrigin(run: WireLogRun): number {
  let origin = Infinity;
  for (const series of Object.values(run.series)) {
    const wall = series.wall;
    if (!wall) continue;
    // Each series is in step order, and its first timed point is its earliest in the usual case; a clock
    // stepping back is rare enough that scanning every point for it is not worth it on each snapshot.
    for (let i = 0; i < wall.length; i++) {
      const t = wall[i];
      if (t !== null) {
        if (t < origin) origin = t;
        break;
      }
    }
  }
  return origin === Infinity ? NaN : origin;
}

/** The step <-> time mapping of the run, from its charted tag with the most timed points. */
export function runTimeline(run: WireLogRun): RunTimeline {
  let best: RunTimeline | null = null;
  for (const series of Object.values(run.series)) {
    if (!series.wall) continue;
    const timeline = new RunTimeline(series.step as number[], series.wall);
    if (!best || timeline.length > best.length) best = timeline;
  }
  return best ?? new RunTimeline([], []);
}

export interface XColumn {
  /** x of each kept point, ascending. */
  xs: number[];
  /** Index in the series of each kept point. */
  index: number[];
}

/** The x values of a series' points in `mode` (`origin`: the run's first wall time, for relative time). */
export function xColumn(mode: XAxisMode, series: WireLogSeries, origin: number): XColumn {
  const steps = series.step as number[];
  if (mode === 'step') {
    const index = steps.map((_, i) => i);
    let ordered = true;
    for (let i = 1; i < steps.length && ordered; i++) ordered = steps[i - 1] <= steps[i];
    // A store delivers steps in order; the sort only guards a snapshot that is not (uPlot needs ascending x).
    if (!ordered) index.sort((a, b) => steps[a] - steps[b] || a - b);
    return { xs: index.map((i) => steps[i]), index };
  }
  const xs: number[] = [];
  const index: number[] = [];
  const wall = series.wall;
  if (!wall) return { xs, index };
  const shift = mode === 'relative' ? origin : 0;
  // A clock that steps back would make x go backwards, which uPlot cannot draw: such points are held at the
  // latest time so far (the same monotone time RunTimeline uses for conversions).
  let latest = -Infinity;
  for (let i = 0; i < wall.length; i++) {
    const t = wall[i];
    if (t === null) continue;
    if (t - shift > latest) latest = t - shift;
    xs.push(latest);
    index.push(i);
  }
  return { xs, index };
}

/** The x position of `step` in `mode` (NaN when the run has no time there). */
export function stepToX(mode: XAxisMode, step: number, timeline: RunTimeline, origin: number): number {
  if (mode === 'step') return step;
  const t = timeline.stepToTime(step);
  return mode === 'relative' ? t - origin : t;
}

/**
 * The step range a visible x range covers for one run, for anything that works in steps (zoom requests to
 * the host, findings): the identity by step, else converted through the run's own times (monotone).
 */
export function stepRange(mode: XAxisMode, min: number, max: number, timeline: RunTimeline, origin: number): [number, number] {
  if (mode === 'step') return [min, max];
  const shift = mode === 'relative' ? origin : 0;
  return [timeline.timeToStep(min + shift), timeline.timeToStep(max + shift)];
}

export const X_AXIS_LABEL: Record<XAxisMode, string> = { step: 'step', relative: 'time since start (h:mm:ss)', wall: 'wall time' };

export const X_AXIS_CHOICE: Record<XAxisMode, string> = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };
