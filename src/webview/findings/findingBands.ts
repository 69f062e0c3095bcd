/**
 * Findings drawn on a uPlot chart as shaded step ranges: DOM elements in uPlot's overlay (so their colours come
 * from VS Code's theme variables in CSS, and high-contrast themes get outlines), positioned through the CSSOM
 * (the CSP allows it) after every draw. They let the mouse through to the chart (drag-zoom keeps working);
 * hovering a range shows its tooltip via uPlot's cursor, and each band is focusable so the keyboard gets the
 * same tooltip. Screen readers read the band's accessible name (the same text).
 */
import type uPlot from 'uplot';
import { h } from '../dom';
import { bandPixels, type FindingBand } from './findingRanges';

export class FindingBands {
  private bands: readonly FindingBand[] = [];
  private elements: HTMLElement[] = [];
  private readonly tooltip = h('div', { class: 'finding-tooltip', role: 'tooltip', hidden: true });
  private layer: HTMLElement | null = null;
  private focused: number | null = null;
  private hovered: number | null = null;
  private readonly tooltipId = `finding-tooltip-${Math.random().toString(36).slice(2)}`;
  private key = '';

  constructor(private readonly host: HTMLElement) {
    this.tooltip.id = this.tooltipId;
  }

  /** The bands to show from now on (positioned at the next draw). Unchanged bands keep their elements (and focus). */
  set(bands: readonly FindingBand[]): void {
    const key = JSON.stringify(bands);
    if (key === this.key) return;
    this.key = key;
    this.bands = bands;
    this.focused = this.hovered = null;
    this.host.dataset.findingBands = String(bands.length);
    if (this.layer) this.build(this.layer);
  }

  /** uPlot hooks: position after each draw, follow the cursor. Spread into the chart's `hooks`. */
  hooks(): { draw: (u: uPlot) => void; setCursor: (u: uPlot) => void } {
    return {
      draw: (u) => this.position(u),
      setCursor: (u) => this.hover(u),
    };
  }

  destroy(): void {
    this.layer?.remove();
    this.tooltip.remove();
    this.layer = null;
  }

  private build(layer: HTMLElement): void {
    this.elements = this.bands.map((band, i) => {
      const el = h('div', {
        class: `finding-band severity-${band.severity}`, tabindex: 0, role: 'img', 'aria-label': band.text,
        'aria-describedby': this.tooltipId, 'data-finding': band.key,
      });
      el.addEventListener('focus', () => { this.focused = i; this.showTooltip(); });
      el.addEventListener('blur', () => { if (this.focused === i) this.focused = null; this.showTooltip(); });
      return el;
    });
    layer.replaceChildren(...this.elements);
  }

  private position(u: uPlot): void {
    if (!this.layer || this.layer.parentElement !== u.over) {
      this.layer = h('div', { class: 'finding-layer' });
      u.over.appendChild(this.layer);
      u.over.appendChild(this.tooltip);
      this.build(this.layer);
    }
    // The plot's CSS width as uPlot set it on `over`: reading u.over.clientWidth here forced a style and layout pass
    // in every draw of every chart (bench/dashboardFrame's profile of live updates).
    const width = parseFloat(u.over.style.width) || 0;
    this.bands.forEach((band, i) => {
      const { left, width: w } = bandPixels(u.valToPos(band.x0, 'x'), u.valToPos(band.x1, 'x'), width);
      const el = this.elements[i];
      el.style.left = `${left}px`;
      el.style.width = `${w}px`;
    });
    this.showTooltip();
  }

  private hover(u: uPlot): void {
    const left = u.cursor.left;
    let hit: number | null = null;
    if (left !== undefined && left >= 0) {
      // The last band in order is drawn on top (errors): prefer it.
      for (let i = this.elements.length - 1; i >= 0; i--) {
        const el = this.elements[i];
        const x0 = el.offsetLeft;
        if (left >= x0 && left <= x0 + el.offsetWidth) { hit = i; break; }
      }
    }
    if (hit !== this.hovered) {
      this.hovered = hit;
      this.showTooltip();
    }
  }

  /** Keyboard focus wins over the mouse; the tooltip sits above the band, kept inside the plot. */
  private showTooltip(): void {
    const index = this.focused ?? this.hovered;
    const el = index === null ? undefined : this.elements[index];
    if (index === null || !el) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = this.bands[index].text;
    this.tooltip.hidden = false;
    const parentWidth = this.tooltip.parentElement?.clientWidth ?? 0;
    const tipWidth = this.tooltip.offsetWidth;
    const centre = el.offsetLeft + el.offsetWidth / 2;
    this.tooltip.style.left = `${Math.max(0, Math.min(centre - tipWidth / 2, parentWidth - tipWidth))}px`;
  }
}
