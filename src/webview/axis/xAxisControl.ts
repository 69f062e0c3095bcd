/**
 * The toolbar choice of what the x-axis shows: Step, Relative time, Wall time, as a radio group (arrow keys
 * move between the choices, as with any native radio group). A choice the data cannot support (a log format
 * without wall time) is disabled, with the reason in its tooltip and in its accessible description.
 */
import { X_AXIS_MODES, type XAxisMode } from '../../core/protocol';
import { h } from '../dom';
import { X_AXIS_CHOICE } from './xAxisMode';

let nextGroup = 0;

export class XAxisControl {
  readonly element: HTMLElement;
  private readonly inputs = new Map<XAxisMode, { input: HTMLInputElement; label: HTMLLabelElement; why: HTMLElement }>();

  constructor(mode: XAxisMode, private readonly onChange: (mode: XAxisMode) => void) {
    const name = `x-axis-${nextGroup++}`;
    const choices = X_AXIS_MODES.map((m) => {
      const input = h('input', { type: 'radio', name, value: m, 'data-x-mode': m });
      input.checked = m === mode;
      input.addEventListener('change', () => { if (input.checked) this.onChange(m); });
      const why = h('span', { class: 'visually-hidden', id: `${name}-${m}-why` });
      const label = h('label', { class: 'x-axis-choice' }, input, h('span', {}, X_AXIS_CHOICE[m]), why);
      this.inputs.set(m, { input, label, why });
      return label;
    });
    this.element = h('div', { class: 'x-axis-control', role: 'radiogroup', 'aria-label': 'X axis' },
      h('span', { class: 'x-axis-title', 'aria-hidden': 'true' }, 'X axis'), ...choices);
  }

  /** Shows `mode` as chosen; `disabledWhy` (when set) disables the time choices with that reason. */
  set(mode: XAxisMode, disabledWhy: string | null): void {
    for (const [m, { input, label, why }] of this.inputs) {
      input.checked = m === mode;
      const off = m !== 'step' && disabledWhy !== null;
      input.disabled = off;
      label.classList.toggle('disabled', off);
      label.title = off ? disabledWhy : '';
      why.textContent = off ? ` (${disabledWhy})` : '';
    }
  }
}
