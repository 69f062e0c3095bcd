/**
 * What every uPlot chart of the dashboard shares: the plot stays as wide as its host (height derived from
 * the width), callers can wait for the next complete draw, and everything is released on destroy.
 */
import type uPlot from 'uplot';

/** A chart height that follows the width (`ratio`), within [min, max] pixels. */
export function heightForWidth(min: number, max: number, ratio: number): (width: number) => number {
  return (width) => Math.round(Math.min(max, Math.max(min, width * ratio)));
}

export class FittedPlot {
  plot: uPlot | null = null;
  private readonly resizeObserver: ResizeObserver;
  private drawnResolvers: (() => void)[] = [];

  constructor(private readonly host: HTMLElement, readonly heightFor: (width: number) => number) {
    // Resizing inside the observer callback would re-trigger it in the same frame ("ResizeObserver
    // loop completed with undelivered notifications"), so the resize waits for the next frame.
    let queued = false;
    this.resizeObserver = new ResizeObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; this.fitToHost(); });
    });
    this.resizeObserver.observe(this.host);
  }

  /** The width a new plot gets: the host's. */
  get hostWidth(): number {
    return Math.max(1, this.host.clientWidth);
  }

  /** Resolves after the next complete draw (or on destroy). */
  nextDraw(): Promise<void> {
    return new Promise<void>((resolve) => this.drawnResolvers.push(resolve));
  }

  /** Call from the plot's `draw` hook. */
  drawn(): void {
    const resolvers = this.drawnResolvers;
    this.drawnResolvers = [];
    for (const r of resolvers) r();
  }

  /** Destroys the current plot, if any, and keeps `plot` instead. */
  replace(plot: uPlot | null): void {
    this.plot?.destroy();
    this.plot = plot;
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.replace(null);
    this.drawn();
  }

  private fitToHost(): void {
    if (!this.plot) return;
    const width = this.hostWidth;
    if (Math.abs(width - this.plot.width) < 1) return;
    this.plot.setSize({ width, height: this.heightFor(width) });
  }
}
