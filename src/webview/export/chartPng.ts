/**
 * A chart canvas as a PNG data: URL for the export. uPlot's canvas is transparent (the page background shows
 * through), so the image is drawn over the theme's background: a PNG opened elsewhere looks as it did here.
 */
export function chartPng(canvas: HTMLCanvasElement, background: string): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}
