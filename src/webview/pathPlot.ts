/**
 * The optimizer-path plot for 2-D problems: contour lines of the loss over the problem's plot box,
 * a faint shading of low loss, and each run's parameter path up to the animation's current step, from a
 * hollow start marker to a filled dot at the current point (a cross in the error colour where a run
 * diverged), with the velocity arrow there (./paths/velocityArrow) and the known minimizer as a star.
 *
 * Two layers: the static one (shading, contours, axes, and each whole path faint as a preview) is drawn
 * once per size and theme into an offscreen canvas; a frame of the animation copies it and draws only the
 * paths up to the step, the markers and the arrows, from paths thinned to pixels once per size
 * (./paths/pathVertices). The loss grid and contour segments are computed once per comparison.
 */
import type { WireComparison } from '../core/protocol';
import { arrowGeometry, arrowKind, arrowScale, arrowVector, type ArrowKind, type ArrowRun } from './paths/velocityArrow';
import { pathVertices, vertexAtOrBefore, type PathVertices } from './paths/pathVertices';
import { rowAt } from './paths/playback';
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
  /** The wire run's fields the velocity arrow reads, and which vector it shows. */
  arrow: ArrowRun;
  arrowKind: ArrowKind;
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
  readonly canvas: HTMLCanvasElement;
  private readonly resizeObserver: ResizeObserver;
  private input: PathPlotInput | null = null;
  private field: Field | null = null;
  private theme: ChartTheme | null = null;
  /** The animation's step: each run is drawn up to its row at this step. */
  private step = Infinity;
  /** The static layer and what it was drawn for (size and theme). */
  private readonly backdrop = document.createElement('canvas');
  private backdropKey = '';
  private layout: { width: number; height: number; dpr: number; t: PlotTransform; paths: PathVertices[] } | null = null;
  /** One arrow scale for the whole comparison (see arrowScale). */
  private scale = 1;
  private readonly vector = new Float64Array(2);

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
    this.scale = arrowScale(input.runs.map((run) => ({ run: run.arrow, kind: run.arrowKind, diverged: run.diverged })), input.bounds.xMax - input.bounds.xMin);
    this.canvas.setAttribute('aria-label', description);
    this.layout = null;
    this.backdropKey = '';
    this.draw();
  }

  /** The factor the velocity arrows are drawn at (1: true length). */
  get arrowScale(): number {
    return this.scale;
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.draw();
  }

  /** Draws the paths up to `step` (Infinity: whole paths). Only the path layer is redrawn. */
  setStep(step: number): void {
    this.step = step;
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
    let layout = this.layout;
    if (!layout || layout.width !== width || layout.height !== height || layout.dpr !== dpr) {
      const t = fitBounds(input.bounds, {
        left: MARGIN.left, top: MARGIN.top,
        width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
      });
      layout = { width, height, dpr, t, paths: input.runs.map((run) => pathVertices(run.params, t.x, t.y)) };
      this.layout = layout;
    }
    const key = `${width}x${height}@${dpr}:${theme.kind}:${theme.background}:${theme.foreground}:${theme.muted}:${theme.grid}:${theme.series.join()}`;
    if (key !== this.backdropKey) {
      this.drawBackdrop(input, theme, layout);
      this.backdropKey = key;
    }
    const { t, paths } = layout;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.backdrop, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(t.area.left, t.area.top, t.area.width, t.area.height);
    ctx.clip();
    input.runs.forEach((run, i) => drawPath(ctx, run, paths[i], this.step, t, theme));
    input.runs.forEach((run, i) => this.drawArrow(ctx, run, paths[i], t, theme));
    if (input.minimizer) drawStar(ctx, t.x(input.minimizer[0]), t.y(input.minimizer[1]), theme);
    input.runs.forEach((run, i) => drawMarkers(ctx, run, paths[i], this.step, t, theme));
    ctx.restore();
  }

  /** Shading, contours, axes and the whole paths (faint): what does not change from frame to frame. */
  private drawBackdrop(input: PathPlotInput, theme: ChartTheme, layout: NonNullable<PathPlot['layout']>): void {
    const { width, height, dpr, t, paths } = layout;
    this.backdrop.width = this.canvas.width;
    this.backdrop.height = this.canvas.height;
    const ctx = this.backdrop.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const highContrast = theme.kind.startsWith('high-contrast');
    ctx.save();
    ctx.beginPath();
    ctx.rect(t.area.left, t.area.top, t.area.width, t.area.height);
    ctx.clip();
    if (this.field) {
      if (!highContrast) drawShading(ctx, this.field, t, theme);
      drawContours(ctx, this.field, t, theme, highContrast);
    }
    // The whole path, faint: where each run is going while the animation shows where it is.
    input.runs.forEach((run, i) => {
      const style = seriesStyle(theme, run.runIndex);
      ctx.globalAlpha = highContrast ? 0.45 : 0.22;
      strokeVertices(ctx, paths[i], paths[i].count - 1, null, null);
      ctx.strokeStyle = style.color;
      ctx.lineWidth = 1.25;
      ctx.setLineDash(run.diverged ? [4, 3] : style.dash);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    });
    ctx.restore();
    drawAxes(ctx, input.bounds, t, theme);
  }

  /** The velocity arrow at the run's current row, in the run's colour over a background-coloured halo. */
  private drawArrow(ctx: CanvasRenderingContext2D, run: PathRun, path: PathVertices, t: PlotTransform, theme: ChartTheme): void {
    const row = Math.min(rowAt(this.step, run.arrow.stepsRun), path.lastRow);
    if (row < 1 || !arrowVector(run.arrow, run.arrowKind, row, this.vector)) return;
    const x = run.params[2 * row];
    const y = run.params[2 * row + 1];
    if (x === null || y === null) return;
    const x0 = t.x(x);
    const y0 = t.y(y);
    // Equal scaling on both axes: one pixels-per-unit factor; y grows upwards in parameter space.
    const ppu = t.x(1) - t.x(0);
    const a = arrowGeometry(x0, y0, this.vector[0] * this.scale * ppu, -this.vector[1] * this.scale * ppu);
    if (!a) return;
    const style = seriesStyle(theme, run.runIndex);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const [color, widthPx] of [[theme.background, 4.5], [style.color, 2]] as const) {
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(a.tipX, a.tipY);
      ctx.moveTo(a.leftX, a.leftY);
      ctx.lineTo(a.tipX, a.tipY);
      ctx.lineTo(a.rightX, a.rightY);
      ctx.strokeStyle = color;
      ctx.lineWidth = widthPx;
      ctx.stroke();
    }
    ctx.lineCap = 'butt';
  }
}

