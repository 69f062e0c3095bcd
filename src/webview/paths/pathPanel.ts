/**
 * The pieces of the "Optimizer paths" panel around the plot: its legend (runs with the convention their
 * arrow follows in the tooltip, the markers, the arrow scale) and the animation player.
 */
import type { WebviewPathsState, WireComparison } from '../../core/protocol';
import { seriesColorClass } from '../charts/seriesColors';
import { h } from '../dom';
import type { PathPlot, PathRun } from '../pathPlot';
import { PathPlayer } from './pathPlayer';
import { initialPlayback, lastPathStep, type PathPlayback } from './pathState';
import { arrowConvention, arrowScaleText } from './velocityArrow';

export function pathLegend(comparison: WireComparison, runs: readonly PathRun[], arrowScale: number, minimizer: boolean): HTMLElement {
  const symbol = (glyph: string, text: string, cls = 'glyph', title?: string) =>
    h('li', { class: 'symbol', title }, h('span', { class: cls, 'aria-hidden': 'true' }, glyph), text);
  const conventions = new Set(runs.map((run) => arrowConvention(run.arrowKind, run.arrow.optimizer.nesterov === true)));
  return h('ul', { class: 'path-legend', 'aria-label': 'Path plot legend' },
    ...comparison.runs.map((run, i) => {
      const drawn = runs.find((r) => r.runIndex === i);
      const title = drawn ? arrowConvention(drawn.arrowKind, run.optimizer.nesterov === true) : undefined;
      return h('li', { title }, h('span', { class: `swatch ${seriesColorClass(i)}${i >= 6 ? ' dashed' : ''}`, 'aria-hidden': 'true' }), run.label);
    }),
    symbol('\u25cb', 'start'),
    symbol('\u25cf', 'current step'),
    symbol('\u2192', `velocity, ${arrowScaleText(arrowScale)}`, 'glyph', [...conventions].join('\n')),
    minimizer ? symbol('\u2605', 'minimum') : null,
    comparison.runs.some((r) => r.summary.diverged) ? symbol('\u2715', 'diverged', 'glyph diverged-glyph') : null);
}

/** Whether the user asked the system for less motion (the animation then starts paused). */
export function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function createPathPlayer(plot: PathPlot, comparison: WireComparison, runs: readonly PathRun[], saved: WebviewPathsState | null | undefined,
  onChange: (playback: PathPlayback, commit: boolean) => void, keyTargets: readonly HTMLElement[]): PathPlayer {
  const initial = initialPlayback(saved, comparison, prefersReducedMotion());
  const readout = runs.map((run) => {
    const wire = comparison.runs[run.runIndex];
    return { label: run.label, stepsRun: wire.stepsRun, loss: wire.loss, diverged: run.diverged, runIndex: run.runIndex };
  });
  return new PathPlayer(plot, readout, lastPathStep(comparison), initial, onChange, keyTargets);
}
