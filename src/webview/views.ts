/**
 * The static parts of the page: header, empty state, status banner and the section frames the
 * charts render into. Pure DOM construction; behaviour is wired by dashboard.ts.
 */
import type { WireComparison } from '../core/protocol';
import { h } from './dom';
import { formatExponential, formatSteps, formatTime } from './format';

export type Status =
  | { kind: 'idle' }
  | { kind: 'running'; title: string }
  | { kind: 'failed'; message: string };

export function runButton(onRun: () => void, primary = true, text = 'Run comparison…'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: primary ? 'button primary run-comparison' : 'button secondary run-comparison' }, text);
  button.addEventListener('click', onRun);
  return button;
}

export function header(comparison: WireComparison | null, logScale: boolean, onRun: () => void, onLogScale: (on: boolean) => void): HTMLElement {
  const title = h('div', { class: 'title-block' },
    h('h1', {}, comparison ? comparison.problemTitle : 'Optimizer Lens'),
    comparison ? h('p', { class: 'meta' },
      meta('Steps', formatSteps(comparison.steps)),
      meta('Tolerance', formatExponential(comparison.tolerance)),
      meta('Optimizers', String(comparison.runs.length)),
      meta('Finished', formatTime(comparison.finishedAt))) : null);
  const actions = h('div', { class: 'actions' });
  if (comparison) {
    const box = h('input', { type: 'checkbox', id: 'log-scale', checked: logScale });
    box.checked = logScale;
    box.addEventListener('change', () => onLogScale(box.checked));
    actions.append(h('label', { class: 'checkbox', for: 'log-scale' }, box, h('span', { class: 'checkmark', 'aria-hidden': 'true' }), h('span', {}, 'Log scale')));
  }
  // Without a comparison the empty state below carries the (single) Run button.
  if (comparison) actions.append(runButton(onRun));
  return h('header', { class: 'toolbar' }, title, actions);
}

function meta(name: string, value: string): HTMLElement {
  return h('span', { class: 'meta-item' }, h('span', { class: 'meta-name' }, name), ' ', h('span', { class: 'meta-value' }, value));
}

export function emptyState(onRun: () => void): HTMLElement {
  return h('section', { class: 'empty-state', 'aria-labelledby': 'empty-heading' },
    h('h2', { id: 'empty-heading' }, 'No comparison yet'),
    h('p', {}, 'Run several optimizers (SGD, momentum, Nesterov, Adam, RMSprop) on the same problem with PyTorch\u2019s update rules, '
      + 'then compare their loss curves, momentum buffers and paths over the loss surface side by side.'),
    runButton(onRun),
    h('p', { class: 'hint' }, 'You will pick a problem and the optimizers to compare.'));
}

/** The banner above the content: progress while running, the error after a failed run. */
export function statusBanner(status: Status, onRun: () => void): HTMLElement | null {
  if (status.kind === 'running') {
    return h('div', { class: 'banner running', role: 'status' },
      h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-bit' })),
      h('span', {}, `Running ${status.title}…`));
  }
  if (status.kind === 'failed') {
    return h('div', { class: 'banner error', role: 'alert' },
      h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'),
      h('div', { class: 'banner-text' }, h('strong', {}, 'The comparison failed. '), status.message),
      runButton(onRun, false, 'Try again…'));
  }
  return null;
}

/** A titled dashboard section; `body` elements go below the heading. */
export function panel(id: string, title: string, description: string | null, ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    description ? h('p', { class: 'description' }, description) : null,
    ...body);
}
