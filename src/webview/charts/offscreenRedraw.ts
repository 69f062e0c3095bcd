/**
 * Live redraws only where they can be seen: a watched log's snapshot arrives up to 10 times a second with every
 * shown tag, and repainting a uPlot chart is mostly software raster (axes, grid, text, lines) on the webview's
 * main thread. A chart scrolled out of view keeps only its newest pending redraw and runs it when it comes back
 * into view (IntersectionObserver), so ten charts of which four are off screen cost six repaints per snapshot.
 * A chart with nothing pending stays as it is. Before the observer's first report a chart counts as visible.
 */
export class OffscreenRedraw {
  /** Off only in bench/dashboardFrame's paired variant that redraws every chart (the cost this saves). */
  static deferOffscreen = true;
  private visible = true;
  private pending: (() => void) | null = null;
  private readonly observer: IntersectionObserver | null;

  constructor(host: HTMLElement) {
    // Webview and Chromium always have it; a DOM without it (tests) draws everything.
    this.observer = typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        if (!entry) return;
        this.visible = entry.isIntersecting;
        if (this.visible) this.flush();
      })
      : null;
    this.observer?.observe(host);
  }

  /** True when a redraw may be left for later (the chart is off screen). */
  get deferring(): boolean {
    return !this.visible && OffscreenRedraw.deferOffscreen;
  }

  /** Keeps `redraw` (replacing an older pending one) until the chart is back in view. */
  defer(redraw: () => void): void {
    this.pending = redraw;
  }

  /** Runs the pending redraw now (the chart is shown, or its pixels are needed: an export). */
  flush(): void {
    const redraw = this.pending;
    this.pending = null;
    redraw?.();
  }

  /** Forgets the pending redraw (the chart is being rebuilt). */
  drop(): void {
    this.pending = null;
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }

  destroy(): void {
    this.observer?.disconnect();
    this.pending = null;
  }
}
