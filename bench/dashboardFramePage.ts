/**
 * The browser side of bench/dashboardFrame.ts, bundled with esbuild into a page that headless Chromium loads.
 * Everything timed here runs in the page: the core SeriesStore and its min/max decimation, the dashboard's own
 * LogChart (src/webview/log/logChart.ts, uPlot underneath) and plain uPlot as the bounds. It exposes
 * `window.dashboardBench`; the Node side calls its functions one at a time with page.evaluate, so the page's
 * event loop is idle between measurements.
 */
import uPlot from 'uplot';
import type { WireLogSeries } from '../src/core/protocol';
import { SeriesStore, type Series } from '../src/core/logs/seriesStore';
import { LogChart } from '../src/webview/log/logChart';
import { OffscreenRedraw } from '../src/webview/charts/offscreenRedraw';
import type { ChartTheme } from '../src/webview/theme';
import { fillWalk } from './dashboardFrameWalk';
import { decimateSmoothed } from '../src/core/chart/smoothedDecimation';
import { DEFAULT_SMOOTHING_WEIGHT } from '../src/core/chart/smoothing';
import { DEFAULT_M4_CAPACITY, StreamingM4 } from '../src/core/chart/streamingM4';
import type { LineSource, LiveColumns, LiveStart } from './dashboardFrameWorker';
import { DEFAULT_BUCKETS_PER_PIXEL, LiveDecimation } from '../src/core/logs/liveDecimation';
import { plainArray } from '../src/core/logs/logRunSnapshot';
import { buildColumns, ColumnBuffer } from '../src/webview/charts/columnRects';
import { columnDrawing, columnsPath } from '../src/webview/charts/columnPaths';

/** What the first-frame measurements draw: the decimated chart the dashboard draws, or one of two bounds. */
/**
 * 'dashboard': decimate + LogChart; 'smoothed': the same with TensorBoard's EMA (w = 0.6, its default) of every
 * point decimated alongside (decimateSmoothed) and drawn instead of the raw line; 'streamed': the same smoothed
 * line read from a StreamingM4 fed as the points arrived (what the log worker could keep); the two bounds: plain uPlot on
 * the same decimated points, ready, and on every raw point.
 */
export type FrameKind = 'dashboard' | 'smoothed' | 'streamed' | 'plainDecimated' | 'plainRaw';

export interface FrameSample {
  kind: FrameKind;
  /** From the start of the work to the first animation frame after uPlot's draw hook. */
  totalMs: number;
  /** Decimation + building the chart's columns (0 for the bounds, whose data is ready). */
  prepareMs: number;
  /** From the end of preparation to the draw hook. */
  drawMs: number;
  points: number;
}

/** A mode ending in 'Stroke' is the same run with every line stroked (columnDrawing off): the paired control of columnPaths.ts. */
export type LiveMode = 'worker' | 'workerSpread' | 'workerSpreadDecimate' | 'workerSpreadStroke' | 'streamedSpread' | 'replaySpread' | 'replaySpreadStroke' | 'replayAllSpread' | 'page';

/**
 * How a bare-canvas bound paints each repaint: 'fill' a fillRect and a line of text only; 'stroke' also a 1.5-px
 * stroke through the points; 'columns' also the same points as pixel columns (columnRects.ts) in one fill() of
 * one path, as the charts now draw dense lines; 'columnRects' the same columns with one fillRect each.
 */
export type BoundDrawing = 'fill' | 'stroke' | 'columns' | 'columnRects';

/** 'workerSpread' redraws charts from requestAnimationFrame until this much of the frame is used (ms). */
const FRAME_WORK_MS = 6;

export interface LiveResult {
  mode: LiveMode;
  series: number;
  pointsPerSeries: number;
  pointsPerTick: number;
  ticks: number;
  /** Per drawn tick, on the page's main thread: setData + draw of every chart, plus (mode 'page') the append and decimation, ms. */
  tickMs: number[];
  /** Per drawn tick: setData + draw of every chart, ms. */
  drawMs: number[];
  /** Per drawn tick: appending and decimating every series and building the columns (in the worker or the page), ms. */
  prepareMs: number[];
  /** requestAnimationFrame deltas while ticking, and with the same charts idle (the bound). */
  liveDeltas: number[];
  idleDeltas: number[];
  /** Charts inside the viewport during the run: the others' live redraws wait until they are scrolled into view. */
  onScreen: number;
}

