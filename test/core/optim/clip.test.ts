import * as assert from 'node:assert/strict';
import { createClip, parseClipSpec } from '../../../src/core/optim';
import type { ClipSpec } from '../../../src/core/optim/types';
import { SpecError } from '../../../src/core/specError';
import { assertAllClose } from '../helpers';

function clip(spec: ClipSpec, g: number[], variables = [{ offset: 0, length: g.length }]): number[] {
  const t = createClip(spec, variables);
  const buf = Float64Array.from(g);
  t.update(buf, t.init(buf), buf, { t: 1, lr: 0.1 });
  return Array.from(buf);
}

describe('gradient clipping', () => {
  it('max_norm (torch clip_grad_norm_): g*min(max_norm/(||g|| + 1e-6), 1)', () => {
    const coef = 1 / (5 + 1e-6);
    assertAllClose(clip({ max_norm: 1 }, [3, 4]), [3 * coef, 4 * coef]);
    assertAllClose(clip({ max_norm: 1 }, [0.3, 0.4]), [0.3, 0.4]); // coef > 1 is clamped to 1
  });

  it('max_norm with norm_type 1 uses the L1 norm', () => {
    const coef = 1 / (7 + 1e-6);
    assertAllClose(clip({ max_norm: 1, norm_type: 1 }, [3, -4]), [3 * coef, -4 * coef]);
  });

  it('clip_value clamps each coordinate to [-v, v]', () => {
    assertAllClose(clip({ clip_value: 0.5 }, [3, -4, 0.2]), [0.5, -0.5, 0.2]);
  });

  it('clipnorm (Keras) clips each variable on its own: g*c/max(||g_var||, c)', () => {
    // W = (3, 4) has norm 5 -> (0.6, 0.8); b = (0.5) is below 1 and stays.
    assertAllClose(clip({ clipnorm: 1 }, [3, 4, 0.5], [{ offset: 0, length: 2 }, { offset: 2, length: 1 }]), [0.6, 0.8, 0.5]);
    // A global clip would instead scale all three by 1/||(3, 4, 0.5)||.
    const n = Math.hypot(3, 4, 0.5);
    assertAllClose(clip({ global_clipnorm: 1 }, [3, 4, 0.5]), [3 / n, 4 / n, 0.5 / n]);
  });

  it('global_clipnorm (Keras) has no 1e-6 term and leaves small and zero gradients alone', () => {
    assertAllClose(clip({ global_clipnorm: 1 }, [3, 4]), [0.6, 0.8], 1e-15);
    assertAllClose(clip({ global_clipnorm: 1 }, [0.3, 0.4]), [0.3, 0.4]);
    assertAllClose(clip({ global_clipnorm: 1 }, [0, 0]), [0, 0]);
    assertAllClose(clip({ clipnorm: 1 }, [0, 0]), [0, 0]);
  });

  describe('parseClipSpec', () => {
    const bad: [unknown, string, RegExp][] = [
      [{}, 'clip', /give one of max_norm, clip_value, clipnorm, global_clipnorm/],
      [{ clipnorm: 1, clip_value: 1 }, 'clip', /only one of clip_value, clipnorm/],
      [{ max_norm: 0 }, 'clip.max_norm', /> 0/],
      [{ clipnorm: 1, norm_type: 2 }, 'clip.norm_type', /goes with max_norm/],
      [{ maxnorm: 1 }, 'clip.maxnorm', /unknown key "maxnorm"/],
    ];
    for (const [raw, path, message] of bad) {
      it(`rejects ${JSON.stringify(raw)}`, () => {
        assert.throws(() => parseClipSpec(raw, 'clip'), (e: unknown) => e instanceof SpecError && e.path === path && message.test(e.message));
      });
    }
  });
});
