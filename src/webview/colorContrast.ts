/**
 * Makes theme colours usable as chart lines. Some themes define chart colours with an alpha channel
 * (VS Code's charts.orange defaults to the translucent minimap find-match colour), which a thin line
 * on a canvas renders as pale peach on white or brown on black. The alpha is meant for fills, so for a
 * line it is dropped (keeping the theme's hue); then, if the colour falls short of WCAG 2's 3:1 contrast
 * for graphical objects, it is moved towards black (light background) or white (dark background) just
 * enough to reach it.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** WCAG 2.1 success criterion 1.4.11 (non-text contrast). */
export const MIN_GRAPHICS_CONTRAST = 3;

export function parseColor(text: string): Rgb | null {
  const s = text.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return null;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(s);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return { r: +rgb[1], g: +rgb[2], b: +rgb[3], a: Math.min(1, Math.max(0, alpha)) };
  }
  return null;
}

export function toHex(c: Rgb): string {
  const h = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

/** WCAG relative luminance of an opaque colour. */
export function luminance(c: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The colour to draw a series with: opaque, and at least `minRatio` against `background`.
 * Unparseable input is returned unchanged (the canvas will still draw something).
 */
export function chartColor(color: string, background: string, minRatio = MIN_GRAPHICS_CONTRAST): string {
  const fg = parseColor(color);
  const bg = parseColor(background);
  if (!fg || !bg) return color;
  const opaqueBg = { ...bg, a: 1 };
  const flat = { ...fg, a: 1 };
  if (contrastRatio(flat, opaqueBg) >= minRatio) return toHex(flat);
  const target: Rgb = luminance(opaqueBg) > 0.5 ? { r: 0, g: 0, b: 0, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
  // Bisect the smallest move towards black/white that reaches the ratio: keeps the hue recognisable.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const t = (lo + hi) / 2;
    if (contrastRatio(mixTowards(flat, target, t), opaqueBg) >= minRatio) hi = t;
    else lo = t;
  }
  return toHex(mixTowards(flat, target, hi));
}

/** Rounded to whole channels, so the colour checked is exactly the one returned as hex. */
function mixTowards(c: Rgb, target: Rgb, t: number): Rgb {
  const mix = (v: number, w: number) => Math.round(v + (w - v) * t);
  return { r: mix(c.r, target.r), g: mix(c.g, target.g), b: mix(c.b, target.b), a: 1 };
}
