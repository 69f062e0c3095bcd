/**
 * A themed uPlot line chart of one metric per run against the step, with a linear or log y axis.
 * uPlot stays a thin renderer: data preparation lives in chartData.ts, tick choice in logAxis.ts.
 *
 * Options that depend on the theme or the scale type are baked into uPlot's options, so a theme or
 * scale change rebuilds the chart (cheap: a few thousand points); a resize only calls setSize.
 */
import uPlot from 'uplot';
import type { WireColumn } from '../../core/protocol';
import { formatCompact, formatSteps, MISSING } from '../format';
import type { ChartTheme } from '../theme';
import { alignedSeries, focusExtent, padColumn, paddedRange } from './chartData';
import { FittedPlot, heightForWidth } from './fittedPlot';
import { axisFont, logYTicks, themedAxis, yAxisSize } from './axes';
import type { SeriesStyle } from './seriesColors';
import { FindingBands } from '../findings/findingBands';
import type { FindingBand } from '../findings/findingRanges';
import { outlierAwareRange } from '../../core/chart/outlierRange';
import { withAlpha } from '../theme';
import type { ChartSync } from './chartSync';
import { chartTable, type ChartTable } from './chartTable';
import { smoothColumn, smooths } from './smoothedSeries';
import { columnPaths } from './columnPaths';

export interface LineSeries {
  label: string;
  column: WireColumn;
  /** Diverged runs end with a cross in the error colour and are named so in the legend. */
  divergedAtStep: number | null;
  style: SeriesStyle;
  /**
   * Draw straight across missing values (a sparse series such as a validation loss evaluated every few steps);
   * the legend shows no value between them. Default false: a missing value is a gap (a NaN, a diverged tail).
   */
  joinGaps?: boolean;
}

export interface LineChartSpec {
  /** Accessible name prefix, e.g. "Loss per step". */
  title: string;
  yLabel: string;
  series: LineSeries[];
  log: boolean;
  theme: ChartTheme;
  /** Findings shaded over their step ranges (loss charts). */
  findings?: readonly FindingBand[];
  /** TensorBoard's smoothing weight; above 0 the smoothed line is drawn over the raw one, drawn faint. */
  smoothing?: number;
  /** The charts this one shares its cursor and zoom with. */
  sync?: ChartSync;
}

const chartHeight = heightForWidth(200, 360, 0.62);

export function chartAriaLabel(spec: Pick<LineChartSpec, 'title' | 'log' | 'series'>): string {
  const n = spec.series.length;
  return `${spec.title}, ${spec.log ? 'log' : 'linear'} scale, ${n} series`;
}

export class LineChart {
  private readonly frame: FittedPlot;
  private readonly bands: FindingBands;
  /** The numbers drawn last, for the data table and the CSV export. */
  table: ChartTable | null = null;

  constructor(private readonly host: HTMLElement) {
    this.host.setAttribute('role', 'figure');
    this.frame = new FittedPlot(host, chartHeight);
    this.bands = new FindingBands(host);
  }

  /** Runs `action` (typically `render`) and resolves after the chart's next complete draw. */
  nextDrawAfter(action: () => void): Promise<void> {
    const drawn = this.frame.nextDraw();
    action();
    return drawn;
  }

  render(spec: LineChartSpec): void {
    this.host.setAttribute('aria-label', chartAriaLabel(spec) + (spec.smoothing && smooths(spec.smoothing) ? `, smoothed ${spec.smoothing}` : ''));
    this.frame.replace(null);
    this.bands.set(spec.findings ?? []);
    const width = this.frame.hostWidth;
    const { data, floor } = alignedSeries(spec.series.map((s) => s.column), spec.log);
    const rows = data[0].length;
    const raw = spec.series.map((s) => padColumn(s.column, rows));
    const smoothed = spec.smoothing !== undefined && smooths(spec.smoothing) ? raw.map((c) => smoothColumn(c, spec.smoothing as number)) : null;
    if (smoothed) data.push(...smoothed.map((c) => (floor === null ? c : c.map((v) => (v === null ? null : Math.max(v, floor))))));
    this.table = chartTable('step', data[0] as number[], spec.series.map((s, i) => ({ label: s.label, raw: raw[i], smoothed: smoothed?.[i] ?? null })));
    const range = yRange(raw, spec.series.map((s) => s.divergedAtStep !== null), spec.log);
    this.frame.replace(new uPlot(this.options(spec, width, range, raw, smoothed), data as uPlot.AlignedData, this.host));
  }

  /** The uPlot canvas (for the PNG export), or null before the first draw. */
  get canvas(): HTMLCanvasElement | null {
    return this.frame.plot?.ctx.canvas ?? null;
  }

  destroy(): void {
    this.bands.destroy();
    this.frame.destroy();
  }

