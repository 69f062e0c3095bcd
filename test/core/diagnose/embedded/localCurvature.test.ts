import * as assert from 'node:assert/strict';
import { MAX_SHARPNESS_WORK, runContextOf } from '../../../../src/core/diagnose/embedded/context';
import { localCurvature, POWER_STEPS } from '../../../../src/core/diagnose/embedded/localCurvature';
import type { FixEnvironment } from '../../../../src/core/diagnose/fixes/environment';
import { SHARPENING, stallFixes } from '../../../../src/core/diagnose/fixes/stallFixes';
import type { SharedRunState } from '../../../../src/core/diagnose/shared';
import { createProblem } from '../../../../src/core/problems';
import type { RunSpec } from '../../../../src/core/train/spec';

/** Rosenbrock (a = 1, b = 100): Hessian [[2 - 400(y - x^2) + 800x^2, -400x], [-400x, 200]]. */
function rosenbrockHessian(x: number, y: number): { min: number; max: number } {
  const a = 2 - 400 * (y - x * x) + 800 * x * x;
  const b = -400 * x;
  const d = 200;
  const mean = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  return { min: mean - r, max: mean + r };
}

describe('diagnose/embedded/localCurvature', () => {
  it('measures the 2-D Hessian\'s eigenvalues by differences of the gradient (Rosenbrock, to 1e-5 relative)', () => {
    for (const [x, y] of [[-1.5, 2.25], [0.5, 0.25], [1, 1], [-1.5, 2]]) {
      const p = createProblem({ name: 'rosenbrock', start: [x, y] });
      const c = localCurvature(p, p.start);
      const h = rosenbrockHessian(x, y);
      assert.ok(c);
      assert.ok(Math.abs(c.max - h.max) <= 1e-5 * h.max, `${x},${y}: ${c.max} vs ${h.max}`);
      assert.ok(Math.abs(c.min - h.min) <= 1e-5 * h.max, `${x},${y}: ${c.min} vs ${h.min}`);
    }
  });

  it('finds the top eigenvalue of a larger problem by power iteration (10-D quadratic, lambda_max 7)', () => {
    const p = createProblem({ name: 'quadratic', eigenvalues: [0.1, 0.5, 1, 2, 3, 4, 5, 6, 6.5, 7] });
    const c = localCurvature(p, p.start);
    assert.ok(c);
    assert.ok(Math.abs(c.max - 7) < 0.35, String(c.max));
    assert.ok(Number.isNaN(c.min));
  });

  it('refuses a point with non-finite coordinates', () => {
    const p = createProblem({ name: 'rosenbrock' });
    assert.equal(localCurvature(p, Float64Array.from([NaN, 1])), undefined);
  });

  it('runContextOf gives Rosenbrock runs the start\'s Hessian; quadratics keep their exact range', () => {
    const spec = (problem: RunSpec['problem']): RunSpec => ({ id: 'x', steps: 10, problem, optimizer: { name: 'sgd', lr: 1e-3 } });
    const rosen = spec({ name: 'rosenbrock', start: [-1.5, 2.25] });
    const ctx = runContextOf(rosen, createProblem(rosen.problem));
    assert.ok(ctx.localCurvature && Math.abs(ctx.localCurvature.max - rosenbrockHessian(-1.5, 2.25).max) < 1e-2);
    const quad = spec({ name: 'ill-conditioned-quadratic' });
    assert.equal(runContextOf(quad, createProblem(quad.problem)).localCurvature, undefined);
  });

  it('runContextOf gives the MLP the full-batch top eigenvalue at its start (the same whatever the minibatch size), min unmeasured', () => {
    const spec = (batch: number): RunSpec => ({ id: 'x', steps: 10, problem: { name: 'mlp', dataset: 'moons', batch_size: batch, seed: 1 }, optimizer: { name: 'sgd', lr: 1e-5 } });
    const b8 = runContextOf(spec(8), createProblem(spec(8).problem)).localCurvature;
    const b32 = runContextOf(spec(32), createProblem(spec(32).problem)).localCurvature;
    assert.ok(b8 && b32);
    assert.ok(Number.isNaN(b8.min), 'only the top of the spectrum is measured');
    assert.equal(b8.max, b32.max);
    const full = createProblem({ name: 'mlp', dataset: 'moons', batch_size: 200, seed: 1 });
    const direct = localCurvature(full, full.start);
    assert.ok(direct && Math.abs(direct.max - b8.max) < 1e-9 * direct.max);
    assert.ok(b8.max > 0.5 && b8.max < 5, String(b8.max));
    // A network whose probe would cost more than MAX_SHARPNESS_WORK goes without (its fixes keep the blind cap).
    const big: RunSpec = { id: 'x', steps: 10, problem: { name: 'mlp', dataset: 'moons', n_samples: 20000, hidden: [64, 64], seed: 1 }, optimizer: { name: 'sgd', lr: 1e-5 } };
    const bigProblem = createProblem(big.problem);
    assert.ok(2 * POWER_STEPS * 20000 * bigProblem.dim > MAX_SHARPNESS_WORK);
    assert.equal(runContextOf(big, bigProblem).localCurvature, undefined);
  });

  it('a stalled SGD network with its start sharpness measured is raised to 1 / (SHARPENING lambda), x (1 - momentum); without it the blind 10x cap stays', () => {
    const shared = { context: {}, thresholds: { oscillationRate: 0.9, stallLrFraction: 0.01 }, trainLoss: { level: 0.7 }, gradNormLast: 0.6, lrMax: 1e-5, lrLast: 1e-5 } as unknown as SharedRunState;
    const env = (momentum: number, startSharpness: number): FixEnvironment => ({ optimizer: 'sgd', lr: 1e-5, momentum, nesterov: false, sgdLike: true, curvature: null, localCurvature: null, startSharpness, gradNormP90: NaN, warmupSteps: 0, clipNorm: NaN });
    const [plain] = stallFixes('flat', false, env(0, 1.2), shared);
    // 1 / (8 x 1.2) = 0.104 -> 0.1.
    assert.equal(SHARPENING, 8);
    assert.equal(plain.action, 'raise_lr');
    assert.equal(plain.to, 0.1);
    assert.match(plain.text, /top Hessian eigenvalue at the start is 1\.2/);
    assert.match(plain.text, /stability bound is lr < 1\.7/);
    const [heavy] = stallFixes('flat', false, env(0.9, 1.2), shared);
    assert.equal(heavy.to, 0.01);
    const [blind] = stallFixes('flat', false, env(0, NaN), shared);
    assert.equal(blind.to, 1e-4, 'a log (no measured curvature) keeps the 10x cap');
  });

  it('a stalled SGD run on a measured ill-conditioned point is raised to the middle of heavy ball 0.9\'s stable range', () => {
    const c = rosenbrockHessian(-1.5, 2.25);
    const env: FixEnvironment = { optimizer: 'sgd', lr: 1e-7, momentum: 0, nesterov: false, sgdLike: true, curvature: null, localCurvature: c, gradNormP90: NaN, warmupSteps: 0, clipNorm: NaN };
    const shared = { context: {}, thresholds: { oscillationRate: 0.9, stallLrFraction: 0.01 }, trainLoss: { level: 6.25 }, gradNormLast: 1.58, lrMax: 1e-7, lrLast: 1e-7 } as unknown as SharedRunState;
    const [top] = stallFixes('flat', false, env, shared);
    assert.equal(top.action, 'raise_lr');
    // 1.9 / 2002 = 9.5e-4, rounded down to 5e-4; well inside 3.8 / 2002.
    assert.equal(top.to, 5e-4);
    assert.deepEqual(top.settings, { momentum: 0.9 });
    assert.match(top.text, /measured at the start/);
  });
});
