import * as assert from 'node:assert/strict';
import { createSchedule, parseScheduleSpec, Plateau } from '../../../src/core/optim';
import type { ScheduleSpec } from '../../../src/core/optim/types';
import { SpecError } from '../../../src/core/specError';
import { assertClose } from '../helpers';

function at(spec: ScheduleSpec, base: number, ts: number[]): number[] {
  const s = createSchedule(spec, base);
  return ts.map((t) => s(t));
}

function allClose(actual: number[], expected: number[], rel = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assertClose(a, expected[i], rel, `[${i}]`));
}

describe('schedules (t = 1-based update count)', () => {
  it('constant', () => allClose(at({ name: 'constant' }, 0.3, [1, 2, 1000]), [0.3, 0.3, 0.3]));

  it('linear_warmup: lr*min(1, t/warmup_steps)', () => {
    allClose(at({ name: 'linear_warmup', warmup_steps: 4 }, 0.1, [1, 2, 3, 4, 5, 100]), [0.025, 0.05, 0.075, 0.1, 0.1, 0.1]);
  });

  it('step: lr*gamma^floor((t-1)/step_size)', () => {
    allClose(at({ name: 'step', step_size: 3, gamma: 0.5 }, 1, [1, 3, 4, 6, 7, 10]), [1, 1, 0.5, 0.5, 0.25, 0.125]);
    allClose(at({ name: 'step', step_size: 2 }, 1, [1, 3, 5]), [1, 0.1, 0.1 * 0.1]); // gamma default 0.1
  });

  it('cosine: CosineAnnealingLR closed form eta_min + (lr - eta_min)(1 + cos(pi (t-1)/t_max))/2', () => {
    // t = 1 -> T_cur 0 -> lr; t = 6 -> T_cur = t_max/2 -> midpoint; t = 11 -> eta_min; past t_max it rises again, as torch's closed form does.
    allClose(at({ name: 'cosine', t_max: 10, eta_min: 0.1 }, 1, [1, 6, 11, 16]), [1, 0.55, 0.1, 0.55]);
    allClose(at({ name: 'cosine', t_max: 4 }, 2, [2]), [1 + Math.cos(Math.PI / 4)]);
  });

  it('exponential: lr*gamma^(t-1)', () => allClose(at({ name: 'exponential', gamma: 0.9 }, 2, [1, 2, 3]), [2, 1.8, 1.62]));

  describe('one_cycle (torch OneCycleLR, scheduler step t-1)', () => {
    // total 10, max_lr 1: initial = 1/25 = 0.04, min = 0.04/1e4 = 4e-6; phase ends 0.3*10-1 = 2 and 9.
    const min = 0.04 / 1e4;
    it('cos, two phases', () => {
      allClose(at({ name: 'one_cycle', total_steps: 10, max_lr: 1 }, 0.5, [1, 2, 3, 4, 10]), [
        0.04,
        1 + ((0.04 - 1) / 2) * (Math.cos(Math.PI * 0.5) + 1), // 0.52
        1,
        min + ((1 - min) / 2) * (Math.cos(Math.PI / 7) + 1), // pct = (3-2)/(9-2)
        min,
      ]);
    });
    it('linear anneal, max_lr defaults to the optimizer lr', () => {
      allClose(at({ name: 'one_cycle', total_steps: 10, anneal_strategy: 'linear' }, 1, [1, 2, 3, 4, 10]), [
        0.04, 0.52, 1, (min - 1) * (1 / 7) + 1, min,
      ]);
    });
    it('three_phase: up to max, back to initial at 2*pct*total-2, then down to min', () => {
      allClose(at({ name: 'one_cycle', total_steps: 10, max_lr: 1, three_phase: true }, 1, [1, 3, 4, 5, 10]), [
        0.04, 1, 0.04 + ((1 - 0.04) / 2) * (Math.cos(Math.PI * 0.5) + 1), 0.04, min,
      ]);
    });
    it('div_factor, final_div_factor and pct_start', () => {
      // initial = 2/4 = 0.5, min = 0.5/5 = 0.1, phase ends 0.5*4-1 = 1 and 3
      allClose(at({ name: 'one_cycle', total_steps: 4, max_lr: 2, div_factor: 4, final_div_factor: 5, pct_start: 0.5 }, 1, [1, 2, 3, 4]), [
        0.5, 2, 0.1 + ((2 - 0.1) / 2) * (Math.cos(Math.PI * 0.5) + 1), 0.1,
      ]);
    });
  });

  it('warmup_cosine: linear warm-up to lr at warmup_steps, cosine to eta_min at total_steps, then eta_min', () => {
    allClose(at({ name: 'warmup_cosine', warmup_steps: 2, total_steps: 6, eta_min: 0.1 }, 1, [1, 2, 3, 4, 6, 9]), [
      0.5, 1, 0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2, 0.55, 0.1, 0.1,
    ]);
  });

  describe('parseScheduleSpec', () => {
    const bad: [unknown, string, RegExp][] = [
      [{ name: 'warmup' }, 'name', /unknown schedule "warmup"; expected one of constant, linear_warmup/],
      [{ name: 'cosine' }, 't_max', /"t_max" is required/],
      [{ name: 'cosine', t_max: 10, T_max: 10 }, 'T_max', /unknown key "T_max".*valid keys are t_max, eta_min/],
      [{ name: 'step', step_size: 0 }, 'step_size', /whole number >= 1/],
      [{ name: 'one_cycle', total_steps: 10, pct_start: 1.5 }, 'pct_start', /Expected float between 0 and 1 pct_start/],
      [{ name: 'one_cycle', total_steps: 10, anneal_strategy: 'exp' }, 'anneal_strategy', /"cos" or "linear"/],
      [{ name: 'reduce_on_plateau', factor: 1 }, 'factor', /Factor should be < 1.0/],
      [{ name: 'reduce_on_plateau', mode: 'minimum' }, 'mode', /"min" or "max"/],
      [{ name: 'warmup_cosine', warmup_steps: 10, total_steps: 10 }, 'total_steps', /must be above warmup_steps/],
    ];
    for (const [raw, key, message] of bad) {
      it(`rejects ${JSON.stringify(raw)} at schedule.${key}`, () => {
        assert.throws(() => parseScheduleSpec(raw, 'schedule'), (e: unknown) => e instanceof SpecError && e.path === `schedule.${key}` && message.test(e.message));
      });
    }
    it('accepts and copies a valid spec', () => {
      const raw = { name: 'one_cycle', total_steps: 100, three_phase: true };
      assert.deepEqual(parseScheduleSpec(raw, 'schedule'), raw);
    });
  });
});

