import * as assert from 'node:assert/strict';
import { runContextOf } from '../../../../src/core/diagnose/embedded/context';
import { diagnoseTrace } from '../../../../src/core/diagnose/embedded/diagnoseTrace';
import type { Diagnoser, Finding, RunContext } from '../../../../src/core/diagnose/types';
import { runSpecs } from '../../../../src/core/train/simulate';
import { parseRunSpecs } from '../../../../src/core/train/spec';

function run(raw: Record<string, unknown>) {
  const [result] = runSpecs(parseRunSpecs({ steps: 300, problem: { name: 'ill-conditioned-quadratic' }, ...raw }));
  return { ...result, context: runContextOf(result.spec, result.problem) };
}

describe('diagnoseTrace', () => {
  it('finds a quadratic run\'s divergence before the trainer\'s blow-up stop, with a fix from the known curvature', () => {
    const r = run({ optimizer: { name: 'sgd', lr: 0.04, momentum: 0.9 } });
    const findings = diagnoseTrace(r.trace, r.context);
    const divergence = findings.find((f) => f.kind === 'divergence');
    assert.ok(divergence, JSON.stringify(findings));
    assert.equal(divergence.metric, 'loss');
    assert.ok(divergence.step_start < r.trace.summary.divergedAtStep!, `${divergence.step_start} < ${r.trace.summary.divergedAtStep}`);
    // The stability bound alpha*lambda < 2 + 2*beta: lower the lr or the momentum, from the run's own values.
    const top = divergence.fixes[0];
    assert.ok(top.action === 'lower_lr' || top.action === 'reduce_momentum', top.action);
    assert.equal(top.from, top.action === 'lower_lr' ? 0.04 : 0.9);
  });

  it('finds nothing on a healthy run', () => {
    const r = run({ optimizer: { name: 'sgd', lr: 0.015, momentum: 0.5 } });
    assert.equal(r.trace.summary.diverged, false);
    assert.deepEqual(diagnoseTrace(r.trace, r.context), []);
  });

  it('builds the diagnoser from the run\'s context and the thresholds given', () => {
    const r = run({ steps: 5, optimizer: { name: 'sgd', lr: 0.01 } });
    let seen: { context: RunContext; thresholds: unknown } | undefined;
    const stub: Diagnoser = {
      setRole() {}, add() {}, drain: () => [], findings: [],
      end: (): Finding[] => [{ kind: 'stall', metric: 'loss', severity: 'warning', step_start: 0, step_end: 5, message: 'm', evidence: {}, fixes: [] }],
    };
    const findings = diagnoseTrace(r.trace, r.context, { divergenceRatio: 20 }, (context, thresholds) => {
      seen = { context, thresholds };
      return stub;
    });
    assert.equal(findings[0].kind, 'stall');
    assert.equal(seen!.context, r.context);
    assert.deepEqual(seen!.thresholds, { divergenceRatio: 20 });
  });
});
