/**
 * The uPlot chart of one tag of watched logs: x by step, time since each run's start or wall time; the tag's
 * value on y (log or linear); one line per shown run (the run in front first, overlaid runs after, merged by
 * tag name); and a mark in the error colour at every x where a run's log holds NaN or an infinity.
 *
 * Live updates arrive several times a second, so they go through `setData` on the existing uPlot
 * instance; only a change of what is baked into uPlot's options (scale type, theme, colours, runs, x mode)
 * rebuilds it. A zoomed x range (drag) survives updates; a double-click goes back to the whole run.
 */
import uPlot from 'uplot';
import type { WireNonFinite, XAxisMode } from '../../core/protocol';
import { paddedRange } from '../charts/chartData';
import { FittedPlot, heightForWidth } from '../charts/fittedPlot';
import { axisFont, logYTicks, themedAxis, yAxisSize } from '../charts/axes';
import type { SeriesStyle } from '../charts/seriesColors';
import { formatCompact, formatSteps, MISSING } from '../format';
import type { ChartTheme } from '../theme';
import { formatStepTick, formatValueTick } from './logSeries';
import type { Finding } from '../../core/diagnose/types';
import { FindingBands } from '../findings/findingBands';
import { findingBands } from '../findings/findingRanges';
import { logFloor } from '../charts/chartData';
import type { ChartSync } from '../charts/chartSync';
import { chartTable, type ChartTable } from '../charts/chartTable';
import { smooths } from '../charts/smoothedSeries';
import { withAlpha } from '../theme';
import { outlierAwareRange } from '../../core/chart/outlierRange';
import { RunTimeline } from '../axis/runTimeline';
import { stepRange, stepToX, X_AXIS_LABEL } from '../axis/xAxisMode';
import { clockTicks, ELAPSED_INCREMENTS, formatClock, formatElapsed, spansDays } from '../axis/timeFormat';
import { lineColumns } from './chartLines';
import { alignLines, tableColumn, type AlignedValue } from './overlayColumns';
import type { WireLogSeries } from '../../core/protocol';
import { OffscreenRedraw } from '../charts/offscreenRedraw';
import { sameColumns } from '../charts/sameData';
import { columnPaths } from '../charts/columnPaths';

/** One run's line on the chart. */
export interface LogChartLine {
  runId: string;
  /** The run's label (the legend names lines by run when several are shown). */
  label: string;
  series: WireLogSeries | undefined;
  style: SeriesStyle;
  /** The run's step <-> time mapping and first wall time (for the time modes). */
  timeline: RunTimeline;
  origin: number;
}

export interface LogChartInput {
  tag: string;
  /** The run in front first, then the overlaid runs shown. */
  lines?: LogChartLine[];
  /** Without `lines`: the one run's series and style (by step). */
  series?: WireLogSeries | undefined;
  style?: SeriesStyle;
  /** Default: by step. */
  xMode?: XAxisMode;
  log: boolean;
  theme: ChartTheme;
  /** The front run's findings and which of their metrics this chart shades. */
  findings?: { all: readonly Finding[]; metrics: ReadonlySet<string> };
  /** TensorBoard's smoothing weight; above 0 the smoothed line is drawn over the raw one, drawn faint. */
  smoothing?: number;
  /** The charts of the view share cursor and zoom. */
  sync?: ChartSync;
}

const chartHeight = heightForWidth(180, 300, 0.45);

export class LogChart {
  private readonly frame: FittedPlot;
  /** What the current uPlot instance was built for; a different key rebuilds it. */
  private builtFor = '';
  private builds = 0;
  private nonFinite: { x: number; kind: WireNonFinite['kind'] }[] = [];
  /** Per line, aligned on the shared x column. */
  private raw: AlignedValue[][] = [];
  private smoothed: (AlignedValue[] | null)[] = [];
  /** The linear axis's outlier-aware range of `raw`, kept for the columns it was computed from (see rawRange). */
  private rangeOf: AlignedValue[][] | null = null;
  private rangeOfRaw: ReturnType<typeof outlierAwareRange> = null;
  /** The x extent of the data on screen (the snapshot's may be ahead of it while a redraw waits off screen). */
  private drawnExtent: [number, number] | null = null;
  /** The columns and marks given to uPlot last (a snapshot that repeats them is not repainted). */
  private shownData: uPlot.AlignedData | null = null;
  private shownMarks = '';
  /** Live redraws of this chart while it is scrolled out of view wait for it to come back. */
  private readonly offscreen: OffscreenRedraw;
  private readonly bands: FindingBands;
  private front: LogChartLine | null = null;
  private xMode: XAxisMode = 'step';
  /** The numbers drawn last, for the data table and the CSV export. */
  table: ChartTable | null = null;

