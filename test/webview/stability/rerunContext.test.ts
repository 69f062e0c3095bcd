import * as assert from 'node:assert/strict';
import { validateWebviewMessage, type WireComparison } from '../../../src/core/protocol';
import { rerunContext } from '../../../src/webview/stability/rerunContext';
import { rerunBase, specsWithSettings } from '../../../src/extension/dashboard/mapRunSpecs';
import { illConditionedQuadratic, momentumWarmupSpec } from '../fixtures';

/** The comparison as a reloaded panel has it: restored from the saved state (a JSON round trip). */
function restored(comparison: WireComparison): WireComparison {
  return JSON.parse(JSON.stringify(comparison)) as WireComparison;
}

describe('stability map re-run after a window reload', () => {
  it('the click carries the comparison\'s runs, tolerance and title, and the host validates them as a spec file', () => {
    const comparison = restored(illConditionedQuadratic());
    const context = rerunContext(comparison);
    assert.ok(context);
    assert.equal(context.specs.length, comparison.runs.length);
    assert.deepEqual(context.specs.map((s) => s.optimizer), comparison.runs.map((r) => r.optimizer));
    assert.ok(context.specs.every((s) => JSON.stringify(s.problem) === JSON.stringify(comparison.problem)), 'the problem, its seed inside');
    assert.deepEqual(context.specs.map((s) => s.steps), comparison.runs.map((r) => r.stepsRequested));
    const message = { type: 'runAtSettings', comparisonFinishedAt: comparison.finishedAt, lr: 0.01, momentum: 0.9, nesterov: false, context };
    const checked = validateWebviewMessage(JSON.parse(JSON.stringify(message)));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.ok(checked.value.type === 'runAtSettings' && checked.value.context);
    // A host that forgot the comparison (nothing remembered) re-runs it from the context, plus the clicked run.
    const base = rerunBase(undefined, checked.value);
    assert.equal(base.tolerance, comparison.tolerance);
    assert.equal(base.problemTitle, comparison.problemTitle);
    const specs = specsWithSettings(base.specs, checked.value);
    assert.equal(specs.length, comparison.runs.length + 1);
    assert.deepEqual(specs[specs.length - 1].optimizer, { name: 'sgd', lr: 0.01, momentum: 0.9 });
  });

  it('prefers what the host remembers of the same comparison, and refuses when there is neither', () => {
    const comparison = illConditionedQuadratic();
    const context = rerunContext(comparison);
    assert.ok(context);
    const remembered = { comparison, specs: [{ ...context.specs[0], id: 'remembered' }], tolerance: 1e-9 };
    const request = { comparisonFinishedAt: comparison.finishedAt, lr: 0.01, momentum: 0.5, nesterov: false, context };
    assert.equal(rerunBase(remembered, request).specs[0].id, 'remembered');
    assert.equal(rerunBase({ ...remembered, comparison: { ...comparison, finishedAt: 1 } }, request).specs, context.specs, 'another comparison is remembered');
    assert.throws(() => rerunBase(undefined, { ...request, context: undefined }), /no longer in memory/);
  });

  it('sends no context for runs on different problems (the wire keeps only their titles)', () => {
    const mixed = restored(momentumWarmupSpec());
    mixed.runs[0].problemTitle = 'another problem';
    assert.equal(rerunContext(mixed), undefined);
  });

  const hostile: [string, unknown, RegExp][] = [
    ['specs that are not a list', { specs: { id: 'a' }, tolerance: 0, problemTitle: 'p' }, /context.specs must be an array/],
    ['an unknown problem', { specs: [{ id: 'a', steps: 10, problem: { name: 'nope' }, optimizer: { name: 'sgd', lr: 0.1 } }], tolerance: 0, problemTitle: 'p' }, /context.specs: .*problem/],
    ['too many steps', { specs: [{ id: 'a', steps: 1e9, problem: { name: 'rosenbrock' }, optimizer: { name: 'sgd', lr: 0.1 } }], tolerance: 0, problemTitle: 'p' }, /steps/],
    ['an unknown key in a run', { specs: [{ id: 'a', steps: 10, problem: { name: 'rosenbrock' }, optimizer: { name: 'sgd', lr: 0.1 }, exec: 'rm' }], tolerance: 0, problemTitle: 'p' }, /unknown key "exec"/],
    ['a negative tolerance', { specs: [], tolerance: -1, problemTitle: 'p' }, /tolerance must be a finite number >= 0/],
    ['an over-long title', { specs: [], tolerance: 0, problemTitle: 'x'.repeat(501) }, /problemTitle/],
    ['no specs at all', { specs: [], tolerance: 0, problemTitle: 'p' }, /empty list/],
  ];
  for (const [what, context, error] of hostile) {
    it(`rejects a click whose context has ${what}`, () => {
      const checked = validateWebviewMessage({ type: 'runAtSettings', comparisonFinishedAt: 1, lr: 0.01, momentum: 0.9, nesterov: false, context });
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.error, error);
    });
  }
});
