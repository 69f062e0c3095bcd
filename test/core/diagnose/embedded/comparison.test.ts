import * as assert from 'node:assert/strict';
import { comparisonDiagnosedRun, comparisonRunSpec } from '../../../../src/core/diagnose/embedded/comparison';
import { proveFix } from '../../../../src/core/diagnose/embedded/proveFix';
import { runComparison } from '../../../../src/core/train/compare';
import type { ComparisonRequest } from '../../../../src/core/train/types';

const request: ComparisonRequest = {
  problem: { name: 'ill-conditioned-quadratic' },
  steps: 300,
  tolerance: 1e-6,
  entries: [
    { label: 'fine', optimizer: { name: 'sgd', lr: 0.015 } },
    { label: 'too fast', optimizer: { name: 'sgd', lr: 0.04, momentum: 0.9 }, schedule: { name: 'constant' }, clip: { max_norm: 1e9 } },
  ],
};

describe('diagnosing and fixing a comparison run', () => {
  it('gives the run spec that reproduces an entry exactly', () => {
    const result = runComparison(request);
    const spec = comparisonRunSpec(request, 1);
    assert.deepEqual(spec, { id: 'too fast', steps: 300, problem: request.problem, optimizer: request.entries[1].optimizer, schedule: { name: 'constant' }, clip: { max_norm: 1e9 } });
    const before = comparisonDiagnosedRun(request, result, 1);
    assert.equal(before.trace, result.runs[1]);
    assert.ok(before.findings.some((f) => f.kind === 'divergence'));
    assert.deepEqual(comparisonDiagnosedRun(request, result, 0).findings, []);
    assert.throws(() => comparisonRunSpec(request, 2), /no entry 2/);
  });

  it('lets "Try this fix" prove the top fix with the comparison\'s trace as before', () => {
    const result = runComparison(request);
    const before = comparisonDiagnosedRun(request, result, 1);
    const finding = before.findings.find((f) => f.kind === 'divergence')!;
    const proof = proveFix(before.spec, { kind: finding.kind, fix: finding.fixes[0] }, { before, tolerance: request.tolerance });
    assert.equal(proof.proven, true, proof.verdict);
    assert.equal(proof.before.trace, result.runs[1]);
  });
});
