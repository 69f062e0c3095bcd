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

export interface LineSeries {
  label: string;
  column: WireColumn;
  /** Diverged runs end with a cross in the error colour and are named so in the legend. */
  divergedAtStep: number | null;
  style: SeriesStyle;
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
}

const chartHeight = heightForWidth(200, 360, 0.62);

export function chartAriaLabel(spec: Pick<LineChartSpec, 'title' | 'log' | 'series'>): string {
  const n = spec.series.length;
  return `${spec.title}, ${spec.log ? 'log' : 'linear'} scale, ${n} series`;
}

export class LineChart {
  private readonly frame: FittedPlot;
  private readonly bands: FindingBands;

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
    this.host.setAttribute('aria-label', chartAriaLabel(spec));
    this.frame.replace(null);
    this.bands.set(spec.findings ?? []);
    const width = this.frame.hostWidth;
    const { data } = alignedSeries(spec.series.map((s) => s.column), spec.log);
    const raw = spec.series.map((s) => padColumn(s.column, data[0].length));
    const extent = focusExtent(raw, spec.series.map((s) => s.divergedAtStep !== null), spec.log);
    const range = extent ? paddedRange(extent, spec.log) : spec.log ? [0.1, 10] : [0, 1];
    this.frame.replace(new uPlot(this.options(spec, width, range as [number, number], raw), data as uPlot.AlignedData, this.host));
  }

  destroy(): void {
    this.bands.destroy();
    this.frame.destroy();
  }

  private options(spec: LineChartSpec, width: number, yRange: [number, number], raw: (number | null)[][]): uPlot.Options {
    const { theme } = spec;
    const font = axisFont(theme);
    const axisCommon = themedAxis(theme, font);
    const bandHooks = this.bands.hooks();
    const legendValue = (seriesIdx: number) => (_u: uPlot, _v: number, _s: number, idx: number | null) =>
      idx === null ? MISSING : formatCompact(raw[seriesIdx - 1]?.[idx] ?? null);
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
        ...spec.series.map((s, i): uPlot.Series => ({
          label: s.divergedAtStep === null ? s.label : `${s.label} (diverged at ${formatSteps(s.divergedAtStep)})`,
          stroke: s.style.color,
          dash: s.style.dash.length ? s.style.dash : undefined,
          width: 1.75,
          spanGaps: false,
          points: { show: false },
          value: legendValue(i + 1),
        })),
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
      },
      focus: { alpha: 0.35 },
      legend: { live: true },
      hooks: {
        draw: [(u) => { drawDivergenceMarks(u, spec); bandHooks.draw(u); this.frame.drawn(); }],
        setCursor: [bandHooks.setCursor],
      },
    };
  }
}


/** A cross in the error colour where each diverged run's line ends (pinned to the edge if off-chart). */
function drawDivergenceMarks(u: uPlot, spec: LineChartSpec): void {
  const ctx = u.ctx;
  const px = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  spec.series.forEach((s, i) => {
    if (s.divergedAtStep === null || u.series[i + 1]?.show === false) return;
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