const THEME: ChartTheme = {
  kind: 'dark', series: ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'], foreground: '#cccccc',
  muted: '#8b8b8b', grid: '#3c3c3c', background: '#1e1e1e', error: '#f14c4c', fontFamily: 'sans-serif', fontSize: 12,
};

let big: { store: SeriesStore; series: Series; step: Float64Array; value: Float64Array; track: StreamingM4 } | null = null;

function host(width: number): HTMLDivElement {
  const div = document.createElement('div');
  div.style.width = `${width}px`;
  document.body.appendChild(div);
  return div;
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

function wire(series: Series, width: number): WireLogSeries {
  const d = series.decimate(-Infinity, Infinity, width);
  return {
    step: Array.from(d.step), value: Array.from(d.value), exact: d.exact, points: series.length,
    nonFinite: d.nonFinite.map((p) => ({ step: p.step, kind: Number.isNaN(p.value) ? 'nan' : p.value > 0 ? '+inf' : '-inf' })),
  };
}

/** Plain uPlot, no theme, one line, drawn into a `width` x 300 canvas; resolves at its first draw. */
function plainPlot(target: HTMLElement, width: number, xs: ArrayLike<number>, ys: ArrayLike<number>): Promise<uPlot> {
  return new Promise((resolve) => {
    const plot: uPlot = new uPlot({
      width, height: 300, pxAlign: false, scales: { x: { time: false } },
      series: [{}, { stroke: '#3794ff', width: 1.5, points: { show: false } }],
      legend: { show: false },
      hooks: { draw: [() => resolve(plot)] },
    }, [xs as number[], ys as number[]], target);
  });
}

/** The themes the raster comparison draws in (colours as VS Code's default light, dark and high-contrast themes). */
const THEMES: Record<'light' | 'dark' | 'high-contrast', ChartTheme> = {
  dark: THEME,
  light: { ...THEME, kind: 'light', series: ['#007acc', '#c27d1a', '#388a34', '#652d90', '#e51400', '#bf8803'], foreground: '#616161', muted: '#717171', grid: '#e5e5e5', background: '#ffffff', error: '#e51400' },
  'high-contrast': { ...THEME, kind: 'high-contrast', series: ['#3794ff', '#f38518', '#89d185', '#b180d7', '#f48771', '#ffff00'], foreground: '#ffffff', muted: '#ffffff', grid: '#6fc3df99', background: '#000000', error: '#f48771' },
};

/** What rasterCompare returns: both renderings as PNG data URLs and how far apart the lines' pixels are. */
export interface RasterComparison {
  stroke: string;
  columns: string;
  /** Device-pixel columns of the plot where either drawing has line pixels. */
  plotColumns: number;
  /** Per column, |top of the line's pixels (stroke) - top (columns)| within one column either side, and the same for the bottom: max and p99. */
  topDiff: { max: number; p99: number };
  bottomDiff: { max: number; p99: number };
  /** Columns with line pixels in one drawing and none in the other (a gap moved, or the line broke). */
  onlyOne: number;
}

/** What chartUpdateCost measures per update of one chart, ms (medians over the rounds). */
export interface UpdateCost {
  /** LogChart.update until uPlot's draw hook: the canvas calls are recorded, not yet rasterized. */
  recordMs: number;
  /** The same plus reading one pixel back, which makes Chromium rasterize what was recorded (the raster cost). */
  rasterMs: number;
}

const bench = {
  /**
   * One 600-px LogChart of a 1M-point walk updated `rounds` times with alternating decimated columns (as live
   * ticks), lines drawn as `drawing`, paired rounds: the time of the update alone and of the update plus a
   * one-pixel read-back (which forces the deferred raster on the main thread, where a frame would pay it).
   */
  async chartUpdateCost(rounds: number): Promise<Record<'stroke' | 'columns', UpdateCost>> {
    const store = new SeriesStore({ maxPoints: Infinity });
    const walk = fillWalk(store, 'loss', 1_000_000, 11, 0, 0);
    const s = store.get('loss')!;
    const first = wire(s, 600);
    fillWalk(store, 'loss', 100, walk.seed, s.lastStep + 1, walk.value);
    const second = wire(s, 600);
    const target = host(600);
    const chart = new LogChart(target);
    const samples = { stroke: { recordMs: [] as number[], rasterMs: [] as number[] }, columns: { recordMs: [] as number[], rasterMs: [] as number[] } };
    await chart.update({ tag: 'loss', series: first, log: false, theme: THEME, style: { color: THEME.series[0], dash: [] } });
    for (let r = 0; r < rounds; r++) {
      for (const drawing of (r % 2 ? ['stroke', 'columns'] : ['columns', 'stroke']) as ('stroke' | 'columns')[]) {
        columnDrawing.enabled = drawing === 'columns';
        for (const readBack of [false, true]) {
          const series = (r + (readBack ? 1 : 0)) % 2 ? first : second;
          // Flush whatever the previous update left, so each sample pays for its own drawing only.
          chart.canvas!.getContext('2d')!.getImageData(0, 0, 1, 1);
          const t0 = performance.now();
          await chart.update({ tag: 'loss', series: { ...series, value: [...series.value] }, log: false, theme: THEME, style: { color: THEME.series[0], dash: [] } });
          if (readBack) chart.canvas!.getContext('2d')!.getImageData(0, 0, 1, 1);
          const ms = performance.now() - t0;
          (readBack ? samples[drawing].rasterMs : samples[drawing].recordMs).push(ms);
        }
      }
    }
    columnDrawing.enabled = true;
    chart.destroy();
    target.remove();
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    return {
      stroke: { recordMs: med(samples.stroke.recordMs), rasterMs: med(samples.stroke.rasterMs) },
      columns: { recordMs: med(samples.columns.recordMs), rasterMs: med(samples.columns.rasterMs) },
    };
  },

  /**
   * The visual check of columnPaths: one LogChart of a 200,000-point loss curve with spikes and a gap (NaN run),
   * decimated for `width` px, drawn stroked and as pixel columns in theme `kind`. The line's pixels are those
   * of (nearly) the line's colour; per device-pixel column their top and bottom are compared between the two
   * drawings (a spike that lost height would show as a top difference, a gap that moved as columns drawn by one).
   */
  async rasterCompare(kind: keyof typeof THEMES, width: number): Promise<RasterComparison> {
    const theme = THEMES[kind];
    const store = new SeriesStore({ maxPoints: Infinity });
    // A loss curve: decaying, noisy, a spike every 25,000 steps (one of them a single point of +1.5).
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      store.add('loss', i, 0, 0.3 + 2 * Math.exp(-i / 30_000) + 0.08 * (seed / 4294967296 - 0.5) + (i % 25_000 === 12_345 ? 1.5 : 0));
    }
    const d = store.get('loss')!.decimate(-Infinity, Infinity, width);
    const step = Array.from(d.step);
    // A gap: 2% of the x range logged NaN (the wire carries them as null).
    const value: (number | null)[] = Array.from(d.value, (v, i) => (i > step.length * 0.6 && i < step.length * 0.62 ? null : v));
    const series: WireLogSeries = { step, value, exact: false, points: 200_000, nonFinite: [] };
    document.body.style.background = theme.background;
    const shots: { png: string; pixels: ImageData }[] = [];
    for (const drawing of ['stroke', 'columns'] as const) {
      columnDrawing.enabled = drawing === 'columns';
      const target = host(width);
      const chart = new LogChart(target);
      await chart.update({ tag: 'loss', series, log: false, theme, style: { color: theme.series[0], dash: [] } });
      const canvas = chart.canvas!;
      const ctx = canvas.getContext('2d')!;
      // The PNG on the theme's background (the chart's canvas is transparent; the webview's background shows through).
      const flat = document.createElement('canvas');
      flat.width = canvas.width;
      flat.height = canvas.height;
      const flatCtx = flat.getContext('2d')!;
      flatCtx.fillStyle = theme.background;
      flatCtx.fillRect(0, 0, flat.width, flat.height);
      flatCtx.drawImage(canvas, 0, 0);
      shots.push({ png: flat.toDataURL('image/png'), pixels: ctx.getImageData(0, 0, canvas.width, canvas.height) });
      chart.destroy();
      target.remove();
    }
    columnDrawing.enabled = true;
    const color = theme.series[0];
    const rgb = [1, 3, 5].map((o) => parseInt(color.slice(o, o + 2), 16));
    const extents = shots.map((shot) => lineExtents(shot.pixels, rgb));
    const topDiffs: number[] = [];
    const bottomDiffs: number[] = [];
    let onlyOne = 0;
    let plotColumns = 0;
    // A stroke straddles pixel columns where the columns drawing picks one: each column's extent is compared
    // with the nearest of the other drawing's within one column either side.
    const [a, b] = extents;
    const near = (other: Int32Array, x: number, v: number): number => {
      let best = Infinity;
      for (let k = Math.max(0, x - 1); k <= Math.min(other.length - 1, x + 1); k++) if (other[k] >= 0) best = Math.min(best, Math.abs(other[k] - v));
      return best;
    };
    for (let x = 0; x < a.top.length; x++) {
      if (a.top[x] < 0 && b.top[x] < 0) continue;
      plotColumns++;
      if (a.top[x] < 0 || b.top[x] < 0) {
        onlyOne++;
        continue;
      }
      topDiffs.push(Math.min(near(b.top, x, a.top[x]), near(a.top, x, b.top[x])));
      bottomDiffs.push(Math.min(near(b.bottom, x, a.bottom[x]), near(a.bottom, x, b.bottom[x])));
    }
    const stats = (xs: number[]): { max: number; p99: number } => {
      const sorted = [...xs].sort((p, q) => p - q);
      return { max: sorted[sorted.length - 1] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 };
    };
    return { stroke: shots[0].png, columns: shots[1].png, plotColumns, topDiff: stats(topDiffs), bottomDiff: stats(bottomDiffs), onlyOne };
  },

  /** Builds the n-point series (kept for the first-frame measurements) and its raw columns for the raw bound. */
  build(n: number): { appendMs: number; trackMs: number; storeBytes: number; points: number } {
    const store = new SeriesStore({ maxPoints: Infinity });
    const raw = { step: new Float64Array(n), value: new Float64Array(n) };
    const t0 = performance.now();
    fillWalk(store, 'loss', n, 1, 0, 0, raw);
    const appendMs = performance.now() - t0;
    // The smoothed whole-run line a log worker could keep up to date as the points arrive.
    const track = new StreamingM4(DEFAULT_M4_CAPACITY, DEFAULT_SMOOTHING_WEIGHT);
    const t1 = performance.now();
    for (let i = 0; i < n; i++) track.push(raw.step[i], raw.value[i]);
    const trackMs = performance.now() - t1;
    big = { store, series: store.get('loss')!, ...raw, track };
    return { appendMs, trackMs, storeBytes: store.byteSize, points: big.series.length };
  },

  async firstFrame(kind: FrameKind, width: number): Promise<FrameSample> {
    if (!big) throw new Error('build() first');
    const target = host(width);
    const { series } = big;
    let sample: FrameSample;
    if (kind === 'dashboard' || kind === 'smoothed' || kind === 'streamed') {
      const t0 = performance.now();
      const data = wire(series, width);
      if (kind !== 'dashboard') {
        const out = { step: new Float64Array(4 * width), value: new Float64Array(4 * width) };
        const length = kind === 'smoothed'
          ? decimateSmoothed(series, -Infinity, Infinity, width, DEFAULT_SMOOTHING_WEIGHT, out).length
          : big.track.decimate(width, out);
        data.step = Array.from(out.step.subarray(0, length));
        data.value = Array.from(out.value.subarray(0, length));
      }
      const t1 = performance.now();
      const chart = new LogChart(target);
      await chart.update({ tag: 'loss', series: data, log: false, theme: THEME, style: { color: THEME.series[0], dash: [] } });
      const t2 = performance.now();
      await nextFrame();
      sample = { kind, totalMs: performance.now() - t0, prepareMs: t1 - t0, drawMs: t2 - t1, points: data.step.length };
      chart.destroy();
    } else {
      // The bounds start from ready data: the same decimated points, or every raw point.
      const d = kind === 'plainDecimated' ? series.decimate(-Infinity, Infinity, width) : null;
      const xs = d ? Array.from(d.step) : big.step;
      const ys = d ? Array.from(d.value) : big.value;
      const t0 = performance.now();
      const plot = await plainPlot(target, width, xs, ys);
      const t1 = performance.now();
      await nextFrame();
      sample = { kind, totalMs: performance.now() - t0, prepareMs: 0, drawMs: t1 - t0, points: xs.length };
      plot.destroy();
    }
    target.remove();
    return sample;
  },

  /** Frame deltas of ten plain canvases repainted at `hz`, with a stroke through `vertices` points (see canvasBound). */
  canvasBound(count: number, hz: number, seconds: number, width: number, vertices: number, drawing: BoundDrawing): Promise<BoundResult> {
    return canvasBound(count, hz, seconds, width, vertices, drawing);
  },

  /** Drops the big series so the live measurement runs without it in memory. */
  free(): void {
    big = null;
  },

  /**
   * `seriesCount` charts of `pointsPerSeries` points each (one tag per chart, two columns of `width` px); then
   * requestAnimationFrame deltas for `idleSeconds` with nothing changing (the bound), then for `seconds` while
   * every 1000/hz ms each series gets `pointsPerTick` new points, is decimated again and its chart updated.
   * mode 'worker': the store and decimation live in a Web Worker that posts the columns (as the extension's log
   * worker does, each line kept by a LiveDecimation), the page redraws all charts as each tick arrives;
   * 'workerSpread': the same worker, the page redraws from requestAnimationFrame a few charts per frame;
   * 'workerSpreadDecimate': as 'workerSpread', the worker decimating each whole series per tick (before LiveDecimation); 'streamedSpread': as 'workerSpread', the worker
   * reading each line from a StreamingM4 fed as points arrive instead of decimating per tick; 'replaySpread': no worker, the columns of every
   * tick prepared before the run, redrawn as in 'workerSpread' (the drawing alone); 'page': everything on the
   * page's main thread.
   */
  async live(mode: LiveMode, seriesCount: number, pointsPerSeries: number, pointsPerTick: number, hz: number, seconds: number, idleSeconds: number, width: number, bucketsPerPixel = DEFAULT_BUCKETS_PER_PIXEL): Promise<LiveResult> {
    const tags = Array.from({ length: seriesCount }, (_, i) => `series/${i}`);
    const grid = document.createElement('div');
    grid.style.display = 'grid';
    grid.style.gridTemplateColumns = `${width}px ${width}px`;
    document.body.appendChild(grid);
    const charts = tags.map(() => {
      const cell = document.createElement('div');
      grid.appendChild(cell);
      return new LogChart(cell);
    });
    const draw = (columns: LiveColumns['series']): Promise<void[]> => Promise.all(charts.map((chart, i) => chart.update({
      tag: tags[i], series: { ...columns[i], nonFinite: [] }, log: false, theme: THEME, style: { color: THEME.series[i % 6], dash: [] },
    })));
    const spread = mode.includes('Spread');
    columnDrawing.enabled = !mode.endsWith('Stroke');
    // 'replayAllSpread': replaySpread with every chart redrawn on each tick, on screen or not (before OffscreenRedraw).
    OffscreenRedraw.deferOffscreen = mode !== 'replayAllSpread';
    const source = mode === 'page' ? pageSource(tags, pointsPerSeries, pointsPerTick, hz, width, false, bucketsPerPixel)
      : mode.startsWith('replay') ? pageSource(tags, pointsPerSeries, pointsPerTick, hz, width, true, bucketsPerPixel)
        : workerSource(tags, pointsPerSeries, pointsPerTick, hz, width, mode === 'streamedSpread' ? 'streamed' : mode === 'workerSpreadDecimate' ? 'decimate' : 'live', bucketsPerPixel);
    // The charts' path builders read columnDrawing at each draw, so it holds for this whole run.

    const tickMs: number[] = [];
    const drawMs: number[] = [];
    const prepareMs: number[] = [];
    let recording = false;
    let pending: LiveColumns | null = null;
    let drawing = false;
    const drawLatest = (): void => {
      // Draw the newest columns only: a tick that arrives while the previous one draws replaces it.
      if (drawing || !pending) return;
      const columns = pending;
      pending = null;
      drawing = true;
      const t0 = performance.now();
      void draw(columns.series).then(() => {
        const t1 = performance.now();
        if (recording) {
          drawMs.push(t1 - t0);
          prepareMs.push(columns.workerMs);
          tickMs.push(t1 - t0 + (mode === 'page' ? columns.workerMs : 0));
        }
        drawing = false;
        drawLatest();
      });
    };

    // 'workerSpread': charts are redrawn from requestAnimationFrame, a few per frame within FRAME_WORK_MS, each
    // with the newest columns it has; a tick's ten redraws are spread over the frames until the next tick.
    const latest: (LiveColumns['series'][number] | null)[] = tags.map(() => null);
    let next = 0;
    let spreading = false;
    const spreadFrame = async (): Promise<void> => {
      if (!spreading) return;
      const t0 = performance.now();
      let done = 0;
      for (let k = 0; k < charts.length && performance.now() - t0 < FRAME_WORK_MS; k++) {
        const i = (next + k) % charts.length;
        const columns = latest[i];
        if (!columns) continue;
        latest[i] = null;
        await charts[i].update({ tag: tags[i], series: { ...columns, nonFinite: [] }, log: false, theme: THEME, style: { color: THEME.series[i % 6], dash: [] } });
        next = (i + 1) % charts.length;
        done++;
      }
      if (done > 0 && recording) {
        drawMs.push(performance.now() - t0);
        tickMs.push(performance.now() - t0);
      }
      requestAnimationFrame(() => void spreadFrame());
    };
    const first = await source.start((columns) => {
      if (spread) {
        columns.series.forEach((c, i) => { latest[i] = c; });
        if (recording) prepareMs.push(columns.workerMs);
        return;
      }
      pending = columns;
      drawLatest();
    });
    await draw(first.series);
    await nextFrame();

    const idleDeltas = idleSeconds > 0 ? await recordFrames(idleSeconds * 1000) : [];
    recording = true;
    if (spread) {
      spreading = true;
      requestAnimationFrame(() => void spreadFrame());
    }
    source.tick();
    const liveDeltas = await recordFrames(seconds * 1000);
    source.stop();
    recording = false;
    spreading = false;
    const onScreen = [...grid.children].filter((cell) => {
      const r = cell.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    }).length;
    charts.forEach((c) => c.destroy());
    grid.remove();
    columnDrawing.enabled = true;
    return { mode, series: seriesCount, pointsPerSeries, pointsPerTick, ticks: tickMs.length, tickMs, drawMs, prepareMs, liveDeltas, idleDeltas, onScreen };
  },
};

