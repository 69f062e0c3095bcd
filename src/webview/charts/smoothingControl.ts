/**
 * The smoothing slider: TensorBoard's weight from 0 (off) to 0.99 in steps of 0.01, with its value beside it.
 * Input events redraw while dragging (throttled to a frame); the value is remembered on change.
 */
import { h } from '../dom';
import { formatWeight } from './smoothedSeries';

let nextId = 0;

export function smoothingControl(weight: number, onInput: (weight: number) => void, onCommit: (weight: number) => void): HTMLElement {
  const id = `smoothing-${nextId++}`;
  const slider = h('input', { type: 'range', id, class: 'smoothing-slider', min: '0', max: '0.99', step: '0.01',
    'aria-valuetext': formatWeight(weight) });
  slider.value = String(Math.min(0.99, weight));
  const value = h('output', { class: 'smoothing-value', for: id }, formatWeight(weight));
  let pending = false;
  slider.addEventListener('input', () => {
    const w = Number(slider.value);
    value.textContent = formatWeight(w);
    slider.setAttribute('aria-valuetext', w === 0 ? 'off' : formatWeight(w));
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; onInput(Number(slider.value)); });
  });
  slider.addEventListener('change', () => onCommit(Number(slider.value)));
  return h('div', { class: 'smoothing-control' }, h('label', { for: id }, 'Smoothing'), slider, value);
}
