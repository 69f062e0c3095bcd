/**
 * The stability map panel: an lr x momentum heat map of the worst convergence rate on the comparison's
 * quadratic (classes in theme colours, faster = stronger), the stable edge, Polyak's optimum, each momentum-SGD
 * run as a numbered dot and an arrow to where its suggested fix would put it. Clicking a cell, or Enter on the
 * focused cell (arrow keys move it), re-runs the comparison with one more run at that lr and momentum.
 */
import { CELL_DIVERGES, CELL_FAST, CELL_KIND_NAMES, CELL_RINGS, cellSettings, stepsToShrink, type StabilityMap } from '../../core/chart/stabilityMap';
import type { WireComparison } from '../../core/protocol';
import { h, replaceChildren } from '../dom';
import { formatCompact } from '../format';
import { seriesStyle } from '../charts/seriesColors';
import { withAlpha, type ChartTheme } from '../theme';
import { cellAt, cellRect, mapModel, movedCell, runAtCell, settingPoint, type MapModel } from './mapModel';

const MARGIN = { left: 52, right: 12, top: 10, bottom: 38 };

/** Fill colour of each cell class (diverges, rings, fast, slow). */
export function classColors(theme: ChartTheme): string[] {
  return [theme.error, theme.series[1] ?? '#d18616', theme.series[2] ?? '#89d185', theme.series[0] ?? '#3794ff'];
}

export class StabilityView {
  readonly element = h('div', { class: 'stability-map' });
  private readonly canvas = h('canvas', { class: 'stability-canvas', tabindex: '0', role: 'img' });
  private readonly status = h('p', { class: 'map-status', 'aria-live': 'polite' });
  private model: MapModel | null = null;
  private comparison: WireComparison | null = null;
  private focusCell = -1;
  private hoverCell = -1;
  private readonly resizeObserver: ResizeObserver;

  constructor(private theme: ChartTheme, private readonly onRun: (lr: number, momentum: number, nesterov: boolean, cell: number) => void) {
    this.canvas.addEventListener('click', (event) => {
      const cell = this.cellOfEvent(event);
      if (cell >= 0) this.run(cell);
    });
    this.canvas.addEventListener('mousemove', (event) => this.setHover(this.cellOfEvent(event)));
    this.canvas.addEventListener('mouseleave', () => this.setHover(-1));
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('focus', () => {
      if (this.model?.kind === 'map' && this.focusCell < 0) this.focusCell = this.startCell(this.model.map);
      this.draw();
      this.describe(this.focusCell);
    });
    this.canvas.addEventListener('blur', () => this.draw());
    this.resizeObserver = new ResizeObserver(() => requestAnimationFrame(() => this.draw()));
    this.resizeObserver.observe(this.element);
  }

  show(comparison: WireComparison, theme: ChartTheme, nesterov?: boolean): void {
    this.comparison = comparison;
    this.theme = theme;
    this.model = mapModel(comparison, nesterov);
    this.focusCell = -1;
    const model = this.model;
    if (model.kind === 'unavailable') {
      replaceChildren(this.element, h('div', { class: 'empty-note', role: 'note' }, h('strong', {}, 'No stability map for this problem. '), model.reason));
      this.element.dataset.state = 'unavailable';
      return;
    }
    this.element.dataset.state = 'map';
    this.element.dataset.cells = `${model.map.momentum.length}x${model.map.lr.length}`;
    this.canvas.setAttribute('aria-label', `Stability map of ${model.map.nesterov ? 'Nesterov' : 'heavy-ball'} momentum SGD, curvatures `
      + `${formatCompact(model.map.lambdaMin)} to ${formatCompact(model.map.lambdaMax)}. Arrow keys move over learning rate and momentum; Enter re-runs with the focused setting.`);
    const flavour = h('input', { type: 'checkbox', id: 'map-nesterov', class: 'map-nesterov' });
    flavour.checked = model.map.nesterov;
    flavour.addEventListener('change', () => this.show(comparison, this.theme, flavour.checked));
    const toggle = h('label', { class: 'checkbox map-flavour', for: 'map-nesterov' }, flavour, h('span', { class: 'checkmark', 'aria-hidden': 'true' }),
      h('span', {}, 'Nesterov momentum'));
    replaceChildren(this.element, h('div', { class: 'map-head' }, this.legend(model), toggle), this.canvas, this.status,
      model.offMap.length ? h('p', { class: 'note' }, `Not on the map: ${model.offMap.join(', ')}.`) : null);
    this.status.textContent = 'Click a cell (or focus the map and press Enter) to re-run the comparison with one more SGD run at that learning rate and momentum.';
    requestAnimationFrame(() => this.draw());
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    const head = this.element.querySelector('.map-head');
    if (this.model?.kind === 'map' && head?.firstElementChild) head.firstElementChild.replaceWith(this.legend(this.model));
    this.draw();
  }

  destroy(): void {
    this.resizeObserver.disconnect();
  }

