// Live diagnosis of watched training logs in the real extension host: a log written while the test runs blows
// up (a divergence finding must appear before the first NaN row is written), a healthy noisy log stays clean,
// "Diagnose Training Log..." on finished logs, a restart (steps going back) and the enable setting. The state
// is polled through the internal optimizerLens.logs.state command (bounded waits, no fixed sleeps).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, extension } from './helpers';

interface FindingState { kind: string; metric: string; severity: string; step_start: number; step_end: number; message: string; fixes: { text: string }[] }
interface RunState {
  id: string; files: string[]; watching: boolean; live: boolean; points: number; lastStep: number | null; health: string | null;
  healthReasons: string[]; restarts: number; findings: FindingState[] | null;
  tags: { tag: string; nonFinite: number }[];
  treeChildren: { label: string; description: string; icon: string; tooltip: string }[];
}
interface LogsState {
  focusedRunId: string | null; statusBarText: string | null; runs: RunState[];
  notifications: { runId: string; kind: string; severity: string; text: string }[];
}
interface DiagnoseResult { ok: boolean; error?: string; runs: { id: string; points: number; diagnosed: boolean; findings: FindingState[] }[] }

const state = async () => (await vscode.commands.executeCommand<LogsState>('optimizerLens.logs.state')) as LogsState;
const runOf = (s: LogsState, id: string) => s.runs.find((r) => r.id === id);

