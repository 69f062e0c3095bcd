/**
 * The optimizer-path plot for 2-D problems: contour lines of the loss over the problem's plot box,
 * a faint shading of low loss, and each run's parameter path as a polyline from a hollow start
 * marker to a filled end marker (a cross in the error colour where a run diverged), with the known
 * minimizer as a star. Drawn on one canvas at device-pixel resolution, redrawn on resize and theme
 * change; the loss grid and contour segments are computed once per comparison.
 */
import type { WireComparison } from '../core/protocol';
import type { PlotBounds } from '../core/problems/types';
import { axisFont } from './charts/axes';
import { seriesStyle } from './charts/seriesColors';
import { contourLevels, contourSegments } from './contours';
import { formatCompact } from './format';
import { fitBounds, niceTicks, plotHeight, sampleGrid, type PlotTransform } from './plotGeometry';
import { withAlpha, type ChartTheme } from './theme';

const GRID = 121;
const LEVELS = 14;
const MARGIN = { left: 56, right: 12, top: 10, bottom: 40 };

export interface PathRun {
  label: string;
  /** Row-major [x0, y0, x1, y1, ...]; null where the run had left finite values. */
  params: (number | null)[];
  diverged: boolean;
  /** Position of the run in the comparison: picks its colour (re-read on theme changes). */
  runIndex: number;
}

export interface PathPlotInput {
  bounds: PlotBounds;
  minimizer: [number, number] | null;
  runs: PathRun[];
  /** Loss at (x, y), or null when the problem cannot be rebuilt here (paths are still drawn). */
  loss: ((x: number, y: number) => number) | null;
}

interface Field {
  grid: Float64Array;
  levels: number[];
  segments: Float64Array[];
  /** Per grid value, 0 (lowest level) .. 1 (highest), for the shading. */
  depth: Float32Array;
}

export class PathPlot {
  private readonly canvas: HTMLCanvasElement;
  private readonly resizeObserver: ResizeObserver;
  private input: PathPlotInput | null = null;
  private field: Field | null = null;
  private theme: ChartTheme | null = null;

  constructor(private readonly host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    host.replaceChildren(this.canvas);
    let queued = false;
    this.resizeObserver = new ResizeObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; this.draw(); });
    });
    this.resizeObserver.observe(host);
  }

  render(input: PathPlotInput, theme: ChartTheme, description: string): void {
    this.input = input;
    this.theme = theme;
    this.field = input.loss ? computeField(input.loss, input.bounds) : null;
    this.canvas.setAttribute('aria-label', description);
    this.draw();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.draw();
  }

  destroy(): void {
    this.resizeObserver.disconnect();
  }

  private draw(): void {
    const { input, theme } = this;
    if (!input || !theme) return;
    const width = Math.max(1, Math.floor(this.host.clientWidth));
    const height = plotHeight(input.bounds, width, MARGIN.left + MARGIN.right, 220, 440);
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const t = fitBounds(input.bounds, {
      left: MARGIN.left, top: MARGIN.top,
      width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
    });
    const highContrast = theme.kind.startsWith('high-contrast');
    ctx.save();
    ctx.beginPath();
    ctx.rect(t.area.left, t.area.top, t.area.width, t.area.height);
    ctx.clip();
    if (this.field) {
      if (!highContrast) drawShading(ctx, this.field, t, theme);
      drawContours(ctx, this.field, t, theme, highContrast);
    }
    for (const run of input.runs) drawPath(ctx, run, t, theme);
    if (input.minimizer) drawStar(ctx, t.x(input.minimizer[0]), t.y(input.minimizer[1]), theme);
    ctx.restore();
    drawAxes(ctx, input.bounds, t, theme);
  }
}

function computeField(loss: (x: number, y: number) => number, bounds: PlotBounds): Field {
  const grid = sampleGrid(loss, bounds, GRID, GRID);
  const levels = contourLevels(grid, LEVELS, bounds.logLevels);
  const segments = levels.map((level) => contourSegments(grid, GRID, GRID, level));
  const depth = new Float32Array(grid.length);
  const lo = levels[0];
  const hi = levels[levels.length - 1];
  const map = bounds.logLevels ? (v: number) => Math.log10(Math.max(v, lo)) : (v: number) => v;
  const a = lo === undefined ? 0 : map(lo);
  const b = hi === undefined ? 1 : map(hi);
  for (let k = 0; k < grid.length; k++) {
    const v = grid[k];
    depth[k] = Number.isFinite(v) && b > a ? Math.min(1, Math.max(0, (map(v) - a) / (b - a))) : 1;
  }
  return { grid, levels, segments, depth };
}

/** Low loss shaded with the theme's accent: a translucent image stretched over the plot box. */
function drawShading(ctx: CanvasRenderingContext2D, field: Field, t: PlotTransform, theme: ChartTheme): void {
  const image = new ImageData(GRID, GRID);
  const [r, g, b] = parseRgb(theme.series[0]);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const src = j * GRID + i;
      const dst = ((GRID - 1 - j) * GRID + i) * 4; // image rows run top-down, grid rows bottom-up
      const closeness = 1 - field.depth[src];
      image.data[dst] = r;
      image.data[dst + 1] = g;
      image.data[dst + 2] = b;
      image.data[dst + 3] = Math.round(255 * 0.2 * closeness * closeness);
    }
  }
  const tile = document.createElement('canvas');
  tile.width = GRID;
  tile.height = GRID;
  tile.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, t.area.left, t.area.top, t.area.width, t.area.height);
}

