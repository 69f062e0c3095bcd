/**
 * The log worker's share of a live tick, in Node (the log worker is a Node thread): 10 series of 1M points
 * each get 100 new points per tick, and each series' whole-run line is rebuilt for a 600-px chart two ways,
 * alternating which goes first: LiveDecimation (the new points folded into a fixed step grid, what the log
 * worker does) and Series.decimate of the whole run (what it did before), each followed by the copies into
 * plain arrays a snapshot makes (plainArray, both ways). Also a snapshot's first line, when no line is kept yet
 * (the LiveDecimation filled from the series' min/max pyramid), against decimate: 10 paired rounds. CPU time of this process (process.cpuUsage), median per tick.
 */
import { LiveDecimation } from '../src/core/logs/liveDecimation';
import { plainArray } from '../src/core/logs/logRunSnapshot';
import { SeriesStore } from '../src/core/logs/seriesStore';
import { fillWalk } from './dashboardFrameWalk';

export interface TickCost {
  /** Median CPU ms per tick for all series: fold + read + copy, and decimate + copy. */
  liveMs: number;
  decimateMs: number;
  livePoints: number;
  decimatePoints: number;
  p95LiveMs: number;
  p95DecimateMs: number;
  /** A snapshot's first line (no line kept yet), all series, median CPU ms: a LiveDecimation filled from the pyramid, and decimate. */
  firstLiveMs: number;
  firstDecimateMs: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export function measureTickCost(seriesCount: number, pointsPerSeries: number, pointsPerTick: number, width: number, ticks: number, bucketsPerPixel: number): TickCost {
  const store = new SeriesStore({ maxPoints: Infinity });
  const tags = Array.from({ length: seriesCount }, (_, i) => `series/${i}`);
  const walks = tags.map((tag, i) => fillWalk(store, tag, pointsPerSeries, 11 + i, 0, 0));
  const lives = tags.map(() => new LiveDecimation(width, bucketsPerPixel));
  let livePoints = 0;
  let decimatePoints = 0;
  const live = (): void => {
    livePoints = 0;
    tags.forEach((tag, t) => {
      const s = store.get(tag)!;
      lives[t].sync(s);
      const l = lives[t].read(s);
      livePoints += plainArray(l.step, l.length).length + plainArray(l.value, l.length).length * 0;
    });
  };
  const decimate = (): void => {
    decimatePoints = 0;
    for (const tag of tags) {
      const d = store.get(tag)!.decimate(-Infinity, Infinity, width);
      decimatePoints += plainArray(d.step, d.step.length).length + plainArray(d.value, d.value.length).length * 0;
    }
  };
  const firstLive: number[] = [];
  const firstDecimate: number[] = [];
  for (let r = 0; r < 10; r++) {
    for (const which of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const t0 = cpuMs();
      if (which === 0) {
        tags.forEach((tag, t) => {
          lives[t] = new LiveDecimation(width, bucketsPerPixel);
          lives[t].sync(store.get(tag)!);
          const l = lives[t].read(store.get(tag)!);
          plainArray(l.step, l.length);
          plainArray(l.value, l.length);
        });
      } else decimate();
      (which === 0 ? firstLive : firstDecimate).push(cpuMs() - t0);
    }
  }
  live();
  decimate();
  const liveMs: number[] = [];
  const decimateMs: number[] = [];
  for (let k = 0; k < ticks; k++) {
    tags.forEach((tag, i) => {
      walks[i] = fillWalk(store, tag, pointsPerTick, walks[i].seed, store.get(tag)!.lastStep + 1, walks[i].value);
    });
    for (const which of k % 2 === 0 ? [0, 1] : [1, 0]) {
      const t0 = cpuMs();
      if (which === 0) live();
      else decimate();
      (which === 0 ? liveMs : decimateMs).push(cpuMs() - t0);
    }
  }
  return {
    liveMs: quantile(liveMs, 0.5), decimateMs: quantile(decimateMs, 0.5), p95LiveMs: quantile(liveMs, 0.95), p95DecimateMs: quantile(decimateMs, 0.95),
    livePoints: livePoints / seriesCount, decimatePoints: decimatePoints / seriesCount,
    firstLiveMs: quantile(firstLive, 0.5), firstDecimateMs: quantile(firstDecimate, 0.5),
  };
}
