import * as assert from 'node:assert/strict';
import { feedTrace, updateCosine } from '../../../../src/core/diagnose/embedded/feedTrace';
import type { Diagnoser, Finding, MetricRole } from '../../../../src/core/diagnose/types';
import { runSpecs } from '../../../../src/core/train/simulate';
import { parseRunSpecs } from '../../../../src/core/train/spec';
import type { RunTrace } from '../../../../src/core/train/types';

/** Records what it is fed. */
class Recorder implements Diagnoser {
  roles = new Map<string, MetricRole>();
  points = new Map<string, [number, number][]>();
  order: string[] = [];
  setRole(metric: string, role: MetricRole): void {
    this.roles.set(metric, role);
  }
  add(metric: string, step: number, value: number): void {
    if (!this.points.has(metric)) this.points.set(metric, []);
    this.points.get(metric)!.push([step, value]);
    this.order.push(`${step}:${metric}`);
  }
  drain(): Finding[] {
    return [];
  }
  end(): Finding[] {
    return [];
  }
  get findings(): readonly Finding[] {
    return [];
  }
}

function trace(raw: Record<string, unknown>): RunTrace {
  return runSpecs(parseRunSpecs({ steps: 20, problem: { name: 'quadratic', eigenvalues: [1, 10], angle: 20 }, ...raw }))[0].trace;
}

describe('feedTrace', () => {
  it('feeds row k as step k, step by step, with the roles declared and the start row only for loss and gradient norm', () => {
    const t = trace({ optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 } });
    const r = new Recorder();
    feedTrace(t, r);
    assert.deepEqual([...r.roles], [['loss', 'loss'], ['grad_norm', 'grad_norm'], ['lr', 'lr'], ['update_norm', 'update_norm'],
      ['velocity_norm', 'velocity_norm'], ['update_cosine', 'update_cosine']]);
    assert.deepEqual(r.points.get('loss')!.map(([s]) => s), Array.from({ length: 21 }, (_, k) => k));
    assert.deepEqual(r.points.get('loss')!.map(([, v]) => v), Array.from(t.loss));
    assert.deepEqual(r.points.get('grad_norm')!.map(([, v]) => v), Array.from(t.gradNorm));
    for (const m of ['lr', 'update_norm', 'velocity_norm']) assert.equal(r.points.get(m)![0][0], 1, `${m} starts at the first update`);
    assert.deepEqual(r.points.get('lr')!.map(([, v]) => v), new Array(20).fill(0.05));
    assert.equal(r.points.get('update_cosine')![0][0], 2);
    // Interleaved like a live loop: every metric of step k before anything of step k + 1.
    const steps = r.order.map((s) => Number(s.split(':')[0]));
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  });

  it('feeds no velocity for an optimizer without a momentum buffer', () => {
    const r = new Recorder();
    feedTrace(trace({ optimizer: { name: 'sgd', lr: 0.05 } }), r);
    assert.equal(r.roles.has('velocity_norm'), false);
    assert.equal(r.points.has('velocity_norm'), false);
  });

  it('measures the cosine between successive updates: -1 for a zig-zag, +1 for a straight descent', () => {
    // One direction (curvature 10): lr*lambda = 1.8 flips the error's sign every step; 0.05*10 = 0.5 never does.
    const zigzag = trace({ problem: { name: 'quadratic', eigenvalues: [10] }, optimizer: { name: 'sgd', lr: 0.18 } });
    const straight = trace({ problem: { name: 'quadratic', eigenvalues: [10] }, optimizer: { name: 'sgd', lr: 0.05 } });
    for (let k = 2; k <= 20; k++) {
      assert.ok(Math.abs(updateCosine(zigzag, k) + 1) < 1e-12, `zig-zag step ${k}: ${updateCosine(zigzag, k)}`);
      assert.ok(Math.abs(updateCosine(straight, k) - 1) < 1e-12, `straight step ${k}`);
    }
  });

  it('computes the cosine in n-D like the vectors do, and leaves it out where an update is zero', () => {
    const t = trace({ optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 } });
    for (let k = 2; k <= t.stepsRun; k++) {
      const u = [0, 1].map((i) => t.params[k * 2 + i] - t.params[(k - 1) * 2 + i]);
      const v = [0, 1].map((i) => t.params[(k - 1) * 2 + i] - t.params[(k - 2) * 2 + i]);
      const expected = (u[0] * v[0] + u[1] * v[1]) / (Math.hypot(...u) * Math.hypot(...v));
      assert.ok(Math.abs(updateCosine(t, k) - expected) < 1e-9, `step ${k}`);
    }
    // Started at the minimum: no update moves, so there is no direction and nothing is fed.
    const still = trace({ problem: { name: 'quadratic', eigenvalues: [1, 10], start: [0, 0] }, optimizer: { name: 'sgd', lr: 0.05 } });
    const r = new Recorder();
    feedTrace(still, r);
    assert.equal(r.points.has('update_cosine'), false);
    assert.ok(Number.isNaN(updateCosine(still, 2)));
  });

  it('feeds every row of a run that blew up, up to the row where the trainer stopped it', () => {
    const t = trace({ steps: 2000, problem: { name: 'quadratic', eigenvalues: [10] }, optimizer: { name: 'sgd', lr: 0.5 } });
    assert.equal(t.summary.diverged, true);
    const r = new Recorder();
    feedTrace(t, r);
    const loss = r.points.get('loss')!;
    assert.equal(loss.length, t.stepsRun + 1);
    assert.equal(loss[loss.length - 1][0], t.summary.divergedAtStep);
  });
});