  private legend(model: Extract<MapModel, { kind: 'map' }>): HTMLElement {
    const colors = classColors(this.theme);
    const items = CELL_KIND_NAMES.map((name) => h('li', {}, h('span', { class: `swatch map-kind-${name}`, 'aria-hidden': 'true' }), name));
    // The swatch colours are the canvas's, published as custom properties (the CSP allows the CSSOM).
    colors.forEach((color, kind) => this.element.style.setProperty(`--map-kind-${CELL_KIND_NAMES[kind]}`, color));
    return h('ul', { class: 'map-legend', 'aria-label': 'Stability map legend' }, ...items,
      h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '┆'), 'stable edge'),
      h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '★'), `best (rate ${formatCompact(model.map.best.rate)})`),
      h('li', { class: 'symbol' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '→'), 'suggested fix'));
  }

  private startCell(map: StabilityMap): number {
    const run = this.model?.kind === 'map' ? this.model.runs[0] : undefined;
    const cols = map.lr.length;
    if (!run) return Math.floor(map.momentum.length / 2) * cols + Math.floor(cols / 2);
    const { width, height } = this.plotSize();
    const p = settingPoint(map, run.lr, run.momentum, width, height);
    const cell = cellAt(map, p.x, p.y, width, height);
    return cell >= 0 ? cell : 0;
  }

  private plotSize(): { width: number; height: number } {
    const cssWidth = Math.max(200, this.canvas.clientWidth || this.element.clientWidth || 400);
    const cssHeight = Math.round(Math.min(420, Math.max(240, cssWidth * 0.5)));
    return { width: cssWidth - MARGIN.left - MARGIN.right, height: cssHeight - MARGIN.top - MARGIN.bottom };
  }

  private cellOfEvent(event: MouseEvent): number {
    if (this.model?.kind !== 'map') return -1;
    const rect = this.canvas.getBoundingClientRect();
    const { width, height } = this.plotSize();
    return cellAt(this.model.map, event.clientX - rect.left - MARGIN.left, event.clientY - rect.top - MARGIN.top, width, height);
  }

  private setHover(cell: number): void {
    if (cell === this.hoverCell) return;
    this.hoverCell = cell;
    this.canvas.classList.toggle('over-cell', cell >= 0);
    this.draw();
    if (cell >= 0) this.describe(cell);
  }

  private onKey(event: KeyboardEvent): void {
    if (this.model?.kind !== 'map') return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (this.focusCell >= 0) this.run(this.focusCell);
      return;
    }
    const next = movedCell(this.model.map, this.focusCell < 0 ? 0 : this.focusCell, event.key, event.shiftKey);
    if (next === this.focusCell) return;
    event.preventDefault();
    this.focusCell = next;
    this.draw();
    this.describe(next);
  }

  /** Says what the theory predicts at a cell (also the live region for keyboard users). */
  private describe(cell: number): void {
    if (this.model?.kind !== 'map' || cell < 0) return;
    const map = this.model.map;
    const { lr, momentum } = cellSettings(map, cell);
    const rate = map.rate[cell];
    const steps = stepsToShrink(rate);
    const speed = rate >= 1 ? 'the error grows' : `about ${formatCompact(Math.ceil(steps))} steps per 10x`;
    this.status.textContent = `lr ${formatCompact(lr)}, momentum ${formatCompact(momentum)}: ${CELL_KIND_NAMES[map.kind[cell]]}, worst rate ${formatCompact(rate)} (${speed}). Enter or click re-runs with it.`;
    this.canvas.dataset.focusCell = String(cell);
  }

  private run(cell: number): void {
    if (this.model?.kind !== 'map' || !this.comparison) return;
    // Rounded to 3 significant digits (still inside the cell): the new run's label stays readable.
    const { lr, momentum, nesterov } = runAtCell(this.model.map, cell, this.comparison.finishedAt);
    this.onRun(lr, momentum, nesterov, cell);
  }

  private draw(): void {
    if (this.model?.kind !== 'map') return;
    const { map, runs } = this.model;
    const { width, height } = this.plotSize();
    const dpr = window.devicePixelRatio || 1;
    const cssW = width + MARGIN.left + MARGIN.right;
    const cssH = height + MARGIN.top + MARGIN.bottom;
    if (this.canvas.width !== Math.round(cssW * dpr) || this.canvas.height !== Math.round(cssH * dpr)) {
      this.canvas.width = Math.round(cssW * dpr);
      this.canvas.height = Math.round(cssH * dpr);
    }
    this.canvas.style.height = `${cssH}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    ctx.save();
    ctx.translate(MARGIN.left, MARGIN.top);
    this.drawCells(ctx, map, width, height);
    this.drawEdge(ctx, map, width, height);
    this.drawAxes(ctx, map, width, height);
    const best = settingPoint(map, map.best.lr, map.best.momentum, width, height);
    this.glyph(ctx, '★', best.x, best.y, this.theme.foreground);
    runs.forEach((run, k) => {
      const color = seriesStyle(this.theme, run.runIndex).color;
      const at = settingPoint(map, run.lr, run.momentum, width, height);
      if (run.fix) {
        const to = settingPoint(map, run.fix.lr, run.fix.momentum, width, height);
        this.arrow(ctx, at.x, at.y, to.x, to.y, this.theme.foreground);
      }
      this.runDot(ctx, at.x, at.y, color, String(k + 1));
    });
    for (const cell of [this.hoverCell, document.activeElement === this.canvas ? this.focusCell : -1]) {
      if (cell < 0) continue;
      const r = cellRect(map, cell, width, height);
      ctx.strokeStyle = this.theme.foreground;
      ctx.lineWidth = 2;
      ctx.strokeRect(r.x - 1.5, r.y - 1.5, r.w + 3, r.h + 3);
    }
    ctx.restore();
    this.canvas.dataset.drawn = String(runs.length);
  }

  private drawCells(ctx: CanvasRenderingContext2D, map: StabilityMap, width: number, height: number): void {
    const colors = classColors(this.theme);
    const bestGain = 1 - map.best.rate;
    for (let cell = 0; cell < map.rate.length; cell++) {
      const kind = map.kind[cell];
      // Faster cells are stronger: the share of the best error reduction per step, on a square-root ramp.
      const gain = kind === CELL_DIVERGES ? 0.6 : Math.sqrt(Math.min(1, Math.max(0, (1 - map.rate[cell]) / bestGain)));
      const alpha = kind === CELL_DIVERGES ? 0.55 : kind === CELL_FAST ? 0.45 + 0.45 * gain : kind === CELL_RINGS ? 0.25 + 0.5 * gain : 0.15 + 0.55 * gain;
      ctx.fillStyle = withAlpha(colors[kind], alpha);
      const r = cellRect(map, cell, width, height);
      // Edges snapped to whole pixels: neighbours neither overlap (translucent fills would double up into grid
      // lines) nor leave gaps.
      const x0 = Math.round(r.x);
      const y0 = Math.round(r.y);
      ctx.fillRect(x0, y0, Math.round(r.x + r.w) - x0, Math.round(r.y + r.h) - y0);
    }
  }

  private drawEdge(ctx: CanvasRenderingContext2D, map: StabilityMap, width: number, height: number): void {
    ctx.save();
    ctx.strokeStyle = this.theme.foreground;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 3]);
    ctx.beginPath();
    let started = false;
    for (let row = 0; row < map.momentum.length; row++) {
      const p = settingPoint(map, map.boundaryLr[row], map.momentum[row], width, height);
      if (!p.inside) continue;
      if (started) ctx.lineTo(p.x, p.y);
      else ctx.moveTo(p.x, p.y);
      started = true;
    }
    ctx.stroke();
    ctx.restore();
  }

  private drawAxes(ctx: CanvasRenderingContext2D, map: StabilityMap, width: number, height: number): void {
    const font = `${Math.max(11, this.theme.fontSize - 1)}px ${this.theme.fontFamily}`;
    ctx.font = font;
    ctx.fillStyle = this.theme.muted;
    ctx.strokeStyle = this.theme.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(0, 0, width, height);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const lo = Math.ceil(Math.log10(map.lr[0]));
    const hi = Math.floor(Math.log10(map.lr[map.lr.length - 1]));
    for (let e = lo; e <= hi; e++) {
      const p = settingPoint(map, 10 ** e, map.momentum[0], width, height);
      ctx.fillText(formatCompact(10 ** e), p.x, height + 4);
      ctx.beginPath();
      ctx.moveTo(p.x, height);
      ctx.lineTo(p.x, height + 3);
      ctx.stroke();
    }
    ctx.fillText('learning rate (log)', width / 2, height + 20);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const m of [0, 0.5, 0.9, 0.99, 0.999]) {
      if (m < map.momentum[0] || m > map.momentum[map.momentum.length - 1]) continue;
      const p = settingPoint(map, map.lr[0], m, width, height);
      ctx.fillText(String(m), -6, p.y);
    }
    ctx.save();
    ctx.translate(-40, height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('momentum', 0, 0);
    ctx.restore();
  }

  private glyph(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string): void {
    ctx.save();
    ctx.font = `16px ${this.theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = this.theme.background;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
    ctx.restore();
  }

  private runDot(ctx: CanvasRenderingContext2D, x: number, y: number, color: string, label: string): void {
    ctx.save();
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = this.theme.background;
    ctx.stroke();
    ctx.fillStyle = this.theme.background;
    ctx.font = `bold 10px ${this.theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, x, y + 0.5);
    ctx.restore();
  }

  private arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, color: string): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 12) return;
    const ux = (x1 - x0) / length;
    const uy = (y1 - y0) / length;
    const sx = x0 + ux * 10;
    const sy = y0 + uy * 10;
    ctx.save();
    ctx.strokeStyle = this.theme.background;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.moveTo(sx, sy);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(sx, sy);
    ctx.lineTo(x1 - ux * 6, y1 - uy * 6);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - ux * 9 - uy * 5, y1 - uy * 9 + ux * 5);
    ctx.lineTo(x1 - ux * 9 + uy * 5, y1 - uy * 9 - ux * 5);
    ctx.closePath();
    ctx.fill();
    ctx.restore();
  }
}
