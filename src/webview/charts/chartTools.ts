/**
 * The buttons above each chart, the same for the comparison's charts and a watched log's: log scale (where it
 * makes sense), table view, CSV and PNG export. Icon buttons in the style of VS Code's codicons (small
 * monochrome glyphs drawn as inline SVG in the foreground colour, a tooltip and an aria-label each).
 */
import { h } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';

/** Icon outlines on a 16 x 16 grid (drawn here, stroke only). */
const ICONS = {
  table: ['M2.5 3.5h11v9h-11z', 'M2.5 6.5h11', 'M2.5 9.5h11', 'M6.5 3.5v9'],
  chart: ['M2.5 2.5v11h11', 'M4.5 10.5l3-4 2.5 2 3.5-5'],
  csv: ['M4.5 1.5h5l3 3v10h-8z', 'M9.5 1.5v3h3', 'M6.5 8.5v4', 'M6.5 12.5l-1.5-1.5', 'M6.5 12.5l1.5-1.5', 'M10.5 8.5h-1.5v4h1.5'],
  image: ['M2.5 3.5h11v9h-11z', 'M2.5 10.5l3-3 3 3 2-2 3 3', 'M10.5 6a1 1 0 1 0 0.01 0'],
  copy: ['M5.5 5.5h8v8h-8z', 'M3.5 10.5h-1v-8h8v1'],
} as const;

export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  return outlineIcon(ICONS[name]);
}

/** A 16 x 16 codicon-style glyph from outlines (stroked in the foreground colour by the `icon` class). */
export function outlineIcon(outlines: readonly string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  for (const d of outlines) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}

export function iconButton(name: IconName, label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const button = h('button', { type: 'button', class: `icon-button ${cls}`.trim(), title: label, 'aria-label': label });
  button.appendChild(icon(name));
  button.addEventListener('click', onClick);
  return button;
}

export interface ChartToolsOptions {
  /** What the chart shows, for the buttons' labels ("loss"). */
  name: string;
  /** Log-scale checkbox; omitted for charts where a log axis makes no sense. */
  log?: { checked: boolean; onChange(on: boolean): void };
  table: { shown: boolean; onChange(shown: boolean): void };
  onCsv(): void;
  onPng(): void;
}

let nextId = 0;

export function chartTools(options: ChartToolsOptions): HTMLElement {
  const tools = h('div', { class: 'chart-tools', role: 'toolbar', 'aria-label': `${options.name} chart tools` });
  if (options.log) {
    const log = options.log;
    const id = `chart-log-${nextId++}`;
    const box = h('input', { type: 'checkbox', id, class: 'chart-log', 'aria-label': `Log scale for ${options.name}` });
    box.checked = log.checked;
    box.addEventListener('change', () => log.onChange(box.checked));
    tools.append(h('label', { class: 'checkbox', for: id }, box, h('span', { class: 'checkmark', 'aria-hidden': 'true' }), h('span', {}, 'Log')));
  }
  const table = options.table;
  const tableButton = iconButton(table.shown ? 'chart' : 'table', table.shown ? `Show the ${options.name} chart` : `Show the ${options.name} data as a table`,
    () => table.onChange(!table.shown), 'chart-table-toggle');
  tableButton.setAttribute('aria-pressed', String(table.shown));
  tools.append(tableButton,
    iconButton('csv', `Save the ${options.name} series as CSV`, options.onCsv, 'export-csv'),
    iconButton('image', `Save the ${options.name} chart as PNG`, options.onPng, 'export-png'));
  return tools;
}