  constructor(private readonly host: HTMLElement) {
    this.host.setAttribute('role', 'img');
    this.frame = new FittedPlot(host, chartHeight);
    this.bands = new FindingBands(host);
    this.offscreen = new OffscreenRedraw(host);
  }

  /** Shows `input`, in place when possible; resolves after the chart has drawn it. */
  update(given: LogChartInput): Promise<void> {
    const input = withLines(given);
    const smoothing = input.smoothing !== undefined && smooths(input.smoothing) ? input.smoothing : 0;
    const columns = input.lines.map((line) => lineColumns(line.series, input.xMode, line.timeline, line.origin, smoothing));
    const aligned = alignLines(columns);
    const xs = aligned.xs;
    this.raw = aligned.ys;
    this.smoothed = aligned.smoothed;
    this.front = input.lines[0] ?? null;
    this.xMode = input.xMode;
    this.nonFinite = columns.flatMap((c) => c.nonFinite);
    const points = input.lines.reduce((sum, line) => sum + (line.series?.points ?? 0), 0);
    const runs = input.lines.length > 1 ? `, ${input.lines.length} runs` : '';
    this.host.setAttribute('aria-label', `${input.tag} per ${X_AXIS_LABEL[input.xMode]}, ${input.log ? 'log' : 'linear'} scale, ${formatSteps(points)} points${runs}`
      + (this.nonFinite.length ? `, ${this.nonFinite.length} non-finite` : ''));
    const several = input.lines.length > 1;
    this.table = chartTable(input.xMode === 'step' ? 'step' : input.xMode === 'relative' ? 'seconds since start' : 'wall time (s since epoch)', xs,
      input.lines.map((line, j) => ({ label: several ? `${input.tag} (${line.label})` : input.tag, raw: tableColumn(this.raw[j]),
        smoothed: this.smoothed[j] ? tableColumn(this.smoothed[j]!) : null })));
    const key = JSON.stringify([input.log, input.theme, input.tag, smoothing > 0, input.xMode, input.lines.map((l) => [l.runId, l.label, l.style])]);
    const floor = input.log ? logFloor(this.raw.map(tableColumn)) : 0;
    const data: uPlot.AlignedData = [xs];
    for (let j = 0; j < input.lines.length; j++) {
      data.push((input.log ? clampAligned(this.raw[j], floor) : this.raw[j]) as (number | null)[]);
      const sm = this.smoothed[j];
      if (sm) data.push((input.log ? clampAligned(sm, floor) : sm) as (number | null)[]);
    }
    const extent: [number, number] | null = xs.length ? [xs[0], xs[xs.length - 1]] : null;
    this.bands.set(this.findingBandsFor(input));
    const plot = this.frame.plot;
    // What the draw hook paints besides the columns: a change there needs a repaint too.
    const marks = JSON.stringify([this.nonFinite, input.findings?.all ?? null]);
    if (plot && key === this.builtFor && marks === this.shownMarks && sameColumns(this.shownData, data)) {
      // The same pixels: a rarely logged tag in a live snapshot. Nothing to repaint.
      return Promise.resolve();
    }
    this.shownData = data;
    this.shownMarks = marks;
    if (plot && key === this.builtFor) {
      const redraw = (): void => {
        // Zoomed: the x range on screen is inside the data drawn last (a redraw may have waited off screen).
        const previous = this.drawnExtent;
        this.drawnExtent = extent;
        const x = plot.scales.x;
        const zoomed = previous !== null && x.min !== undefined && x.max !== undefined && (x.min > previous[0] || x.max < previous[1]);
        plot.setData(data, true);
        if (zoomed) plot.setScale('x', { min: x.min as number, max: x.max as number });
      };
      this.stampDataset(input);
      // Off screen, a live update waits until the chart is scrolled back into view (its table is up to date).
      this.offscreen.defer(redraw);
      if (this.offscreen.deferring) return Promise.resolve();
      const drawn = this.frame.nextDraw();
      this.offscreen.flush();
      return drawn;
    }
    const drawn = this.frame.nextDraw();
    // A rebuild draws now (a new scale, theme, tag, run or x mode is a user's action, on screen); an older waiting redraw is void.
    this.offscreen.drop();
    this.drawnExtent = extent;
    this.frame.replace(null);
    this.builtFor = key;
    this.builds++;
    this.frame.replace(new uPlot(this.options(input, this.frame.hostWidth), data, this.host));
    this.stampDataset(input);
    return drawn;
  }

  private stampDataset(input: ChartInput): void {
    this.host.dataset.builds = String(this.builds);
    this.host.dataset.xMode = input.xMode;
    this.host.dataset.runs = String(input.lines.length);
  }

