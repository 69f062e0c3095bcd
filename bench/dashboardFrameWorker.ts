/**
 * Web Worker side of the live measurement of bench/dashboardFrame.ts: it plays the extension's log worker. It
 * holds the SeriesStore of every live series, appends the new points of each tick, decimates every series for
 * its chart's width and posts the columns to the page, which only draws (as the webview does with the
 * snapshots the extension host forwards). Each series' line comes from `line`: 'live' a LiveDecimation folding
 * the new points (what the log worker does), 'decimate' Series.decimate of the whole run per tick (the log
 * worker before it), 'streamed' a StreamingM4 fed as points arrive.
 */
import { SeriesStore } from '../src/core/logs/seriesStore';
import { StreamingM4 } from '../src/core/chart/streamingM4';
import { LiveDecimation } from '../src/core/logs/liveDecimation';
import { plainArray } from '../src/core/logs/logRunSnapshot';
import { fillWalk } from './dashboardFrameWalk';

export interface LiveStart {
  tags: string[];
  pointsPerSeries: number;
  pointsPerTick: number;
  hz: number;
  width: number;
  /** Where each series' line comes from (see above). */
  line: LineSource;
  /** LiveDecimation's grid buckets per pixel (line 'live'). */
  bucketsPerPixel: number;
}

export type LineSource = 'live' | 'decimate' | 'streamed';

export interface LiveColumns {
  /** One entry per tag: decimated steps and values, and the series' total point count. */
  series: { step: number[]; value: number[]; exact: boolean; points: number }[];
  /** Time the worker spent on this tick (append + decimate + columns), ms. */
  workerMs: number;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(message: unknown): void };
let timer: ReturnType<typeof setInterval> | undefined;
let startTicks: () => void = () => {};

/** 'start' builds the series and posts their first columns; 'tick' starts the appends at `hz`; 'stop' ends them. */
scope.onmessage = (event: MessageEvent) => {
  const message = event.data as { type: 'start'; start: LiveStart } | { type: 'tick' } | { type: 'stop' };
  if (message.type === 'stop') clearInterval(timer);
  else if (message.type === 'tick') startTicks();
  else start(message.start);
};

function start({ tags, pointsPerSeries, pointsPerTick, hz, width, line, bucketsPerPixel }: LiveStart): void {
  const streamed = line === 'streamed';
  const lives = line === 'live' ? tags.map(() => new LiveDecimation(width, bucketsPerPixel)) : [];
  const store = new SeriesStore({ maxPoints: Infinity });
  const walks = tags.map((tag, i) => fillWalk(store, tag, pointsPerSeries, 11 + i, 0, 0));
  const tracks = streamed ? tags.map(() => new StreamingM4()) : [];
  const fed = tags.map(() => 0);
  const feed = (): void => {
    if (!streamed) return;
    tags.forEach((tag, t) => {
      const series = store.get(tag)!;
      for (let i = fed[t]; i < series.length; i++) tracks[t].push(series.step(i), series.value(i));
      fed[t] = series.length;
    });
  };
  const out = { step: new Float64Array(4 * width), value: new Float64Array(4 * width) };
  const columns = (t0: number): LiveColumns => {
    const series = tags.map((tag, t) => {
      const s = store.get(tag)!;
      if (streamed) {
        const m = tracks[t].decimate(width, out);
        return { step: plainArray(out.step, m), value: plainArray(out.value, m), exact: false, points: s.length };
      }
      if (line === 'live') {
        lives[t].sync(s);
        const l = lives[t].read(s);
        return { step: plainArray(l.step, l.length), value: plainArray(l.value, l.length), exact: l.exact, points: s.length };
      }
      const d = s.decimate(-Infinity, Infinity, width);
      return { step: plainArray(d.step, d.step.length), value: plainArray(d.value, d.value.length), exact: d.exact, points: s.length };
    });
    return { series, workerMs: performance.now() - t0 };
  };
  feed();
  scope.postMessage(columns(performance.now()));
  startTicks = () => {
    timer = setInterval(() => {
      const t0 = performance.now();
      tags.forEach((tag, i) => {
        walks[i] = fillWalk(store, tag, pointsPerTick, walks[i].seed, store.get(tag)!.lastStep + 1, walks[i].value);
      });
      feed();
      scope.postMessage(columns(t0));
    }, 1000 / hz);
  };
}