  private options(spec: LineChartSpec, width: number, yRange: [number, number], raw: (number | null)[][], smoothed: (number | null)[][] | null): uPlot.Options {
    const { theme } = spec;
    const font = axisFont(theme);
    const axisCommon = themedAxis(theme, font);
    const bandHooks = this.bands.hooks();
    const n = spec.series.length;
    // With smoothing the legend shows the smoothed value and the raw one beside it (as TensorBoard's tooltip).
    const legendValue = (i: number) => (_u: uPlot, _v: number, _s: number, idx: number | null) => {
      if (idx === null) return MISSING;
      const value = formatCompact(raw[i]?.[idx] ?? null);
      return smoothed ? `${formatCompact(smoothed[i]?.[idx] ?? null)} (raw ${value})` : value;
    };
    const line = (s: LineSeries, i: number): uPlot.Series => ({
      label: s.divergedAtStep === null ? s.label : `${s.label} (diverged at ${formatSteps(s.divergedAtStep)})`,
      stroke: s.style.color,
      dash: s.style.dash.length ? s.style.dash : undefined,
      width: 1.75,
      spanGaps: s.joinGaps ?? false,
      points: { show: false },
      // A dense line (long runs, decimated) as pixel columns: the stroke's pixels at a fraction of its raster cost.
      paths: columnPaths(),
      value: legendValue(i),
    });
    // The raw lines, faint behind the smoothed ones; their legend rows are hidden (CSS) and follow the smoothed line's toggle.
    const faint = (s: LineSeries): uPlot.Series => ({
      label: `${s.label} (raw)`, class: 'raw-series', stroke: withAlpha(s.style.color, 0.3), width: 1, spanGaps: false, points: { show: false },
      paths: columnPaths(),
    });
    const sync = spec.sync?.hooks();
    return {
      width,
      height: chartHeight(width),
      pxAlign: false,
      scales: {
        x: { time: false },
        y: { distr: spec.log ? 3 : 1, log: 10, range: () => yRange },
      },
      series: [
        { label: 'Step', value: (_u, v) => (v === null || v === undefined ? MISSING : formatSteps(v)) },
        ...(smoothed ? spec.series.map(faint) : []),
        ...spec.series.map(line),
      ],
      axes: [
        { ...axisCommon, label: 'step', labelSize: 20, size: 36 },
        {
          ...axisCommon,
          label: spec.yLabel,
          labelSize: 22,
          size: (self, values) => yAxisSize(self, values, font),
          ...(spec.log
            ? logYTicks()
            : { values: (_self: uPlot, splits: number[]) => splits.map((v) => formatCompact(v)) }),
        },
      ],
      cursor: {
        points: { size: 7, width: 1.5 },
        focus: { prox: 24 },
        drag: { x: true, y: false, setScale: true },
        ...(spec.sync ? { sync: spec.sync.cursor() } : {}),
      },
      focus: { alpha: 0.35 },
      // A dashed line (a validation loss, runs past the palette) gets a dashed legend swatch, so the two lines of
      // one colour can be told apart in the legend too.
      legend: { live: true, markers: { dash: (u: uPlot, i: number) => ((u.series[i]?.dash?.length ?? 0) > 0 ? 'dashed' : 'solid') } },
      hooks: {
        draw: [(u) => {
          drawDivergenceMarks(u, spec, smoothed ? n : 0);
          bandHooks.draw(u);
          // The step range on screen, for tests (a zoom must reach every chart of the view).
          this.host.dataset.xRange = `${u.scales.x.min ?? ''},${u.scales.x.max ?? ''}`;
          this.frame.drawn();
        }],
        setCursor: [bandHooks.setCursor],
        setSeries: [(u, idx, opts) => {
          if (smoothed && idx !== null && idx > n && opts.show !== undefined) u.setSeries(idx - n, { show: opts.show }, false);
        }],
        ...(sync ?? {}),
      },
    };
  }
}

/**
 * The y range: on a log axis whole decades around the runs that did not diverge; on a linear axis the
 * outlier-aware range (outlierRange.ts) of those runs, so one spike or the first steps do not flatten the rest.
 */
function yRange(raw: readonly (number | null)[][], diverged: readonly boolean[], log: boolean): [number, number] {
  if (log) {
    const extent = focusExtent(raw, diverged, log);
    return extent ? paddedRange(extent, log) : [0.1, 10];
  }
  const kept = raw.filter((_, i) => !diverged[i]);
  const columns = kept.length > 0 ? kept : raw;
  const range = outlierAwareRange(columns.flat());
  if (!range) return [0, 1];
  // Losses are >= 0: keep 0 as the floor instead of padding below it.
  return [range.keptMin >= 0 && range.min < 0 ? 0 : range.min, range.max];
}

/** A cross in the error colour where each diverged run's line ends (pinned to the edge if off-chart). */
function drawDivergenceMarks(u: uPlot, spec: LineChartSpec, offset: number): void {
  const ctx = u.ctx;
  const px = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  spec.series.forEach((s, i) => {
    if (s.divergedAtStep === null || u.series[offset + i + 1]?.show === false) return;
    const ys = u.data[i + 1];
    let idx = ys.length - 1;
    while (idx >= 0 && (ys[idx] === null || ys[idx] === undefined)) idx--;
    if (idx < 0) return;
    const x = Math.min(left + width, Math.max(left, u.valToPos(u.data[0][idx], 'x', true)));
    const y = Math.min(top + height, Math.max(top, u.valToPos(ys[idx] as number, 'y', true)));
    const r = 4.5 * px;
    ctx.save();
    ctx.strokeStyle = spec.theme.error;
    ctx.lineWidth = 2 * px;
    ctx.beginPath();
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r);
    ctx.lineTo(x - r, y + r);
    ctx.stroke();
    ctx.restore();
  });
}
