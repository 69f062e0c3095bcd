/**
 * The list of a watched run's tags, one checkbox each, to chart any tag on demand. Snapshots arrive many
 * times a second, so the list is updated in place (never rebuilt): focus, the filter text and the scroll
 * position survive. Native checkboxes inside a <details> keep it usable from the keyboard.
 */
import { LOG_LIMITS } from '../../core/protocol';
import { h } from '../dom';

interface TagRow {
  row: HTMLLIElement;
  box: HTMLInputElement;
}

export class TagPicker {
  readonly element: HTMLDetailsElement;
  private readonly summaryCount = h('span', { class: 'tag-count' });
  private readonly filter = h('input', { type: 'search', class: 'tag-filter', placeholder: 'Filter tags', 'aria-label': 'Filter tags' });
  private readonly list = h('ul', { class: 'tag-list', role: 'group', 'aria-label': 'Tags to chart' });
  private readonly rows = new Map<string, TagRow>();
  private order: string[] = [];

  constructor(private readonly onToggle: (tag: string, on: boolean) => void) {
    this.element = h('details', { class: 'tag-picker' },
      h('summary', {}, h('span', { class: 'tag-picker-title' }, 'Tags'), ' ', this.summaryCount),
      h('div', { class: 'tag-picker-body' }, this.filter, this.list));
    this.filter.addEventListener('input', () => this.applyFilter());
  }

  /** Shows `tags` (in the run's order) with `shown` ticked. */
  update(tags: readonly string[], shown: readonly string[]): void {
    for (const tag of tags) {
      if (!this.rows.has(tag)) this.addRow(tag);
    }
    if (tags.length !== this.order.length || tags.some((t, i) => t !== this.order[i])) {
      for (const [tag, { row }] of this.rows) {
        if (!tags.includes(tag)) {
          row.remove();
          this.rows.delete(tag);
        }
      }
      for (const tag of tags) this.list.append(this.rows.get(tag)!.row);
      this.order = [...tags];
      this.applyFilter();
    }
    const on = new Set(shown);
    const full = on.size >= LOG_LIMITS.shownTags;
    for (const [tag, { box, row }] of this.rows) {
      box.checked = on.has(tag);
      // The protocol carries at most LOG_LIMITS.shownTags tags, and the host reads an empty list as "the
      // defaults": both limits show as a disabled box with the reason, instead of a click that does nothing.
      const last = on.size === 1 && box.checked;
      box.disabled = (full && !box.checked) || last;
      row.title = last ? 'At least one tag stays charted' : full && !box.checked ? `At most ${LOG_LIMITS.shownTags} tags are charted at once` : '';
    }
    this.summaryCount.textContent = `${on.size} of ${tags.length} charted`;
    this.element.classList.toggle('full', full);
  }

  private addRow(tag: string): void {
    const box = h('input', { type: 'checkbox', 'data-tag': tag });
    box.addEventListener('change', () => this.onToggle(tag, box.checked));
    const row = h('li', {}, h('label', { class: 'checkbox', title: tag }, box, h('span', { class: 'checkmark', 'aria-hidden': 'true' }),
      h('span', { class: 'tag-name' }, tag)));
    this.rows.set(tag, { row, box });
  }

  private applyFilter(): void {
    const needle = this.filter.value.trim().toLowerCase();
    for (const [tag, { row }] of this.rows) row.hidden = needle !== '' && !tag.toLowerCase().includes(needle);
  }
}
