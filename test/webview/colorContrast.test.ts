import * as assert from 'node:assert/strict';
import { chartColor, contrastRatio, MIN_GRAPHICS_CONTRAST, parseColor } from '../../src/webview/colorContrast';

describe('chart colours against the theme background', () => {
  it('parses #rgb, #rrggbb, #rrggbbaa and rgba()', () => {
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('#d1861680'), { r: 0xd1, g: 0x86, b: 0x16, a: 0x80 / 255 });
    assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColor('var(--x)'), null);
  });

  it('computes WCAG contrast: black on white is 21:1', () => {
    assert.equal(contrastRatio(parseColor('#000')!, parseColor('#fff')!), 21);
  });

  it('keeps an opaque colour that already contrasts enough', () => {
    assert.equal(chartColor('#1A5CFF', '#ffffff'), '#1a5cff');
  });

  for (const [bg, name] of [['#ffffff', 'light'], ['#1f1f1f', 'dark']]) {
    it(`drops the alpha of a translucent orange and raises it to 3:1 on the ${name} background`, () => {
      const out = chartColor('#d1861655', bg);
      assert.match(out, /^#[0-9a-f]{6}$/);
      const ratio = contrastRatio(parseColor(out)!, parseColor(bg)!);
      assert.ok(ratio >= MIN_GRAPHICS_CONTRAST, `contrast ${ratio.toFixed(2)} of ${out}`);
      const opaque = contrastRatio(parseColor('#d18616')!, parseColor(bg)!);
      assert.ok(ratio < Math.max(opaque, MIN_GRAPHICS_CONTRAST) + 0.1, `moved further than needed: ${ratio.toFixed(2)}`);
    });
  }

  it('returns colours it cannot parse unchanged', () => {
    assert.equal(chartColor('tomato', '#fff'), 'tomato');
  });
});
