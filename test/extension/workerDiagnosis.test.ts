import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { runComparisonInWorker, runFixTrialInWorker, runSpecsInWorker } from '../../src/extension/worker/runInWorker';
import { specsOfRequest } from '../../src/extension/worker/comparisonSpecs';
import { validateHostMessage } from '../../src/core/protocol';
import { parseRunSpecs } from '../../src/core/train/spec';
import type { ComparisonRequest } from '../../src/core/train/types';

// The worker runs the real bundle (dist/worker.js), exactly as the extension host does.
const distPath = path.resolve(__dirname, '../../../dist');

/** On the ill-conditioned quadratic (largest curvature 100) plain SGD is stable below lr 0.02: 0.025 diverges. */
const request: ComparisonRequest = {
  problem: { name: 'ill-conditioned-quadratic' }, steps: 200, tolerance: 1e-4,
  entries: [
    { label: 'stable', optimizer: { name: 'sgd', lr: 0.012 } },
    { label: 'too fast', optimizer: { name: 'sgd', lr: 0.025 } },
  ],
};

describe('trainer worker: diagnosis and fix trials', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(path.join(distPath, 'worker.js'))) throw new Error(`build first: ${distPath}/worker.js is missing`);
  });

  it('diagnoses every run of a comparison: a divergence on the diverging run, nothing on the stable one', async () => {
    const wire = await runComparisonInWorker(request, { distPath });
    assert.ok(validateHostMessage(JSON.parse(JSON.stringify({ type: 'comparison', comparison: wire }))).ok);
    assert.deepEqual(wire.runs[0].findings, []);
    const findings = wire.runs[1].findings ?? [];
    assert.deepEqual(findings.map((f) => [f.kind, f.severity]), [['divergence', 'error']]);
    assert.ok(findings[0].step_start <= (wire.runs[1].summary.divergedAtStep ?? 0), 'flagged at or before the blow-up');
    assert.equal(findings[0].fixes[0].action, 'lower_lr');
  });

  it('diagnoses the runs of a spec file too', async () => {
    const specs = parseRunSpecs([{ id: 'fast', steps: 100, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.025 } }]);
    const wire = await runSpecsInWorker(specs, { tolerance: 1e-4, specTitle: 'fast.optlens.json' }, { distPath });
    assert.deepEqual(wire.runs[0].findings?.map((f) => f.kind), ['divergence']);
  });

  it('proves the top fix of the divergence by re-running the same problem and seed', async () => {
    const wire = await runComparisonInWorker(request, { distPath });
    const finding = wire.runs[1].findings![0];
    const outcome = await runFixTrialInWorker(
      { spec: specsOfRequest(request)[1], kind: finding.kind, fix: finding.fixes[0], tolerance: 1e-4, label: 'too fast with the fix' }, { distPath });
    assert.equal(outcome.proven, true, outcome.verdict);
    assert.match(outcome.verdict, /^Proven/);
    assert.equal(outcome.after.label, 'too fast with the fix');
    assert.equal(outcome.after.summary.diverged, false);
    assert.deepEqual(outcome.after.findings, []);
    assert.equal(outcome.after.loss.length, 201);
  });

  it('says so when a fix cannot help, and fails clearly when it cannot apply', async () => {
    const spec = specsOfRequest(request)[1];
    const useless = await runFixTrialInWorker(
      { spec, kind: 'divergence', fix: { action: 'raise_lr', parameter: 'lr', from: 0.025, to: 0.05, text: 'Raise the lr.' }, tolerance: 1e-4, label: 'x' },
      { distPath });
    assert.equal(useless.proven, false);
    assert.match(useless.verdict, /^Not proven/);
    await assert.rejects(runFixTrialInWorker(
      { spec, kind: 'divergence', fix: { action: 'check_data', text: 'Check the data.' }, tolerance: 1e-4, label: 'x' }, { distPath }), /check_data/);
  });
});
