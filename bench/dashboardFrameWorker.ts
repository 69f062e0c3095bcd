/**
 * Web Worker side of the live measurement of bench/dashboardFrame.ts: it plays the extension's log worker. It
 * holds the SeriesStore of every live series, appends the new points of each tick, decimates every series for
 * its chart's width and posts the columns to the page, which only draws (as the webview does with the
 * snapshots the extension host forwards).
 */
import { SeriesStore } from '../src/core/logs/seriesStore';
import { fillWalk } from './dashboardFrameWalk';

export interface LiveStart {
  tags: string[];
  pointsPerSeries: number;
  pointsPerTick: number;
  hz: number;
  width: number;
}

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

function start({ tags, pointsPerSeries, pointsPerTick, hz, width }: LiveStart): void {
  const store = new SeriesStore({ maxPoints: Infinity });
  const walks = tags.map((tag, i) => fillWalk(store, tag, pointsPerSeries, 11 + i, 0, 0));
  const columns = (t0: number): LiveColumns => {
    const series = tags.map((tag) => {
      const s = store.get(tag)!;
      const d = s.decimate(-Infinity, Infinity, width);
      return { step: Array.from(d.step), value: Array.from(d.value), exact: d.exact, points: s.length };
    });
    return { series, workerMs: performance.now() - t0 };
  };
  scope.postMessage(columns(performance.now()));
  startTicks = () => {
    timer = setInterval(() => {
      const t0 = performance.now();
      tags.forEach((tag, i) => {
        walks[i] = fillWalk(store, tag, pointsPerTick, walks[i].seed, store.get(tag)!.lastStep + 1, walks[i].value);
      });
      scope.postMessage(columns(t0));
    }, 1000 / hz);
  };
}