/** A bound's frame deltas and the time of its canvas calls per frame that painted (ms; raster mostly comes later). */
export interface BoundResult {
  deltas: number[];
  workMs: number[];
}

/**
 * The bounds of the live measurement: ten plain canvases of the charts' size, each repainted once per tick at
 * `hz`, spread over animation frames like 'workerSpread'. Each repaint is a fillRect and a line of text, the
 * cheapest repaint there is (what the browser's compositing alone costs), plus per `drawing` (BoundDrawing) the
 * `vertices` points (4 per pixel column, as M4 hands over) stroked at width 1.5 as the charts used to, or filled
 * as pixel columns as they now do. On a machine without GPU rasterization the strokes dominate.
 */
async function canvasBound(count: number, hz: number, seconds: number, width: number, vertices: number, drawing: BoundDrawing): Promise<BoundResult> {
  const height = 300;
  const grid = document.createElement('div');
  grid.style.display = 'grid';
  grid.style.gridTemplateColumns = `${width}px ${width}px`;
  document.body.appendChild(grid);
  const contexts = Array.from({ length: count }, () => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    grid.appendChild(canvas);
    return canvas.getContext('2d')!;
  });
  // A random walk scaled into the canvas, read with a shift per tick so every repaint draws a different line.
  const ys = new Float64Array(vertices * 2);
  let v = 0;
  let seed = 5;
  for (let k = 0; k < ys.length; k++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    v += seed / 4294967296 - 0.5;
    ys[k] = v;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of ys) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  const dirty = new Array<boolean>(count).fill(false);
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    dirty.fill(true);
  }, 1000 / hz);
  let running = true;
  const workMs: number[] = [];
  const columns = new ColumnBuffer();
  const index = new Float64Array(vertices);
  for (let k = 0; k < vertices; k++) index[k] = k;
  const frame = (): void => {
    if (!running) return;
    const t0 = performance.now();
    let painted = false;
    for (let i = 0; i < count && performance.now() - t0 < FRAME_WORK_MS; i++) {
      if (!dirty[i]) continue;
      dirty[i] = false;
      painted = true;
      const ctx = contexts[i];
      ctx.fillStyle = '#1e1e1e';
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#cccccc';
      ctx.fillText(`tick ${tick}`, 10, 20);
      const shift = (tick * 7 + i * 13) % Math.max(1, vertices);
      if (vertices > 0 && (drawing === 'columns' || drawing === 'columnRects')) {
        const n = buildColumns(index, ys.subarray(shift, shift + vertices), 0, vertices - 1,
          (k) => (k / (vertices - 1)) * width, (y) => height - ((y - lo) / (hi - lo)) * height, 1.5, columns);
        ctx.fillStyle = THEME.series[i % 6];
        if (drawing === 'columns') {
          ctx.fill(columnsPath(columns, n, 1.5));
        } else {
          for (let c = 0; c < n; c++) ctx.fillRect(columns.x[c], columns.top[c], 2, columns.bottom[c] - columns.top[c]);
        }
      } else if (vertices > 0 && drawing === 'stroke') {
        ctx.strokeStyle = THEME.series[i % 6];
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        for (let k = 0; k < vertices; k++) {
          const x = (k / (vertices - 1)) * width;
          const y = height - ((ys[k + shift] - lo) / (hi - lo)) * height;
          if (k === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        }
        ctx.stroke();
      }
    }
    // The time of the canvas calls (and of building the columns). Chromium records 2D canvas calls and
    // rasterizes them when the frame is produced, so most of the raster cost shows in the frame deltas only.
    if (painted) workMs.push(performance.now() - t0);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const deltas = await recordFrames(seconds * 1000);
  running = false;
  clearInterval(timer);
  grid.remove();
  return { deltas, workMs };
}

/** Where a live run's columns come from: a Web Worker, or the page itself. `tick` starts the 10 Hz appends. */
interface LiveSource {
  start(onColumns: (columns: LiveColumns) => void): Promise<LiveColumns>;
  tick(): void;
  stop(): void;
}

function workerSource(tags: string[], pointsPerSeries: number, pointsPerTick: number, hz: number, width: number, line: LineSource, bucketsPerPixel: number): LiveSource {
  const worker = new Worker('worker.js');
  let started = false;
  return {
    start: (onColumns) => new Promise((resolve) => {
      worker.onmessage = (event: MessageEvent) => {
        if (!started) {
          started = true;
          resolve(event.data as LiveColumns);
        } else onColumns(event.data as LiveColumns);
      };
      const start: LiveStart = { tags, pointsPerSeries, pointsPerTick, hz, width, line, bucketsPerPixel };
      worker.postMessage({ type: 'start', start });
    }),
    tick: () => worker.postMessage({ type: 'tick' }),
    stop: () => worker.terminate(),
  };
}

/**
 * The page as its own source (lines kept by a LiveDecimation per series). replay false: each tick appends and folds on the main thread. replay true:
 * the columns of every tick are computed before the run (appends and decimation included) and each tick only
 * hands over the next set, so what remains on the main thread is the drawing alone.
 */
function pageSource(tags: string[], pointsPerSeries: number, pointsPerTick: number, hz: number, width: number, replay: boolean, bucketsPerPixel: number): LiveSource {
  const store = new SeriesStore({ maxPoints: Infinity });
  const walks = tags.map((tag, i) => fillWalk(store, tag, pointsPerSeries, 11 + i, 0, 0));
  // The lines as the log worker keeps them (LiveDecimation), so the replay draws what 'workerSpread' draws.
  const lives = tags.map(() => new LiveDecimation(width, bucketsPerPixel));
  const columns = (t0: number): LiveColumns => ({
    series: tags.map((tag, t) => {
      const s = store.get(tag)!;
      lives[t].sync(s);
      const l = lives[t].read(s);
      return { step: plainArray(l.step, l.length), value: plainArray(l.value, l.length), exact: l.exact, points: s.length };
    }),
    workerMs: performance.now() - t0,
  });
  const append = (): void => {
    tags.forEach((tag, i) => {
      walks[i] = fillWalk(store, tag, pointsPerTick, walks[i].seed, store.get(tag)!.lastStep + 1, walks[i].value);
    });
  };
  const first = columns(performance.now());
  // Enough prepared ticks for the run; the replay wraps around if it outlasts them.
  const prepared: LiveColumns[] = [];
  if (replay) {
    for (let k = 0; k < 64; k++) {
      const t0 = performance.now();
      append();
      prepared.push(columns(t0));
    }
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  let onColumns: (columns: LiveColumns) => void = () => {};
  let k = 0;
  return {
    start: (callback) => {
      onColumns = callback;
      return Promise.resolve(first);
    },
    tick: () => {
      timer = setInterval(() => {
        if (replay) {
          onColumns(prepared[k++ % prepared.length]);
          return;
        }
        const t0 = performance.now();
        append();
        onColumns(columns(t0));
      }, 1000 / hz);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Per pixel column, the first and last row of pixels of the line's colour `rgb` (-1 where there are none). The
 * chart's canvas is transparent under the line, so a pixel's alpha is the line's coverage there: a faint
 * antialiasing fringe (coverage under one half) does not count, so a stroke's soft edge and a column's hard one
 * compare by where the line really is.
 */
function lineExtents(image: ImageData, rgb: number[]): { top: Int32Array; bottom: Int32Array } {
  const { width, height, data } = image;
  const top = new Int32Array(width).fill(-1);
  const bottom = new Int32Array(width).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const away = Math.max(Math.abs(data[o] - rgb[0]), Math.abs(data[o + 1] - rgb[1]), Math.abs(data[o + 2] - rgb[2]));
      if (data[o + 3] < 128 || away > 64) continue;
      if (top[x] < 0) top[x] = y;
      bottom[x] = y;
    }
  }
  return { top, bottom };
}

function recordFrames(ms: number): Promise<number[]> {
  return new Promise((resolve) => {
    const deltas: number[] = [];
    let last = -1;
    const end = performance.now() + ms;
    const loop = (t: number): void => {
      if (last >= 0) deltas.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(loop);
      else resolve(deltas);
    };
    requestAnimationFrame(loop);
  });
}

export type DashboardBench = typeof bench;
(window as unknown as { dashboardBench: DashboardBench }).dashboardBench = bench;
