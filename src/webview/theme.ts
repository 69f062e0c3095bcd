/**
 * Colours and fonts for the canvases (uPlot and the path plot), read from VS Code's theme variables.
 * Canvas drawing cannot use CSS variables directly, so they are resolved with getComputedStyle and
 * re-read whenever VS Code switches theme (it rewrites the body class and the variables on <html>).
 */

export interface ChartTheme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  /** One colour per run, in order; cycles (with dashes) beyond its length. */
  series: string[];
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  error: string;
  fontFamily: string;
  fontSize: number;
}

/**
 * The order runs take colours in. Yellow comes last because in light themes it is hard to tell from
 * orange; red is fifth (divergence is marked by a cross and text, not by colour alone).
 */
const SERIES_VARIABLES = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'] as const;

const FALLBACK_SERIES = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function themeKind(body: HTMLElement): ChartTheme['kind'] {
  const cl = body.classList;
  if (cl.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (cl.contains('vscode-high-contrast')) return 'high-contrast';
  return cl.contains('vscode-light') ? 'light' : 'dark';
}

import { chartColor } from './colorContrast';

/**
 * Reads the theme and publishes the adjusted series colours as CSS custom properties
 * (--optlens-series-N, set through the CSSOM, which the CSP allows) so that table and legend
 * swatches show exactly the colour the canvases draw with.
 */
export function readTheme(): ChartTheme {
  const theme = readThemeColors();
  theme.series.forEach((color, i) => document.documentElement.style.setProperty(`--optlens-series-${i}`, color));
  return theme;
}

function readThemeColors(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind(document.body);
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const foreground = read('--vscode-foreground', kind === 'light' ? '#3b3b3b' : '#cccccc');
  const background = read('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1f1f1f');
  return {
    kind,
    series: SERIES_VARIABLES.map((name, i) => chartColor(read(`--vscode-charts-${name}`, FALLBACK_SERIES[i]), background)),
    foreground,
    muted: read('--vscode-descriptionForeground', foreground),
    // charts.lines is the foreground at half opacity: right for axes, too loud for a grid.
    grid: highContrast ? withAlpha(read('--vscode-contrastBorder', foreground), 0.6) : withAlpha(read('--vscode-charts-lines', foreground), 0.16),
    background,
    error: read('--vscode-editorError-foreground', '#f14c4c'),
    fontFamily: read('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(read('--vscode-font-size', '13')) || 13,
  };
}

/** Calls `onChange` (debounced to one call per frame) whenever VS Code changes the theme. */
export function watchTheme(onChange: () => void): () => void {
  let pending = false;
  const fire = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/** `#rrggbb` / `#rgb` / `rgb(...)` with the given alpha, for translucent fills; other forms unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex) {
    let digits = hex[1];
    if (digits.length === 3 || digits.length === 4) digits = digits.split('').map((d) => d + d).join('');
    const [r, g, b] = [0, 2, 4].map((k) => parseInt(digits.slice(k, k + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}
