/**
 * Mapping between parameter space and canvas pixels for the path plot, with equal scaling on both
 * axes (so contour normals look like gradients), and "nice" axis ticks (1, 2, 5 x 10^k steps).
 */
import type { PlotBounds } from '../core/problems/types';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PlotTransform {
  /** The data box on the canvas, in CSS pixels. */
  area: Rect;
  x(value: number): number;
  y(value: number): number;
}

/** Fits `bounds` into `frame` preserving aspect ratio, centred; y grows upwards. */
export function fitBounds(bounds: PlotBounds, frame: Rect): PlotTransform {
  const dx = bounds.xMax - bounds.xMin || 1;
  const dy = bounds.yMax - bounds.yMin || 1;
  const scale = Math.max(1e-12, Math.min(frame.width / dx, frame.height / dy));
  const width = dx * scale;
  const height = dy * scale;
  const left = frame.left + (frame.width - width) / 2;
  const top = frame.top + (frame.height - height) / 2;
  return {
    area: { left, top, width, height },
    x: (v) => left + (v - bounds.xMin) * scale,
    y: (v) => top + (bounds.yMax - v) * scale,
  };
}

/** Canvas height (CSS px) that shows `bounds` at full `width`, kept within [minHeight, maxHeight]. */
export function plotHeight(bounds: PlotBounds, width: number, chrome: number, minHeight: number, maxHeight: number): number {
  const aspect = (bounds.yMax - bounds.yMin) / (bounds.xMax - bounds.xMin || 1);
  const ideal = (width - chrome) * (Number.isFinite(aspect) && aspect > 0 ? aspect : 1) + chrome;
  return Math.round(Math.min(maxHeight, Math.max(minHeight, ideal)));
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return [];
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const residual = raw / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    // Snap away floating-point noise such as 0.30000000000000004.
    ticks.push(Number((Math.abs(v) < step * 1e-9 ? 0 : v).toPrecision(12)));
  }
  return ticks;
}

/** Samples `loss` on an nx x ny grid over `bounds` (row-major, row 0 at yMin). */
export function sampleGrid(loss: (x: number, y: number) => number, bounds: PlotBounds, nx: number, ny: number): Float64Array {
  const grid = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const x = bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (nx - 1);
      grid[j * nx + i] = loss(x, y);
    }
  }
  return grid;
}
