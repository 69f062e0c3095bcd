/**
 * The legend of the runs on the log charts: one toggle button per run, with its colour and line style, to
 * hide or show the run on every chart (click, or Enter/Space when focused; aria-pressed says whether it is
 * shown). Shown only when more than one run is charted. Updated in place so focus survives live updates.
 */
import type { SeriesStyle } from '../charts/seriesColors';
import { h, replaceChildren } from '../dom';

export interface LegendRun {
  id: string;
  label: string;
  style: SeriesStyle;
  hidden: boolean;
  /** Why the run draws nothing in the current x mode (no wall time), or null. */
  note: string | null;
}

export class RunLegend {
  readonly element = h('div', { class: 'run-legend', role: 'group', 'aria-label': 'Runs on the charts (press to hide or show)' });
  private key = '';

  constructor(private readonly onToggle: (runId: string) => void) {}

  update(runs: readonly LegendRun[]): void {
    this.element.hidden = runs.length < 2;
    const key = JSON.stringify(runs);
    if (key === this.key) return;
    this.key = key;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.runId;
    replaceChildren(this.element, ...runs.map((run) => {
      const swatch = h('span', { class: `run-swatch${run.style.dash.length ? ' dashed' : ''}`, 'aria-hidden': 'true' });
      // The swatch's colour comes from the theme at run time; CSS custom properties set through the CSSOM pass the CSP.
      swatch.style.setProperty('--run-color', run.style.color);
      const button = h('button', { type: 'button', class: 'run-toggle', 'aria-pressed': String(!run.hidden), 'data-run-id': run.id,
        title: `${run.hidden ? 'Show' : 'Hide'} ${run.label} on the charts${run.note ? ` (${run.note})` : ''}` },
      swatch, h('span', { class: 'run-name' }, run.label), run.note ? h('span', { class: 'run-note' }, run.note) : null);
      button.addEventListener('click', () => this.onToggle(run.id));
      return button;
    }));
    if (focused) this.element.querySelector<HTMLElement>(`[data-run-id="${CSS.escape(focused)}"]`)?.focus();
  }
}
