import * as assert from 'node:assert/strict';
import { FixNotApplicableError } from '../../../../src/core/diagnose/embedded/applyFix';
import { proveFix, runAndDiagnose } from '../../../../src/core/diagnose/embedded/proveFix';
import { parseRunSpecs, type RunSpec } from '../../../../src/core/train/spec';

function spec(raw: Record<string, unknown>): RunSpec {
  return parseRunSpecs({ id: 'r', steps: 300, problem: { name: 'ill-conditioned-quadratic' }, ...raw })[0];
}

/** SGD on curvatures 1..100: lr*lambda_max = 4 > 2 + 2*0.9, so the steep direction grows ~x1.5 per step. */
const diverging = spec({ optimizer: { name: 'sgd', lr: 0.04, momentum: 0.9 } });

describe('proveFix', () => {
  it('proves the top fix of a diverging quadratic run: the re-run converges and the loss numbers say so', () => {
    const before = runAndDiagnose(diverging);
    assert.equal(before.trace.summary.diverged, true);
    const finding = before.findings.find((f) => f.kind === 'divergence');
    assert.ok(finding, JSON.stringify(before.findings));
    const proof = proveFix(diverging, { kind: 'divergence', fix: finding.fixes[0] }, { before });
    assert.equal(proof.proven, true, proof.verdict);
    assert.match(proof.verdict, /^Proven: the re-run shows no divergence or nan; final loss /);
    assert.equal(proof.after.trace.summary.diverged, false);
    assert.deepEqual(proof.after.findings.filter((f) => f.severity === 'error'), []);
    // The search keeps the slowest direction at ~0.98 per step (no slow ringing): within the 1e-4 tolerance by the end.
    assert.ok(proof.loss.finalAfter < 1e-4 && proof.loss.finalBefore > 1e6, JSON.stringify(proof.loss));
    assert.equal(proof.loss.stepsToToleranceBefore, null);
    assert.equal(typeof proof.loss.stepsToToleranceAfter, 'number');
    assert.equal(proof.before, before, 'the run given as before is not run again');
  });

  it('reports a fix that cannot help as not proven, with the reason and the numbers', () => {
    // Clipping at a norm the gradients never reach changes nothing: the run blows up exactly as before.
    const proof = proveFix(diverging, { kind: 'divergence', fix: { action: 'clip_grad_norm', parameter: 'max_norm', to: 1e12, text: 'Clip at 1e12' } });
    assert.equal(proof.proven, false);
    assert.match(proof.verdict, /^Not proven: the re-run still diverged at step \d+; final loss .* -> /);
    assert.equal(proof.after.trace.summary.divergedAtStep, proof.before.trace.summary.divergedAtStep);
  });

  it('does not call a fix proven when the re-run has an error the run did not have', () => {
    const healthy = spec({ optimizer: { name: 'sgd', lr: 0.01 } });
    const raise = (to: number) => proveFix(healthy, { kind: 'stall', fix: { action: 'raise_lr', parameter: 'lr', from: 0.01, to, text: 'Raise the lr' } });
    // lr*lambda_max = 2.1: the steep direction grows x1.1 per step, slowly enough for the detectors to see it.
    const slow = raise(0.021);
    assert.deepEqual(slow.before.findings, []);
    assert.equal(slow.proven, false);
    assert.match(slow.verdict, /^Not proven: the re-run has a new error: divergence on loss from step \d+/);
    // lr*lambda_max = 5: x4 per step, at the trainer's blow-up bound within a few steps; its verdict counts too.
    const fast = raise(0.05);
    assert.equal(fast.proven, false);
    assert.match(fast.verdict, /^Not proven: the re-run has a new error/);
  });

  it('re-runs the same problem and seed: a fix that changes nothing reproduces the minibatch run exactly', () => {
    const noisy = spec({ steps: 60, seed: 11, problem: { name: 'mlp', dataset: 'moons', batch_size: 16 }, optimizer: { name: 'sgd', lr: 0.3 } });
    const proof = proveFix(noisy, { kind: 'stall', fix: { action: 'raise_lr', to: 0.3, text: 'same lr' } });
    assert.deepEqual(Array.from(proof.after.trace.loss), Array.from(proof.before.trace.loss));
  });

  it('says a fix is not applicable instead of re-running when it does not map onto the spec', () => {
    assert.throws(() => proveFix(diverging, { kind: 'nan', fix: { action: 'check_data', text: 'Check the data' } }), FixNotApplicableError);
  });

  it('carries the note of a fix that had to replace the schedule', () => {
    const stepped = spec({ steps: 100, optimizer: { name: 'sgd', lr: 0.015 }, schedule: { name: 'step', step_size: 50 } });
    const proof = proveFix(stepped, { kind: 'divergence', fix: { action: 'add_warmup', to: 10, text: 'warm up' } });
    assert.match(proof.note!, /replaces the step schedule/);
  });
});
