import * as assert from 'node:assert/strict';
import { runContextOf } from '../../../../src/core/diagnose/embedded/context';
import { localCurvature } from '../../../../src/core/diagnose/embedded/localCurvature';
import type { FixEnvironment } from '../../../../src/core/diagnose/fixes/environment';
import { stallFixes } from '../../../../src/core/diagnose/fixes/stallFixes';
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

  it('runContextOf gives Rosenbrock runs the start\'s Hessian; quadratics keep their exact range, the MLP gets none', () => {
    const spec = (problem: RunSpec['problem']): RunSpec => ({ id: 'x', steps: 10, problem, optimizer: { name: 'sgd', lr: 1e-3 } });
    const rosen = spec({ name: 'rosenbrock', start: [-1.5, 2.25] });
    const ctx = runContextOf(rosen, createProblem(rosen.problem));
    assert.ok(ctx.localCurvature && Math.abs(ctx.localCurvature.max - rosenbrockHessian(-1.5, 2.25).max) < 1e-2);
    const quad = spec({ name: 'ill-conditioned-quadratic' });
    assert.equal(runContextOf(quad, createProblem(quad.problem)).localCurvature, undefined);
    const mlp = spec({ name: 'mlp', dataset: 'moons' });
    assert.equal(runContextOf(mlp, createProblem(mlp.problem)).localCurvature, undefined);
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