/**
 * Adds the kept vertices 0..`last` to a new path, then the exact point (ex, ey) when given (the current row
 * falls between kept vertices).
 */
function strokeVertices(ctx: CanvasRenderingContext2D, path: PathVertices, last: number, ex: number | null, ey: number | null): void {
  ctx.beginPath();
  const xy = path.xy;
  for (let k = 0; k <= last; k++) {
    if (k === 0) ctx.moveTo(xy[0], xy[1]);
    else ctx.lineTo(xy[2 * k], xy[2 * k + 1]);
  }
  if (ex !== null && ey !== null) ctx.lineTo(ex, ey);
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

/** The run's row at `step` and its pixel position (null before the path starts). */
function currentPoint(run: PathRun, path: PathVertices, step: number, t: PlotTransform): { row: number; x: number; y: number } | null {
  const row = Math.min(rowAt(step, run.arrow.stepsRun), path.lastRow);
  if (row < 0) return null;
  const x = run.params[2 * row] as number;
  const y = run.params[2 * row + 1] as number;
  return { row, x: Math.max(-1e5, Math.min(1e5, t.x(x))), y: Math.max(-1e5, Math.min(1e5, t.y(y))) };
}

function drawPath(ctx: CanvasRenderingContext2D, run: PathRun, path: PathVertices, step: number, t: PlotTransform, theme: ChartTheme): void {
  const at = currentPoint(run, path, step, t);
  if (!at || at.row === 0) return;
  const last = vertexAtOrBefore(path, at.row);
  const exact = path.rows[last] === at.row;
  strokeVertices(ctx, path, last, exact ? null : at.x, exact ? null : at.y);
  const style = seriesStyle(theme, run.runIndex);
  ctx.strokeStyle = style.color;
  // A diverging path jumps across the whole plot; thinner and translucent it does not hide the others.
  ctx.globalAlpha = run.diverged ? 0.55 : 1;
  ctx.lineWidth = run.diverged ? 1.25 : 1.75;
  ctx.lineJoin = 'round';
  ctx.setLineDash(run.diverged ? [4, 3] : style.dash);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** Start (hollow ring) and current point (filled dot; a cross once a diverged run has blown up). */
function drawMarkers(ctx: CanvasRenderingContext2D, run: PathRun, path: PathVertices, step: number, t: PlotTransform, theme: ChartTheme): void {
  const at = currentPoint(run, path, step, t);
  if (!at) return;
  const style = seriesStyle(theme, run.runIndex);
  ctx.beginPath();
  ctx.arc(path.xy[0], path.xy[1], 4.5, 0, 2 * Math.PI);
  ctx.fillStyle = theme.background;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = style.color;
  ctx.stroke();
  if (run.diverged && rowAt(step, run.arrow.stepsRun) >= run.arrow.stepsRun) {
    const a = t.area;
    drawCross(ctx, Math.min(a.left + a.width - 5, Math.max(a.left + 5, at.x)), Math.min(a.top + a.height - 5, Math.max(a.top + 5, at.y)), theme.error);
    return;
  }
  if (at.row === 0) return;
  // Current point: filled dot with a background-coloured rim so it stands out on the lines.
  ctx.beginPath();
  ctx.arc(at.x, at.y, 4.5, 0, 2 * Math.PI);
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
    if (run.dim === 2) {
      runs.push({ label: run.label, params: run.params, diverged: run.summary.diverged, runIndex, arrow: run, arrowKind: arrowKind(run) });
    }
  });
  return runs;
}
