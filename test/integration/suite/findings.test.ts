// Diagnosis of comparison runs and "Try this fix" in the real extension host: a spec whose second run
// diverges gets a divergence finding on that run (and nothing on the stable one), and trying the top fix
// re-runs it in the worker and answers a proven fix trial, which the dashboard draws.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs } from './helpers';

interface FindingSummary { kind: string; severity: string; metric: string; stepStart: number; stepEnd: number; fixes: string[] }
interface DiagnosedComparison {
  finishedAt: number;
  runs: { id?: string; label: string; diverged: boolean; findings: FindingSummary[] }[];
  renderedLabels: string[];
}
interface FixTrialSummary { proven: boolean; verdict: string; findingsAfter: string[]; finalLossAfter: number | null; divergedAfter: boolean }

/** Plain SGD on the ill-conditioned quadratic (largest curvature 100) is stable below lr 0.02; 0.025 diverges. */
const SPEC = [
  { id: 'stable', steps: 200, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.012 } },
  { id: 'too-fast', steps: 200, problem: { name: 'ill-conditioned-quadratic' }, optimizer: { name: 'sgd', lr: 0.025 } },
];

describe('diagnosis of comparisons and "Try this fix"', () => {
  let specUri: vscode.Uri;

  before(async () => {
    specUri = vscode.Uri.file(path.join(os.tmpdir(), `optlens-findings-${process.pid}-${Date.now()}.optlens.json`));
    await vscode.workspace.fs.writeFile(specUri, Buffer.from(JSON.stringify(SPEC, null, 2)));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(specUri).then(undefined, () => undefined);
  });

  it('finds the divergence on the diverging run, nothing on the stable one, and proves the top fix by re-running', async () => {
    const result = await vscode.commands.executeCommand<DiagnosedComparison>('optimizerLens.runComparison', { specFile: specUri.toString() });
    assert.ok(result, 'optimizerLens.runComparison resolved to nothing');
    assert.deepStrictEqual(result.runs.map((r) => r.id), ['stable', 'too-fast']);
    const [stable, tooFast] = result.runs;
    assert.deepStrictEqual(stable.findings, [], `the stable run has findings: ${JSON.stringify(stable.findings)}`);
    assert.strictEqual(tooFast.diverged, true);
    assert.deepStrictEqual(tooFast.findings.map((f) => [f.kind, f.severity, f.metric]), [['divergence', 'error', 'loss']]);
    assert.strictEqual(tooFast.findings[0].fixes[0], 'lower_lr');
    assert.deepStrictEqual([...result.renderedLabels].sort(), result.runs.map((r) => r.label).sort());

    const trial = await vscode.commands.executeCommand<FixTrialSummary>('optimizerLens.tryFix', { runIndex: 1, findingIndex: 0, fixIndex: 0 });
    assert.ok(trial, 'optimizerLens.tryFix resolved to nothing');
    assert.strictEqual(trial.proven, true, trial.verdict);
    assert.match(trial.verdict, /^Proven/);
    assert.strictEqual(trial.divergedAfter, false);
    assert.deepStrictEqual(trial.findingsAfter, []);
    assert.ok(trial.finalLossAfter !== null && trial.finalLossAfter < 1, `final loss after the fix: ${trial.finalLossAfter}`);
    assert.strictEqual(dashboardTabs().length, 1, 'the fix trial did not stay in the one dashboard panel');
  });

  it('refuses a fix that names no finding, without a trial', async () => {
    const trial = await vscode.commands.executeCommand<FixTrialSummary | undefined>('optimizerLens.tryFix', { runIndex: 0, findingIndex: 0, fixIndex: 0 });
    assert.strictEqual(trial, undefined, 'a run without findings has no fix to try');
  });
});