async function waitForState<T>(what: string, probe: (s: LogsState) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: LogsState | undefined;
  for (;;) {
    last = await state();
    const value = probe(last);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; state: ${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A falling loss with minibatch-like noise that is the same on every run. */
function healthyLoss(step: number): number {
  const u = Math.abs(Math.sin(step * 12.9898) * 43758.5453) % 1;
  return (1.5 * Math.exp(-step / 300) + 0.2) * (1 + 0.3 * (u - 0.5));
}
const line = (step: number, loss: number | string, extra = '') => `{"step": ${step}, "loss": ${typeof loss === 'number' ? loss.toPrecision(6) : loss}, "lr": 0.1${extra}}\n`;
const watch = (file: string) => vscode.commands.executeCommand<{ ok: boolean; error?: string; runs: { id: string }[] }>('optimizerLens.watchLog', vscode.Uri.file(file));
const diagnose = async (arg: unknown) => {
  const result = (await vscode.commands.executeCommand<DiagnoseResult>('optimizerLens.diagnoseLog', arg)) as DiagnoseResult;
  // The command leaves a QuickPick of the findings open for the user.
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return result;
};

describe('training logs: live diagnosis', () => {
  let scratch: string;

  before(async () => {
    await extension().activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // Outside the discovery globs: only the runs the tests watch are followed.
    scratch = path.join(folder.uri.fsPath, `.it-diagnose-${process.pid}-${Date.now()}`);
    fs.mkdirSync(scratch, { recursive: true });
  });

  after(async () => {
    for (const run of (await state()).runs) {
      if (run.files.some((f) => f.includes('.it-diagnose-'))) await vscode.commands.executeCommand('optimizerLens.logs.stopWatching', run.id);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('optimizerLens.diagnose').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('contributes "Diagnose Training Log..." and the diagnose settings', () => {
    const contributes = extension().packageJSON.contributes;
    const command = (contributes.commands as { command: string; title: string }[]).find((c) => c.command === 'optimizerLens.diagnoseLog');
    assert.strictEqual(command?.title, 'Diagnose Training Log...');
    const config = vscode.workspace.getConfiguration('optimizerLens.diagnose');
    assert.strictEqual(config.get('enabled'), true);
    assert.strictEqual(config.get('notifications'), 'errors');
    assert.strictEqual(config.get('divergenceRatio'), 10);
  });

  it('flags a log written live that blows up: divergence before the first NaN row, in the tree, the status bar and a notification', async () => {
    const file = path.join(scratch, 'blowup.jsonl');
    fs.writeFileSync(file, Array.from({ length: 150 }, (_, step) => line(step, healthyLoss(step))).join(''));
    const watched = await watch(file);
    assert.ok(watched?.ok, watched?.error);
    const id = watched.runs[0].id;
    const start = await waitForState('the run read and live', (s) => (runOf(s, id)?.live && runOf(s, id)?.lastStep === 149 ? runOf(s, id) : undefined));
    assert.deepStrictEqual(start.findings, [], 'a healthy start has findings');
    assert.strictEqual(start.health, 'ok');
    // The blow-up, written a few rows at a time (x1.2 a step from step 150), never reaching NaN.
    let step = 150;
    const blowUp = (s: number) => healthyLoss(150) * 1.2 ** (s - 150);
    let flagged: RunState | undefined;
    while (!flagged && step < 300) {
      fs.appendFileSync(file, Array.from({ length: 5 }, (_, i) => line(step + i, blowUp(step + i))).join(''));
      step += 5;
      const written = step - 1;
      flagged = await waitForState(`step ${written} read`, (s) => {
        const r = runOf(s, id);
        return r && r.lastStep === written ? r : undefined;
      });
      if (!flagged.findings?.some((f) => f.kind === 'divergence')) flagged = undefined;
    }
    assert.ok(flagged, `no divergence finding by step ${step}`);
    const divergence = flagged.findings?.find((f) => f.kind === 'divergence');
    assert.ok(divergence);
    assert.strictEqual(divergence.severity, 'error');
    assert.strictEqual(divergence.metric, 'loss');
    assert.ok(divergence.step_start >= 130 && divergence.step_start <= 160, `onset ${divergence.step_start}`);
    assert.ok(divergence.fixes.length > 0);
    assert.strictEqual(flagged.tags.find((t) => t.tag === 'loss')?.nonFinite, 0, 'flagged only after a NaN');
    assert.strictEqual(flagged.health, 'error');
    // The tree: the finding first under the run, with its error icon and its message and fixes in the tooltip.
    const first = flagged.treeChildren[0];
    assert.match(first.label, /^divergence in loss from step \d+$/);
    // The tooltip is Markdown (punctuation escaped): read it without the backslashes.
    assert.match(first.tooltip.replace(/\\/g, ''), /^\*\*divergence in loss at steps \d+-\d+\*\* \(error\)\n\nloss grew [\d.]+x from its best/);
    assert.strictEqual(first.icon, 'error');
    // The best fix starts from the learning rate the log's lr tag says (0.1): logs carry no other context.
    assert.match(first.tooltip.replace(/\\/g, ''), /Fixes, best first:\n\n1\. [^\n]*learning rate[^\n]*0\.1\b/i);
    assert.deepStrictEqual(flagged.treeChildren.slice(1).map((c) => c.label), ['loss', 'lr']);
    // The status bar of the focused run shows its top finding; a notification said so once.
    await waitForState('the finding in the status bar', (s) => s.focusedRunId === id && /\$\(error\) divergence in loss at steps/.test(s.statusBarText ?? ''));
    const notified = await waitForState('the notification', (s) => s.notifications.filter((n) => n.runId === id));
    assert.deepStrictEqual(notified.map((n) => [n.kind, n.severity]), [['divergence', 'error']]);
    assert.match(notified[0].text, /blowup\.jsonl: divergence in loss at steps \d+-\d+\. /);
    // Now the NaN rows: a nan finding joins the divergence, and no second notification of the divergence.
    fs.appendFileSync(file, line(step, 'NaN') + line(step + 1, 'NaN'));
    const nan = await waitForState('the nan finding', (s) => (runOf(s, id)?.findings?.some((f) => f.kind === 'nan') ? runOf(s, id) : undefined));
    assert.deepStrictEqual(nan.findings?.map((f) => f.kind), ['divergence', 'nan']);
    assert.strictEqual((await state()).notifications.filter((n) => n.runId === id && n.kind === 'divergence').length, 1);
  });

  it('finds nothing in a healthy noisy log written live', async () => {
    const file = path.join(scratch, 'healthy.jsonl');
    fs.writeFileSync(file, line(0, healthyLoss(0)));
    const watched = await watch(file);
    assert.ok(watched?.ok, watched?.error);
    const id = watched.runs[0].id;
    for (let from = 1; from < 2000; from += 400) {
      fs.appendFileSync(file, Array.from({ length: 400 }, (_, i) => line(from + i, healthyLoss(from + i))).join(''));
    }
    const done = await waitForState('the healthy log read', (s) => (runOf(s, id)?.lastStep === 2000 ? runOf(s, id) : undefined));
    assert.deepStrictEqual(done.findings, []);
    assert.strictEqual(done.health, 'ok');
    assert.deepStrictEqual(done.treeChildren.map((c) => c.label), ['loss', 'lr']);
    // A report settles the engine's pending windows: still nothing.
    const report = await diagnose(id);
    assert.ok(report.ok, report.error);
    assert.deepStrictEqual(report.runs.map((r) => [r.points, r.findings.length]), [[4002, 0]]);
  });

  it('"Diagnose Training Log..." on a finished log: reads it and returns its findings, the run in the tree', async () => {
    const file = path.join(scratch, 'finished.jsonl');
    // Healthy, then x1.3 a step from step 200, then NaN from step 350 on (the overflow).
    const rows = Array.from({ length: 400 }, (_, step) => line(step, step < 200 ? healthyLoss(step) : step < 350 ? healthyLoss(200) * 1.3 ** (step - 200) : 'NaN'));
    fs.writeFileSync(file, rows.join(''));
    const result = await diagnose(vscode.Uri.file(file));
    assert.ok(result.ok, result.error);
    assert.strictEqual(result.runs.length, 1);
    assert.strictEqual(result.runs[0].points, 800);
    const kinds = result.runs[0].findings.map((f) => f.kind);
    assert.deepStrictEqual(kinds, ['divergence', 'nan']);
    const s = await state();
    assert.strictEqual(s.focusedRunId, result.runs[0].id);
    assert.deepStrictEqual(runOf(s, result.runs[0].id)?.treeChildren.slice(0, 2).map((c) => c.icon), ['error', 'error']);
  });

  it('"Diagnose Training Log..." says clearly when the file is not a log', async () => {
    const file = path.join(scratch, 'notes.txt');
    fs.writeFileSync(file, 'nothing to see\n');
    const result = await diagnose(vscode.Uri.file(file));
    assert.strictEqual(result.ok, false);
    assert.match(result.error ?? '', /notes\.txt is not a training log/);
  });

  it('forgets findings about steps a resumed run logged again (restart), keeping the restart as a warning', async () => {
    const file = path.join(scratch, 'resumed.jsonl');
    const rows = Array.from({ length: 260 }, (_, step) => line(step, step < 200 ? healthyLoss(step) : healthyLoss(200) * 1.3 ** (step - 200)));
    fs.writeFileSync(file, rows.join(''));
    const watched = await watch(file);
    const id = watched.runs[0].id;
    await waitForState('the divergence', (s) => runOf(s, id)?.findings?.some((f) => f.kind === 'divergence'));
    // Resumed from the checkpoint at step 150 with a smaller learning rate.
    fs.appendFileSync(file, Array.from({ length: 150 }, (_, i) => line(150 + i, healthyLoss(150 + i) * 0.9)).join(''));
    const resumed = await waitForState('the resumed run read', (s) => (runOf(s, id)?.lastStep === 299 && runOf(s, id)?.restarts ? runOf(s, id) : undefined));
    assert.deepStrictEqual(resumed.findings, []);
    assert.strictEqual(resumed.health, 'warning');
    assert.ok(resumed.healthReasons.some((r) => /restart/.test(r)), resumed.healthReasons.join('; '));
  });

  it('drops the findings when diagnosis is switched off and brings them back when it is on again', async () => {
    const diverged = (await state()).runs.find((r) => r.files.some((f) => f.endsWith('blowup.jsonl')));
    assert.ok(diverged);
    const config = vscode.workspace.getConfiguration('optimizerLens.diagnose');
    await config.update('enabled', false, vscode.ConfigurationTarget.Global);
    const off = await waitForState('no findings', (s) => (runOf(s, diverged.id)?.findings === null ? runOf(s, diverged.id) : undefined));
    // Without the engine the NaN rows still make the run an error.
    assert.strictEqual(off.health, 'error');
    assert.ok(off.healthReasons.some((r) => /loss has 2 NaN\/Inf values/.test(r)), off.healthReasons.join('; '));
    await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitForState('the findings back', (s) => runOf(s, diverged.id)?.findings?.some((f) => f.kind === 'divergence'));
  });
});
