/**
 * The switch between the dashboard's sections (the optimizer comparison and a watched training log),
 * following the WAI-ARIA tabs pattern: one tab stop, arrow keys move between tabs, Enter/Space or a
 * click selects. Shown only when there is a training log to switch to.
 */
import { h } from './dom';
import type { DashboardView } from './state';

interface Tab {
  view: DashboardView;
  button: HTMLButtonElement;
  panel: HTMLElement;
}

export class ViewTabs {
  readonly element: HTMLElement;
  private readonly tabs: Tab[];
  private readonly logLabel = h('span', { class: 'tab-detail' });

  constructor(panels: Record<DashboardView, HTMLElement>, private readonly onSelect: (view: DashboardView) => void) {
    const make = (view: DashboardView, ...label: (string | HTMLElement)[]): Tab => {
      const button = h('button', { type: 'button', role: 'tab', id: `tab-${view}`, class: 'view-tab', 'aria-controls': panels[view].id }, ...label);
      panels[view].setAttribute('role', 'tabpanel');
      panels[view].setAttribute('aria-labelledby', button.id);
      button.addEventListener('click', () => this.onSelect(view));
      return { view, button, panel: panels[view] };
    };
    this.tabs = [make('comparison', 'Comparison'), make('log', 'Training log', this.logLabel)];
    this.element = h('nav', { class: 'view-tabs', role: 'tablist', 'aria-label': 'Dashboard sections' }, ...this.tabs.map((t) => t.button));
    this.element.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Shows `view`'s section; the tab bar appears only when a log can be shown. */
  render(view: DashboardView, logLabel: string | null): void {
    this.element.hidden = logLabel === null;
    this.logLabel.textContent = logLabel ? `: ${logLabel}` : '';
    for (const tab of this.tabs) {
      const selected = tab.view === view;
      tab.button.setAttribute('aria-selected', String(selected));
      tab.button.tabIndex = selected ? 0 : -1;
      tab.panel.hidden = !selected;
    }
  }

  private onKey(event: KeyboardEvent): void {
    const index = this.tabs.findIndex((t) => t.button === document.activeElement);
    if (index < 0) return;
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % this.tabs.length;
    else if (event.key === 'ArrowLeft') next = (index + this.tabs.length - 1) % this.tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = this.tabs.length - 1;
    else return;
    event.preventDefault();
    this.tabs[next].button.focus();
    this.onSelect(this.tabs[next].view);
  }
}