function drawContours(ctx: CanvasRenderingContext2D, field: Field, t: PlotTransform, theme: ChartTheme, highContrast: boolean): void {
  const { area } = t;
  const sx = area.width / (GRID - 1);
  const sy = area.height / (GRID - 1);
  ctx.lineWidth = 1;
  ctx.strokeStyle = highContrast ? withAlpha(theme.foreground, 0.55) : withAlpha(theme.muted, 0.42);
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const seg of field.segments) {
    for (let k = 0; k + 3 < seg.length; k += 4) {
      ctx.moveTo(area.left + seg[k] * sx, area.top + area.height - seg[k + 1] * sy);
      ctx.lineTo(area.left + seg[k + 2] * sx, area.top + area.height - seg[k + 3] * sy);
    }
  }
  ctx.stroke();
}

function drawPath(ctx: CanvasRenderingContext2D, run: PathRun, t: PlotTransform, theme: ChartTheme): void {
  const p = run.params;
  const style = seriesStyle(theme, run.runIndex);
  const rows = Math.floor(p.length / 2);
  let last = -1;
  ctx.beginPath();
  for (let k = 0; k < rows; k++) {
    const x = p[2 * k];
    const y = p[2 * k + 1];
    if (x === null || y === null) break;
    const px = t.x(x);
    const py = t.y(y);
    // Far-off points (a diverging run) would overflow canvas coordinates; the clip hides them anyway.
    const cx = Math.max(-1e5, Math.min(1e5, px));
    const cy = Math.max(-1e5, Math.min(1e5, py));
    if (k === 0) ctx.moveTo(cx, cy);
    else ctx.lineTo(cx, cy);
    last = k;
  }
  if (last < 0) return;
  ctx.strokeStyle = style.color;
  // A diverging path jumps across the whole plot; thinner and translucent it does not hide the others.
  ctx.globalAlpha = run.diverged ? 0.55 : 1;
  ctx.lineWidth = run.diverged ? 1.25 : 1.75;
  ctx.lineJoin = 'round';
  ctx.setLineDash(run.diverged ? [4, 3] : style.dash);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  const sx = t.x(p[0] as number);
  const sy = t.y(p[1] as number);
  const ex = t.x(p[2 * last] as number);
  const ey = t.y(p[2 * last + 1] as number);
  // Start: hollow ring.
  ctx.beginPath();
  ctx.arc(sx, sy, 4.5, 0, 2 * Math.PI);
  ctx.fillStyle = theme.background;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = style.color;
  ctx.stroke();
  if (run.diverged) {
    const a = t.area;
    drawCross(ctx, Math.min(a.left + a.width - 5, Math.max(a.left + 5, ex)), Math.min(a.top + a.height - 5, Math.max(a.top + 5, ey)), theme.error);
    return;
  }
  // End: filled dot with a background-coloured rim so it stands out on the lines.
  ctx.beginPath();
  ctx.arc(ex, ey, 4, 0, 2 * Math.PI);
  ctx.fillStyle = style.color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = theme.background;
  ctx.stroke();
}

function drawCross(ctx: CanvasRenderingContext2D, x: number, y: number, color: string): void {
  const r = 5;
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.lineWidth = 2.25;
  ctx.strokeStyle = color;
  ctx.stroke();
}

function drawStar(ctx: CanvasRenderingContext2D, x: number, y: number, theme: ChartTheme): void {
  const outer = 7;
  const inner = 3;
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const px = x + r * Math.cos(angle);
    const py = y + r * Math.sin(angle);
    if (k === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
  ctx.fillStyle = theme.foreground;
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.background;
  ctx.stroke();
}

function drawAxes(ctx: CanvasRenderingContext2D, bounds: PlotBounds, t: PlotTransform, theme: ChartTheme): void {
  const { area } = t;
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(area.left + 0.5, area.top + 0.5, area.width - 1, area.height - 1);
  ctx.fillStyle = theme.muted;
  ctx.font = axisFont(theme);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of niceTicks(bounds.xMin, bounds.xMax, Math.max(2, Math.floor(area.width / 70)))) {
    const x = t.x(v);
    ctx.fillRect(Math.round(x), area.top + area.height, 1, 4);
    ctx.fillText(formatCompact(v), x, area.top + area.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(bounds.yMin, bounds.yMax, Math.max(2, Math.floor(area.height / 50)))) {
    const y = t.y(v);
    ctx.fillRect(area.left - 4, Math.round(y), 4, 1);
    ctx.fillText(formatCompact(v), area.left - 7, y);
  }
  // Axis names, placed like uPlot's: centred below the x ticks, rotated left of the y ticks.
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('x', area.left + area.width / 2, area.top + area.height + MARGIN.bottom);
  ctx.save();
  ctx.translate(area.left - MARGIN.left + 4, area.top + area.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'top';
  ctx.fillText('y', 0, 0);
  ctx.restore();
}

/** [r, g, b] of a hex or rgb() colour; mid-grey for anything else. */
function parseRgb(color: string): [number, number, number] {
  const rgba = withAlpha(color, 1);
  const m = /rgba\((\d+), (\d+), (\d+)/.exec(rgba);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
}

/** The runs of a comparison that have 2-D paths. */
export function pathPlotRuns(comparison: WireComparison): PathRun[] {
  const runs: PathRun[] = [];
  comparison.runs.forEach((run, runIndex) => {
    if (run.dim === 2) runs.push({ label: run.label, params: run.params, diverged: run.summary.diverged, runIndex });
  });
  return runs;
}
