/**
 * The list of watched runs to chart together: the run in front is always charted (its box ticked and
 * disabled); ticking another overlays it on every chart, up to LOG_LIMITS.overlayRuns. A <details> of native
 * checkboxes, like the tag picker, so it works from the keyboard.
 */
import { LOG_LIMITS, type WireLogRunEntry } from '../../core/protocol';
import { h, replaceChildren } from '../dom';

export class RunPicker {
  readonly element: HTMLDetailsElement;
  private readonly count = h('span', { class: 'tag-count' });
  private readonly list = h('ul', { class: 'tag-list run-list', role: 'group', 'aria-label': 'Runs to chart' });
  private key = '';

  constructor(private readonly onToggle: (run: WireLogRunEntry, on: boolean) => void) {
    this.element = h('details', { class: 'tag-picker run-picker' },
      h('summary', {}, h('span', { class: 'tag-picker-title' }, 'Runs'), ' ', this.count),
      h('div', { class: 'tag-picker-body' }, this.list));
  }

  update(runs: readonly WireLogRunEntry[], frontId: string | null, overlay: readonly WireLogRunEntry[]): void {
    const on = new Set(overlay.map((r) => r.id));
    if (frontId) on.add(frontId);
    // The front run and overlaid runs stay listed even when the host no longer lists them (not watched now).
    const listed = [...runs];
    for (const r of overlay) if (!listed.some((x) => x.id === r.id)) listed.push(r);
    this.element.hidden = listed.length < 2;
    this.count.textContent = `${on.size} of ${listed.length} charted`;
    const full = overlay.length >= LOG_LIMITS.overlayRuns;
    const key = JSON.stringify([listed, frontId, [...on], full]);
    if (key === this.key) return;
    this.key = key;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.runId;
    replaceChildren(this.list, ...listed.map((run) => {
      const box = h('input', { type: 'checkbox', 'data-run-id': run.id });
      box.checked = on.has(run.id);
      const front = run.id === frontId;
      box.disabled = front || (full && !box.checked);
      box.addEventListener('change', () => this.onToggle(run, box.checked));
      const title = front ? 'The run in front is always charted' : full && !box.checked ? `At most ${LOG_LIMITS.overlayRuns} runs are overlaid at once` : run.label;
      return h('li', { title }, h('label', { class: 'checkbox' }, box, h('span', { class: 'checkmark', 'aria-hidden': 'true' }),
        h('span', { class: 'tag-name' }, run.label)));
    }));
    if (focused) this.list.querySelector<HTMLElement>(`[data-run-id="${CSS.escape(focused)}"]`)?.focus();
  }
}
