import * as assert from 'node:assert/strict';
import { reportJson, reportText, summaryText, type DiagnosedReport } from '../../src/cli/diagnoseOutput';
import type { Finding } from '../../src/core/diagnose/types';

const nan: Finding = {
  kind: 'nan', metric: 'loss', severity: 'error', step_start: 40, step_end: 42,
  message: 'loss became NaN at step 40.', evidence: { first_step: 40, count: 3, growth: null },
  fixes: [
    { action: 'check_data', text: 'Check the batch at step 40 for NaN inputs.' },
    { action: 'clip_grad_norm', parameter: 'max_norm', to: 1, text: 'Clip the gradient norm at 1.', settings: { norm_type: 2 } },
  ],
};

describe('optlens diagnose output', () => {
  it('prints a fix that is not a change to the spec as not re-run, and only the documented fix keys', () => {
    const report: DiagnosedReport = { path: 'out.json', id: 'r1', findings: [nan], proofs: [{ applicable: false, reason: 'check_data is advice.' }] };
    const json = JSON.parse(JSON.stringify(reportJson(report))) as { id: string; findings: { evidence: unknown; fixes: Record<string, unknown>[] }[] };
    assert.equal(json.id, 'r1');
    assert.deepEqual(json.findings[0].evidence, { first_step: 40, count: 3, growth: null });
    assert.deepEqual(json.findings[0].fixes, [
      { action: 'check_data', text: 'Check the batch at step 40 for NaN inputs.', proof: { applicable: false, proven: false, verdict: 'Not re-run: check_data is advice.' } },
      { action: 'clip_grad_norm', parameter: 'max_norm', to: 1, text: 'Clip the gradient norm at 1.' },
    ]);
    assert.equal(reportText(report), [
      'out.json run "r1"',
      '  ERROR nan on loss, steps 40-42',
      '    loss became NaN at step 40.',
      '    Fix: Check the batch at step 40 for NaN inputs.',
      '      (not re-run: check_data is advice.)',
      '    or: Clip the gradient norm at 1.',
      '', ''].join('\n'));
  });

  it('leaves id out for a log and counts severities in the summary', () => {
    const log: DiagnosedReport = { path: 'runs/a', findings: [nan, { ...nan, kind: 'spike', severity: 'info', step_start: 5, step_end: 5, fixes: [] }] };
    assert.deepEqual(Object.keys(reportJson(log)), ['path', 'findings']);
    assert.match(reportText(log), /\n {2}info spike on loss, step 5\n/);
    assert.equal(summaryText([log, { path: 'runs/b', findings: [] }]), '2 runs: 1 error, 0 warnings, 1 info\n');
  });
});
