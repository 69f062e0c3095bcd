/**
 * The uPlot chart of one tag of a watched log: step on x, the tag's value on y (log or linear), and a
 * mark in the error colour at every step where the log holds NaN or an infinity.
 *
 * Live updates arrive several times a second, so they go through `setData` on the existing uPlot
 * instance; only a change of what is baked into uPlot's options (scale type, theme, colour) rebuilds it.
 * A zoomed x range (drag) survives updates; a double-click goes back to the whole run.
 */
import uPlot from 'uplot';
import type { WireLogSeries, WireNonFinite } from '../../core/protocol';
import { paddedRange } from '../charts/chartData';
import { FittedPlot, heightForWidth } from '../charts/fittedPlot';
import { axisFont, logYTicks, themedAxis, yAxisSize } from '../charts/axes';
import type { SeriesStyle } from '../charts/seriesColors';
import { formatCompact, formatSteps, MISSING } from '../format';
import type { ChartTheme } from '../theme';
import { chartColumns, formatStepTick, formatValueTick } from './logSeries';
import type { Finding } from '../../core/diagnose/types';
import { FindingBands } from '../findings/findingBands';
import { findingBands } from '../findings/findingRanges';
import { clampForLog, logFloor } from '../charts/chartData';
import type { ChartSync } from '../charts/chartSync';
import { chartTable, type ChartTable } from '../charts/chartTable';
import { smoothColumn, smooths } from '../charts/smoothedSeries';
import { withAlpha } from '../theme';
import { OffscreenRedraw } from '../charts/offscreenRedraw';
import { sameColumns } from '../charts/sameData';
import { clampSparseForLog, hostSmoothedLine, mergeSmoothedLine, orNull, type SparseColumn } from './hostSmoothed';
import { outlierAwareRange } from '../../core/chart/outlierRange';

export interface LogChartInput {
  tag: string;
  series: WireLogSeries | undefined;
  log: boolean;
  theme: ChartTheme;
  style: SeriesStyle;
  /** The run's findings and which of their metrics this chart shades. */
  findings?: { all: readonly Finding[]; metrics: ReadonlySet<string> };
  /** TensorBoard's smoothing weight; above 0 the smoothed line is drawn over the raw one, drawn faint. */
  smoothing?: number;
  /** The charts of the run share cursor and zoom. */
  sync?: ChartSync;
}

const chartHeight = heightForWidth(180, 300, 0.45);

export class LogChart {
  private readonly frame: FittedPlot;
  /** What the current uPlot instance was built for; a different key rebuilds it. */
  private builtFor = '';
  private builds = 0;
  private nonFinite: readonly WireNonFinite[] = [];
  private raw: SparseColumn = [];
  private dataExtent: [number, number] | null = null;
  /** The step extent of the data on screen (dataExtent may be ahead of it while a redraw waits off screen). */
  private drawnExtent: [number, number] | null = null;
  private readonly bands: FindingBands;
  private smoothed: SparseColumn | null = null;
  /** The columns and marks given to uPlot last (a snapshot that repeats them is not repainted). */
  private shownData: uPlot.AlignedData | null = null;
  private shownMarks = '';
  /** Live redraws of this chart while it is scrolled out of view wait for it to come back. */
  private readonly offscreen: OffscreenRedraw;
  /** The numbers drawn last, for the data table and the CSV export. */
  table: ChartTable | null = null;

  constructor(private readonly host: HTMLElement) {
    this.host.setAttribute('role', 'img');
    this.frame = new FittedPlot(host, chartHeight);
    this.bands = new FindingBands(host);
    this.offscreen = new OffscreenRedraw(host);
  }

