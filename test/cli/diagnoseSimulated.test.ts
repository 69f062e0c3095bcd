import * as assert from 'node:assert/strict';
import { rebuildRun } from '../../src/cli/diagnoseSimulated';
import { OPTIMIZER_NAMES } from '../../src/core/optim/types';
import { SpecError } from '../../src/core/specError';
import { runSpecs, simulatedRun } from '../../src/core/train/simulate';
import { parseRunSpecs } from '../../src/core/train/spec';

/** simulate's output for one run, through JSON as a file would carry it. */
function printed(raw: Record<string, unknown>): Record<string, unknown> {
  const [result] = runSpecs(parseRunSpecs(raw));
  return JSON.parse(JSON.stringify(simulatedRun(result))) as Record<string, unknown>;
}

describe('reading optlens simulate output back (diagnose)', () => {
  it('rebuilds a spec that re-runs to the very same numbers, for every optimizer in both conventions', () => {
    for (const name of OPTIMIZER_NAMES) {
      for (const convention of ['pytorch', 'keras']) {
        const raw = {
          id: `${name}-${convention}`, steps: 40, seed: 3,
          problem: { name: 'quadratic', eigenvalues: [0.5, 4, 9], rotate: true, noise: 0.1 },
          optimizer: { name, convention, lr: 0.05 },
          schedule: { name: 'warmup_cosine', warmup_steps: 5, total_steps: 40 },
          clip: convention === 'keras' ? { global_clipnorm: 3 } : { max_norm: 3 },
        };
        const out = printed(raw);
        const rebuilt = rebuildRun(out, 'runs[0]');
        assert.equal(rebuilt.id, raw.id);
        const [again] = runSpecs([rebuilt.spec]);
        assert.deepEqual(Array.from(again.trace.loss), Array.from(rebuilt.trace.loss), raw.id);
        assert.deepEqual(Array.from(again.trace.params), Array.from(rebuilt.trace.params), raw.id);
        assert.equal(rebuilt.trace.hasVelocity, again.trace.hasVelocity, raw.id);
      }
    }
  });

  it('reads null as NaN and keeps the trainer\'s verdict', () => {
    const out = printed({ id: 'boom', steps: 50, problem: { name: 'quadratic', eigenvalues: [10] }, optimizer: { name: 'sgd', lr: 0.5 } });
    const { trace } = rebuildRun(out, 'runs[0]');
    assert.equal(trace.summary.diverged, true);
    assert.equal(trace.summary.divergedAtStep, out.diverged_at_step);
    assert.ok(Number.isNaN(trace.lr[0]) && Number.isNaN(trace.updateNorm[0]));
    assert.equal(trace.stepsRun, out.steps_run);
  });

  it('names the JSON path of what is wrong in a run', () => {
    const out = printed({ id: 'a', steps: 5, problem: { name: 'rosenbrock' }, optimizer: { name: 'adam' } });
    const broken = (change: (run: Record<string, unknown>) => void, path: RegExp) => {
      const copy = JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
      change(copy);
      assert.throws(() => rebuildRun(copy, 'runs[2]'), (e: unknown) => e instanceof SpecError && path.test(e.path), path.source);
    };
    broken((r) => { (r.optimizer as Record<string, unknown>).betas = [2, 0.9]; }, /^runs\[2\]\.optimizer\.betas\[0\]$/);
    broken((r) => { (r.loss as unknown[]).pop(); }, /^runs\[2\]\.loss$/);
    broken((r) => { (r.grad_norm as unknown[])[3] = 'x'; }, /^runs\[2\]\.grad_norm\[3\]$/);
    broken((r) => { r.steps_run = 9; }, /^runs\[2\]\.steps_run$/);
    broken((r) => { (r.params as unknown[][])[2] = [1]; }, /^runs\[2\]\.params\[2\]$/);
    broken((r) => { delete r.problem; }, /^runs\[2\]\.problem$/);
    broken((r) => { (r.param_norm as unknown[]).push(1); }, /^runs\[2\]\.param_norm$/);
    broken((r) => { r.val_loss = [0, 1, 2, 3, 4, '5']; }, /^runs\[2\]\.val_loss\[5\]$/);
    broken((r) => { r.val_loss = 'none'; }, /^runs\[2\]\.val_loss$/);
  });

  it('reads param_norm and val_loss back, and derives the parameter norm from params in output printed before it existed', () => {
    const out = printed({ id: 'm', steps: 12, problem: { name: 'mlp', hidden: [4], n_samples: 40 }, optimizer: { name: 'adam', lr: 0.01 } });
    const { trace } = rebuildRun(out, 'runs[0]');
    assert.deepEqual(Array.from(trace.paramNorm), out.param_norm);
    assert.deepEqual(Array.from(trace.valLoss ?? [], (v) => (Number.isNaN(v) ? null : v)), out.val_loss);
    const older = { ...out };
    delete older.param_norm;
    delete older.val_loss;
    const rebuilt = rebuildRun(older, 'runs[0]').trace;
    assert.deepEqual(Array.from(rebuilt.paramNorm), out.param_norm, 'the same sum of squares over each row');
    assert.equal(rebuilt.valLoss, undefined);
  });
});