  /** The front run's findings, their step ranges placed on this chart's x. */
  private findingBandsFor(input: ChartInput) {
    const front = input.lines[0];
    const steps = front?.series?.step;
    if (!input.findings || !front || !steps || steps.length === 0) return [];
    const bands = findingBands([{ label: null, runIndex: 0, findings: input.findings.all }], steps[0] as number, steps[steps.length - 1] as number, input.findings.metrics);
    if (input.xMode === 'step') return bands;
    return bands
      .map((b) => ({ ...b, x0: stepToX(input.xMode, b.x0, front.timeline, front.origin), x1: stepToX(input.xMode, b.x1, front.timeline, front.origin) }))
      .filter((b) => Number.isFinite(b.x0) && Number.isFinite(b.x1));
  }

  /** The uPlot canvas (for the PNG export), or null before the first draw; a redraw left for later runs first. */
  get canvas(): HTMLCanvasElement | null {
    this.offscreen.flush();
    return this.frame.plot?.ctx.canvas ?? null;
  }

  destroy(): void {
    this.offscreen.destroy();
    this.bands.destroy();
    this.frame.destroy();
  }

  private options(input: ChartInput, width: number): uPlot.Options {
    const { theme, log, xMode } = input;
    const smoothing = input.smoothing !== undefined && smooths(input.smoothing) ? input.smoothing : 0;
    const font = axisFont(theme);
    const axisCommon = themedAxis(theme, font);
    const bandHooks = this.bands.hooks();
    const several = input.lines.length > 1;
    const lineSeries: uPlot.Series[] = [];
    input.lines.forEach((line, j) => {
      const name = several ? line.label : input.tag;
      if (smoothing > 0) {
        lineSeries.push({ label: `${name} (raw)`, class: 'raw-series', stroke: withAlpha(line.style.color, 0.3), width: 1, spanGaps: false, points: { show: false }, paths: columnPaths() });
      }
      lineSeries.push({
        label: name,
        stroke: line.style.color,
        dash: line.style.dash.length ? line.style.dash : undefined,
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        // Dense (decimated) lines as pixel columns: the same pixels as the stroke for a fraction of its raster cost.
        paths: columnPaths(),
        // The legend shows the logged value, not the floor a log axis draws it at (and the smoothed one first when smoothing).
        value: (_u, _v, _s, idx) => {
          const rawColumn = this.raw[j] ?? [];
          const raw = formatCompact(idx === null ? lastOf(rawColumn) : rawColumn[idx] ?? null);
          const smoothed = this.smoothed[j];
          return smoothed ? `${formatCompact(idx === null ? lastOf(smoothed) : smoothed[idx] ?? null)} (raw ${raw})` : raw;
        },
      });
    });
    const perLine = smoothing > 0 ? 2 : 1;
    return {
      width,
      height: chartHeight(width),
      pxAlign: false,
      scales: {
        // uPlot's time scale works in seconds, the unit of the wall column; its ticks fall on clock boundaries.
        x: { time: xMode === 'wall', range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
        y: {
          distr: log ? 3 : 1,
          log: 10,
          range: (_u, min, max) => {
            if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return log ? [0.1, 10] : [0, 1];
            if (log) return paddedRange({ min, max }, log);
            // Linear: outlier-aware, so one spike does not flatten the rest (outlierRange.ts).
            const range = this.rawRange();
            return range ? [range.keptMin >= 0 && range.min < 0 ? 0 : range.min, range.max] : paddedRange({ min, max }, log);
          },
        },
      },
      series: [
        // Away from the cursor the legend shows the latest point.
        { label: xMode === 'step' ? 'Step' : xMode === 'relative' ? 'Time' : 'Wall time', value: (u, v) => this.xLegend(v ?? lastOf(u.data[0]), u) },
        ...lineSeries,
      ],
      axes: [
        { ...axisCommon, label: X_AXIS_LABEL[xMode], labelSize: 20, size: 36, ...xTicks(xMode) },
        {
          ...axisCommon,
          size: (self, values) => yAxisSize(self, values, font),
          ...(log
            ? logYTicks()
            : { values: (_self: uPlot, splits: number[]) => splits.map((v) => formatValueTick(v)) }),
        },
      ],
      cursor: { points: { size: 7, width: 1.5 }, drag: { x: true, y: false, setScale: true }, ...(input.sync ? { sync: input.sync.cursor() } : {}) },
      legend: { live: true },
      hooks: {
        draw: [(u) => {
          drawNonFiniteMarks(u, this.nonFinite, theme);
          bandHooks.draw(u);
          this.stampRange(u);
          this.frame.drawn();
        }],
        setCursor: [bandHooks.setCursor],
        // Hiding a smoothed line in uPlot's legend hides its faint raw line too.
        setSeries: [(u, idx, opts) => { if (perLine === 2 && idx !== null && idx > 0 && idx % 2 === 0 && opts.show !== undefined) u.setSeries(idx - 1, { show: opts.show }, false); }],
        ...(input.sync?.hooks() ?? {}),
      },
    };
  }

  /**
   * outlierAwareRange of every raw value, once per update: uPlot asks for the y range on every setScale (each
   * live redraw, each zoom), and recomputing it (copying and ranking every point) was a good part of a live
   * redraw's script time (bench/dashboardFrame's profile).
   */
  private rawRange(): ReturnType<typeof outlierAwareRange> {
    if (this.rangeOf !== this.raw) {
      this.rangeOf = this.raw;
      this.rangeOfRaw = outlierAwareRange(this.raw.flatMap(tableColumn));
    }
    return this.rangeOfRaw;
  }

  /** The x range on screen (a zoom must survive live updates) and the front run's steps it covers, for tests and step-based requests. */
  private stampRange(u: uPlot): void {
    const min = u.scales.x.min;
    const max = u.scales.x.max;
    this.host.dataset.xRange = `${min ?? ''},${max ?? ''}`;
    const front = this.front;
    if (front && min !== undefined && max !== undefined && min !== null && max !== null) {
      const [a, b] = stepRange(this.xMode, min, max, front.timeline, front.origin);
      this.host.dataset.stepRange = `${Number.isFinite(a) ? Math.round(a) : ''},${Number.isFinite(b) ? Math.round(b) : ''}`;
    }
  }

  /** The legend's x: the step, the elapsed time, or the clock (with the date when the chart spans days). */
  private xLegend(x: number | null, u: uPlot): string {
    if (x === null) return MISSING;
    if (this.xMode === 'step') return formatSteps(x);
    if (this.xMode === 'relative') return formatElapsed(x);
    const xs = u.data[0];
    return formatClock(x, xs.length > 0 && spansDays(xs[0], xs[xs.length - 1]), true);
  }
}

type ChartInput = LogChartInput & { lines: LogChartLine[]; xMode: XAxisMode };

/** The input with its lines spelled out (a caller with one run by step may pass `series` and `style`). */
function withLines(input: LogChartInput): ChartInput {
  if (input.lines) return { ...input, lines: input.lines, xMode: input.xMode ?? 'step' };
  const style = input.style ?? { color: input.theme.series[0] ?? '#888888', dash: [] };
  return { ...input, xMode: 'step', lines: [{ runId: '', label: input.tag, series: input.series, style, timeline: new RunTimeline([], []), origin: NaN }] };
}

/** Tick placement and labels of the x axis in each mode. */
function xTicks(mode: XAxisMode): Pick<uPlot.Axis, 'values' | 'incrs'> {
  if (mode === 'step') return { values: (_u, splits) => splits.map((v) => formatStepTick(v)) };
  if (mode === 'relative') return { incrs: [...ELAPSED_INCREMENTS], values: (_u, splits) => splits.map((v) => formatElapsed(v)) };
  return {
    values: (u, splits, _axis, _space, incr) => clockTicks(splits, u.scales.x.min ?? splits[0], u.scales.x.max ?? splits[splits.length - 1], incr),
  };
}

/** A log axis's floor for an aligned column: `undefined` (no point of this run there) stays. */
function clampAligned(column: readonly AlignedValue[], floor: number): AlignedValue[] {
  return column.map((v) => (v === undefined || v === null ? v : v > floor ? v : floor));
}

function lastOf(column: ArrayLike<number | null | undefined>): number | null {
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}



/**
 * A dashed line in the error colour at each non-finite step, with a triangle at the top edge (NaN,
 * +Inf) or the bottom edge (-Inf) pointing where the value went. Steps outside the zoomed range are skipped.
 */
function drawNonFiniteMarks(u: uPlot, marks: readonly { x: number; kind: WireNonFinite['kind'] }[], theme: ChartTheme): void {
  if (marks.length === 0) return;
  const ctx = u.ctx;
  const px = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  const r = 4.5 * px;
  ctx.save();
  ctx.strokeStyle = theme.error;
  ctx.fillStyle = theme.error;
  ctx.lineWidth = 1 * px;
  for (const mark of marks) {
    const x = u.valToPos(mark.x, 'x', true);
    if (!(x >= left - 0.5 && x <= left + width + 0.5)) continue;
    ctx.setLineDash([3 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    if (mark.kind === '-inf') {
      ctx.moveTo(x, top + height - 2 * r);
      ctx.lineTo(x - r, top + height);
      ctx.lineTo(x + r, top + height);
    } else {
      ctx.moveTo(x, top + 2 * r);
      ctx.lineTo(x - r, top);
      ctx.lineTo(x + r, top);
    }
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}