  /** Shows `input`, in place when possible; resolves after the chart has drawn it. */
  update(input: LogChartInput): Promise<void> {
    const { xs, ys } = chartColumns(input.series, input.log);
    this.nonFinite = input.series?.nonFinite ?? [];
    const points = input.series?.points ?? 0;
    this.host.setAttribute('aria-label', `${input.tag} per step, ${input.log ? 'log' : 'linear'} scale, ${formatSteps(points)} points`
      + (this.nonFinite.length ? `, ${this.nonFinite.length} non-finite` : ''));
    const smoothing = input.smoothing !== undefined && smooths(input.smoothing) ? input.smoothing : 0;
    // The host's line is TensorBoard's EMA over every raw point; smoothing the samples here is only the stand-in
    // while the host has not answered a new weight yet (the slider just moved).
    const hostLine = smoothing > 0 ? hostSmoothedLine(input.series, smoothing) : undefined;
    const rawOnly = chartColumns(input.series, false).ys;
    this.raw = rawOnly;
    const floor = logFloor([rawOnly]);
    let data: uPlot.AlignedData;
    if (hostLine) {
      const merged = mergeSmoothedLine(xs, rawOnly, hostLine);
      this.raw = merged.raw;
      this.smoothed = merged.smoothed;
      this.table = chartTable('step', merged.xs, [{ label: input.tag, raw: orNull(merged.raw), smoothed: orNull(merged.smoothed) }]);
      data = [merged.xs, input.log ? clampSparseForLog(merged.raw, floor) : merged.raw, input.log ? clampSparseForLog(merged.smoothed, floor) : merged.smoothed];
    } else {
      const smoothed = smoothing > 0 ? smoothColumn(rawOnly, smoothing) : null;
      this.smoothed = smoothed;
      this.table = chartTable('step', xs, [{ label: input.tag, raw: rawOnly, smoothed }]);
      const smoothedDrawn = smoothed && input.log ? clampForLog(smoothed, floor) : smoothed;
      data = smoothedDrawn ? [xs, ys, smoothedDrawn] : [xs, ys];
    }
    const key = JSON.stringify([input.log, input.theme, input.style, input.tag, smoothing > 0]);
    const dataXs = data[0] as number[];
    this.dataExtent = dataXs.length ? [dataXs[0], dataXs[dataXs.length - 1]] : null;
    const extent = this.dataExtent;
    this.bands.set(input.findings && extent
      ? findingBands([{ label: null, runIndex: 0, findings: input.findings.all }], extent[0], extent[1], input.findings.metrics) : []);
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
      // Off screen, a live update waits until the chart is scrolled back into view (its table is up to date).
      if (this.offscreen.deferring) {
        this.offscreen.defer(redraw);
        this.host.dataset.builds = String(this.builds);
        return Promise.resolve();
      }
      this.offscreen.defer(redraw);
      const drawn = this.frame.nextDraw();
      this.offscreen.flush();
      this.host.dataset.builds = String(this.builds);
      return drawn;
    }
    const drawn = this.frame.nextDraw();
    // A rebuild draws now (a new scale, theme or tag is a user's action, on screen); an older waiting redraw is void.
    this.offscreen.drop();
    this.drawnExtent = extent;
    this.frame.replace(null);
    this.builtFor = key;
    this.builds++;
    this.frame.replace(new uPlot(this.options(input, this.frame.hostWidth), data, this.host));
    this.host.dataset.builds = String(this.builds);
    return drawn;
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

  private options(input: LogChartInput, width: number): uPlot.Options {
    const { theme, log } = input;
    const smoothing = input.smoothing !== undefined && smooths(input.smoothing) ? input.smoothing : 0;
    const font = axisFont(theme);
    const axisCommon = themedAxis(theme, font);
    const bandHooks = this.bands.hooks();
    return {
      width,
      height: chartHeight(width),
      pxAlign: false,
      scales: {
        x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
        y: {
          distr: log ? 3 : 1,
          log: 10,
          range: (_u, min, max) => {
            if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return log ? [0.1, 10] : [0, 1];
            if (log) return paddedRange({ min, max }, log);
            // Linear: outlier-aware, so one spike does not flatten the rest (outlierRange.ts).
            const range = outlierAwareRange(this.raw);
            return range ? [range.keptMin >= 0 && range.min < 0 ? 0 : range.min, range.max] : paddedRange({ min, max }, log);
          },
        },
      },
      series: [
        // Away from the cursor the legend shows the latest point.
        { label: 'Step', value: (u, v) => formatSteps0(v ?? lastOf(u.data[0])) },
        ...(smoothing > 0
          ? [{ label: `${input.tag} (raw)`, class: 'raw-series', stroke: withAlpha(input.style.color, 0.3), width: 1, spanGaps: false, points: { show: false } }]
          : []),
        {
          label: input.tag,
          stroke: input.style.color,
          dash: input.style.dash.length ? input.style.dash : undefined,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
          // The legend shows the logged value, not the floor a log axis draws it at (and the smoothed one first when smoothing).
          value: (_u, _v, _s, idx) => {
            const raw = formatCompact(idx === null ? lastOf(this.raw) : this.raw[idx] ?? null);
            const smoothed = this.smoothed;
            return smoothed ? `${formatCompact(idx === null ? lastOf(smoothed) : smoothed[idx] ?? null)} (raw ${raw})` : raw;
          },
        },
      ],
      axes: [
        { ...axisCommon, label: 'step', labelSize: 20, size: 36, values: (_u, splits) => splits.map((v) => formatStepTick(v)) },
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
          // The step range on screen, for tests (a zoom must survive live updates).
          this.host.dataset.xRange = `${u.scales.x.min ?? ''},${u.scales.x.max ?? ''}`;
          this.frame.drawn();
        }],
        setCursor: [bandHooks.setCursor],
        setSeries: [(u, idx, opts) => { if (smoothing > 0 && idx === 2 && opts.show !== undefined) u.setSeries(1, { show: opts.show }, false); }],
        ...(input.sync?.hooks() ?? {}),
      },
    };
  }
}

function lastOf(column: ArrayLike<number | null | undefined>): number | null {
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

function formatSteps0(step: number | null): string {
  return step === null ? MISSING : formatSteps(step);
}


/**
 * A dashed line in the error colour at each non-finite step, with a triangle at the top edge (NaN,
 * +Inf) or the bottom edge (-Inf) pointing where the value went. Steps outside the zoomed range are skipped.
 */
function drawNonFiniteMarks(u: uPlot, marks: readonly WireNonFinite[], theme: ChartTheme): void {
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
    const x = u.valToPos(mark.step, 'x', true);
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
