/**
 * Synchronized cursor and zoom across the charts of one view: uPlot's cursor sync (same key) moves every
 * cursor to the same step, and a drag-zoom or double-click reset on one chart sets the same step range on
 * the others. A chart rebuilt later (scale or theme change) joins at the group's current zoom.
 */
import uPlot from 'uplot';

export class ChartSync {
  readonly key: string;
  private readonly members = new Set<uPlot>();
  private applying = false;
  /** The zoomed step range, or null for the whole run. */
  zoom: { min: number; max: number } | null = null;

  constructor(name: string) {
    this.key = `optlens-${name}`;
  }

  /** uPlot cursor options that join the group. */
  cursor(): uPlot.Cursor['sync'] {
    return { key: this.key, setSeries: false };
  }

  /** Hooks a member's uPlot gets (setScale follows zooms; ready/destroy join and leave). */
  hooks(): Pick<uPlot.Hooks.Arrays, 'setScale' | 'ready' | 'destroy'> {
    return {
      ready: [(u) => this.join(u)],
      destroy: [(u) => { this.members.delete(u); }],
      setScale: [(u, key) => { if (key === 'x') this.zoomed(u); }],
    };
  }

  /** Forget the zoom (a new comparison: other steps). */
  reset(): void {
    this.zoom = null;
  }

  private join(u: uPlot): void {
    this.members.add(u);
    const zoom = this.zoom;
    if (zoom) {
      this.applying = true;
      try { u.setScale('x', zoom); } finally { this.applying = false; }
    }
  }

  private zoomed(source: uPlot): void {
    if (this.applying || !this.members.has(source)) return;
    const min = source.scales.x.min;
    const max = source.scales.x.max;
    if (min === undefined || max === undefined || min === null || max === null) return;
    const full = dataRange(source);
    this.zoom = full && min <= full[0] && max >= full[1] ? null : { min, max };
    this.applying = true;
    try {
      for (const other of this.members) {
        if (other === source) continue;
        const whole = dataRange(other);
        const range = this.zoom ?? (whole ? { min: whole[0], max: whole[1] } : null);
        if (range) other.setScale('x', range);
      }
    } finally {
      this.applying = false;
    }
  }
}

function dataRange(u: uPlot): [number, number] | null {
  const xs = u.data[0];
  return xs && xs.length ? [xs[0], xs[xs.length - 1]] : null;
}