describe('ReduceLROnPlateau (torch semantics)', () => {
  function lrs(spec: Extract<ScheduleSpec, { name: 'reduce_on_plateau' }>, metrics: number[], base = 1): number[] {
    const p = new Plateau(spec, base);
    return metrics.map((m) => {
      p.step(m);
      return p.lr;
    });
  }

  it('reduces by factor once more than patience epochs in a row failed to improve by the relative threshold', () => {
    // 10 best, 9 best, then 9 is not < 9*(1 - 1e-4): bad 1, 2, 3 > patience 2 -> 0.5; bad counter restarts.
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 2 }, [10, 9, 9, 9, 9, 9, 9, 9]), [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it('a small relative improvement below threshold counts as bad; abs mode compares a difference', () => {
    // rel: 9.9995 is not < 10*(1 - 1e-4) = 9.999 -> bad.
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 0 }, [10, 9.9995]), [1, 0.5]);
    // abs, threshold 0.1: 9.95 is not < 10 - 0.1 -> bad; 9.8 is better.
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 0, threshold_mode: 'abs', threshold: 0.1 }, [10, 9.95, 9.8]), [1, 0.5, 0.5]);
  });

  it('cooldown: bad epochs are not counted for `cooldown` epochs after a reduction', () => {
    const losses = [10, 9, 9, 9, 9, 9, 9, 9, 9, 9];
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 2, cooldown: 2 }, losses), [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  it('min_lr floors the lr; a change smaller than eps is skipped', () => {
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 0, min_lr: 0.3 }, [1, 1, 1, 1]), [1, 0.5, 0.3, 0.3]);
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 0 }, [1, 1, 1], 1e-8), [1e-8, 1e-8, 1e-8]); // 1e-8 - 5e-9 <= eps 1e-8
  });

  it('mode max looks for increases; NaN is never an improvement', () => {
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', mode: 'max', factor: 0.5, patience: 0 }, [1, 2, 1.5, 3]), [1, 1, 0.5, 0.5]);
    assert.deepEqual(lrs({ name: 'reduce_on_plateau', factor: 0.5, patience: 0 }, [1, NaN]), [1, 0.5]);
  });
});
