// Training-log watching in the real extension host: discovery of the sample workspace's runs, the
// "Watch Training Log..." command, live appends, truncation, damaged files. The state is polled through the
// internal optimizerLens.logs.state command (bounded waits, no fixed sleeps).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs, extension, waitFor } from './helpers';

interface TagState { tag: string; points: number; lastStep: number | null; lastValue: number | null; nonFinite: number }
interface RunState {
  id: string; label: string; format: string; files: string[]; watching: boolean; truncations: number; points: number;
  lastStep: number | null; health: string | null; trend: string | null; warningCount: number; warnings: string[];
  crcErrors: number; tags: TagState[];
}
interface LogsState {
  discoveries: number; focusedRunId: string | null; statusBarText: string | null; runs: RunState[];
  dashboardPushes: number; dashboardLast: { runId: string; version: number; lastStep: number | null } | null;
}
interface WatchResult { ok: boolean; error?: string; runs: { id: string; label: string; format: string; points: number; lastStep: number | null }[]; focusedRunId?: string }

const state = async () => (await vscode.commands.executeCommand<LogsState>('optimizerLens.logs.state')) as LogsState;

async function waitForState<T>(what: string, probe: (s: LogsState) => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: LogsState | undefined;
  for (;;) {
    last = await state();
    const value = probe(last);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; state: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const runOf = (s: LogsState, id: string) => s.runs.find((r) => r.id === id);
const tagOf = (run: RunState | undefined, tag: string) => run?.tags.find((t) => t.tag === tag);
const watch = async (target: vscode.Uri) => (await vscode.commands.executeCommand<WatchResult>('optimizerLens.watchLog', target)) as WatchResult;

describe('training logs', () => {
  const folder = () => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the integration run opens sample-workspace as its folder');
    return f.uri;
  };
  // Scratch files live inside the workspace (under logs/, so discovery sees them too) and are removed after.
  let scratch: string;
  let rootScratch: string;

  before(async () => {
    await extension().activate();
    scratch = path.join(folder().fsPath, 'logs', `.it-watch-${process.pid}-${Date.now()}`);
    fs.mkdirSync(scratch, { recursive: true });
    rootScratch = path.join(folder().fsPath, `.it-watch-${process.pid}-${Date.now()}`);
    fs.mkdirSync(rootScratch, { recursive: true });
  });

  after(async () => {
    for (const run of (await state()).runs) {
      if (run.files.some((f) => f.includes('.it-watch-'))) await vscode.commands.executeCommand('optimizerLens.logs.stopWatching', run.id);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(rootScratch, { recursive: true, force: true });
    await closeAllEditors();
  });

  it('contributes the Training Runs view, its commands and settings', () => {
    const contributes = extension().packageJSON.contributes;
    const views = Object.values(contributes.views ?? {}).flat() as { id: string; name: string }[];
    assert.ok(views.some((v) => v.id === 'optimizerLens.trainingRuns' && v.name === 'Training Runs'));
    const commands = (contributes.commands as { command: string; title: string }[]).map((c) => c.command);
    for (const c of ['optimizerLens.watchLog', 'optimizerLens.logs.refresh', 'optimizerLens.logs.openInDashboard', 'optimizerLens.logs.stopWatching']) assert.ok(commands.includes(c), c);
    const config = vscode.workspace.getConfiguration('optimizerLens.logs');
    assert.ok((config.get<string[]>('include') ?? []).includes('**/events.out.tfevents.*'));
    assert.strictEqual(config.get('pollIntervalMs'), 1000);
  });

  it('discovers the sample workspace runs with their metrics and health', async () => {
    await vscode.commands.executeCommand('optimizerLens.logs.refresh');
    const nothingFocused = await state();
    assert.strictEqual(nothingFocused.focusedRunId, null, 'discovery focused a run');
    assert.strictEqual(nothingFocused.statusBarText, null, 'the status bar item shows without a focused run');
    const runs = await waitForState('the four sample runs, read', (s) => {
      const find = (fragment: string, format: string) => s.runs.find((r) => r.files.some((f) => f.includes(fragment)) && r.format === format && r.points > 0);
      const found = {
        tfevents: find('runs/demo/events.out.tfevents.', 'tfevents'),
        lightning: find('lightning_logs/version_0/metrics.csv', 'lightning-csv'),
        hf: find('hf-run/trainer_state.json', 'trainer-state'),
        jsonl: find('logs/oscillating.jsonl', 'jsonl'),
      };
      const { tfevents, lightning, hf, jsonl } = found;
      return tfevents && lightning && hf && jsonl && tfevents.lastStep === 995 ? { tfevents, lightning, hf, jsonl } : undefined;
    });
    // The event file: 200 points of each train tag plus 10 validation losses, healthy and going down.
    assert.deepStrictEqual(runs.tfevents.tags.map((t) => [t.tag, t.points]), [['train/loss', 200], ['train/lr', 200], ['train/grad_norm', 200], ['val/loss', 10]]);
    assert.strictEqual(runs.tfevents.health, 'ok');
    assert.strictEqual(runs.tfevents.trend, 'down');
    assert.strictEqual(runs.tfevents.warningCount, 0);
    // The Lightning run diverges to NaN: an error.
    assert.strictEqual(runs.lightning.health, 'error');
    assert.ok((tagOf(runs.lightning, 'train_loss')?.nonFinite ?? 0) > 0);
    assert.strictEqual(tagOf(runs.hf, 'loss')?.lastStep, 2000);
  });

  it('follows the settings: runs outside new include globs are dropped, and come back', async () => {
    const config = vscode.workspace.getConfiguration('optimizerLens.logs');
    const lightning = (s: LogsState) => s.runs.some((r) => r.files.some((f) => f.includes('lightning_logs/version_0/metrics.csv')));
    const demo = (s: LogsState) => s.runs.some((r) => r.files.some((f) => f.includes('runs/demo/')));
    try {
      await config.update('include', ['**/runs/**'], vscode.ConfigurationTarget.Global);
      await waitForState('only the runs/ run', (s) => demo(s) && !lightning(s));
    } finally {
      await config.update('include', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForState('the Lightning run back', (s) => demo(s) && lightning(s));
  });

  it('watches a file: reads it, focuses it, shows it in the status bar and opens the dashboard', async () => {
    const file = path.join(scratch, 'train.jsonl');
    fs.writeFileSync(file, [0, 1, 2].map((step) => JSON.stringify({ step, loss: 1 - step * 0.1, lr: 0.01 })).join('\n') + '\n');
    const result = await watch(vscode.Uri.file(file));
    assert.ok(result.ok, result.error);
    assert.strictEqual(result.runs.length, 1);
    assert.strictEqual(result.runs[0].format, 'jsonl');
    assert.strictEqual(result.runs[0].lastStep, 2);
    assert.strictEqual(result.runs[0].points, 6);
    const s = await state();
    assert.strictEqual(s.focusedRunId, result.focusedRunId);
    assert.match(s.statusBarText ?? '', /^\$\(pulse\) .*train\.jsonl · step 2 · loss 0\.8/);
    await waitFor('the dashboard to open', () => dashboardTabs().length === 1);
  });

  it('follows appends live, waiting on a half-written last line', async () => {
    const file = path.join(scratch, 'live.jsonl');
    fs.writeFileSync(file, JSON.stringify({ step: 0, loss: 2.0 }) + '\n');
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    for (let step = 1; step <= 20; step++) fs.appendFileSync(file, JSON.stringify({ step, loss: 2.0 - step * 0.05 }) + '\n');
    await waitForState('step 20 after appends', (s) => runOf(s, run.id)?.lastStep === 20);
    fs.appendFileSync(file, '{"step": 21, "lo');
    // The half-written line is not a point (and not a warning) while the writer may finish it.
    fs.appendFileSync(file, 'ss": 0.9}\n');
    const done = await waitForState('step 21 once the line is complete', (s) => (runOf(s, run.id)?.lastStep === 21 ? runOf(s, run.id) : undefined));
    assert.strictEqual(tagOf(done, 'loss')?.points, 22);
    assert.strictEqual(done.warningCount, 0);
    assert.strictEqual(done.trend, 'down');
    await waitForState('the status bar at step 21', (s) => s.focusedRunId === run.id && /step 21 · loss 0\.9 ↓/.test(s.statusBarText ?? ''));
    // The dashboard (opened by the watch command) gets the new snapshot and draws it.
    const pushed = await waitForState('a snapshot at step 21 pushed to the dashboard', (s) => (s.dashboardLast?.runId === run.id && s.dashboardLast.lastStep === 21 ? s.dashboardLast : undefined));
    const rendered = await vscode.commands.executeCommand<{ runId: string; version: number; lastStep: number | null } | undefined>('optimizerLens.logs.dashboardRendered', run.id, pushed.version);
    assert.ok(rendered, 'the dashboard did not report drawing the snapshot');
    assert.strictEqual(rendered.lastStep, 21);
  });

  it('follows an event file written record by record, holding a half-written record until it is complete', async () => {
    const sample = fs.readFileSync(path.join(folder().fsPath, 'runs', 'demo', 'events.out.tfevents.1700000000.sample-host'));
    const dir = path.join(scratch, 'tb-live');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'events.out.tfevents.1700000002.it-host');
    // The first ~1/3 of the file, cut in the middle of a record (the writer is mid-flush).
    const cut = Math.floor(sample.length / 3) + 7;
    fs.writeFileSync(file, sample.subarray(0, cut));
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    const partial = runOf(await state(), run.id);
    assert.ok(partial && partial.points > 0 && partial.points < 610 && partial.warningCount === 0, JSON.stringify(partial));
    fs.appendFileSync(file, sample.subarray(cut));
    const whole = await waitForState('the rest of the event file', (s) => (runOf(s, run.id)?.points === 610 ? runOf(s, run.id) : undefined));
    assert.strictEqual(whole.lastStep, 995);
    assert.strictEqual(whole.warningCount, 0);
  });

  it('re-reads a trainer_state.json the trainer rewrote', async () => {
    const dir = path.join(scratch, 'hf');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'trainer_state.json');
    const state_ = (n: number) => JSON.stringify({ global_step: n * 10, log_history: Array.from({ length: n }, (_, i) => ({ loss: 2 - i * 0.1, learning_rate: 1e-4, step: (i + 1) * 10, epoch: i / 10 })) }, null, 2);
    fs.writeFileSync(file, state_(2));
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    assert.strictEqual(run.format, 'trainer-state');
    assert.strictEqual(run.lastStep, 20);
    fs.writeFileSync(file, state_(5));
    const after = await waitForState('the rewritten trainer state', (s) => (runOf(s, run.id)?.lastStep === 50 ? runOf(s, run.id) : undefined));
    assert.strictEqual(tagOf(after, 'loss')?.points, 5);
    assert.strictEqual(after.warningCount, 0);
  });

  it('starts over with a fresh reader and store when the file is truncated, and says so', async () => {
    const file = path.join(scratch, 'restart.jsonl');
    fs.writeFileSync(file, Array.from({ length: 50 }, (_, step) => JSON.stringify({ step, loss: 1 })).join('\n') + '\n');
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    assert.strictEqual(run.lastStep, 49);
    fs.writeFileSync(file, [0, 1, 2].map((step) => JSON.stringify({ step, loss: 5 })).join('\n') + '\n');
    const after = await waitForState('the truncated file read again', (s) => {
      const r = runOf(s, run.id);
      return r && r.truncations === 1 && r.lastStep === 2 ? r : undefined;
    });
    assert.strictEqual(tagOf(after, 'loss')?.points, 3);
    assert.ok(after.warnings.some((w) => /shrank from \d+ to \d+ bytes/.test(w)), after.warnings.join('\n'));
    assert.strictEqual(after.health, 'warning');
  });

  it('starts over when the file is replaced by a bigger one between two looks (not read on from the old offset)', async () => {
    const file = path.join(scratch, 'replaced.jsonl');
    fs.writeFileSync(file, Array.from({ length: 5 }, (_, step) => JSON.stringify({ step, loss: 1 })).join('\n') + '\n');
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    assert.strictEqual(run.lastStep, 4);
    // A restarted script writing a new log under the same name, already longer than the old one.
    const replacement = Array.from({ length: 20 }, (_, step) => JSON.stringify({ step: step * 10, lr: 0.5 })).join('\n') + '\n';
    fs.writeFileSync(`${file}.tmp`, replacement);
    fs.renameSync(`${file}.tmp`, file);
    const after = await waitForState('the replaced file read from the start', (s) => {
      const r = runOf(s, run.id);
      return r && r.truncations >= 1 && r.lastStep === 190 ? r : undefined;
    });
    assert.strictEqual(tagOf(after, 'lr')?.points, 20);
    assert.strictEqual(tagOf(after, 'loss'), undefined, 'the old file\'s points are gone');
    assert.ok(after.warnings.some((w) => /replaced|deleted and created again/.test(w)), after.warnings.join('\n'));
  });

  it('reads a damaged event file with warnings and no exception: bad records skipped, the rest read', async () => {
    const sample = fs.readFileSync(path.join(folder().fsPath, 'runs', 'demo', 'events.out.tfevents.1700000000.sample-host'));
    const damaged = Buffer.from(sample);
    // Flip bytes inside a few records' data (past the file_version record): their data CRCs no longer match.
    for (const at of [400, 9000, 20000]) damaged[at] ^= 0xff;
    const dir = path.join(scratch, 'damaged');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'events.out.tfevents.1700000001.it-host');
    fs.writeFileSync(file, damaged);
    const result = await watch(vscode.Uri.file(file));
    assert.ok(result.ok, result.error);
    const run = runOf(await state(), result.runs[0].id);
    assert.ok(run);
    assert.ok(run.crcErrors >= 1 && run.warningCount >= 1, JSON.stringify(run));
    assert.ok(run.points > 500 && run.points < 610, `points: ${run.points}`);
    assert.strictEqual(run.health, 'warning');
    assert.ok(run.warnings.some((w) => /events\.out\.tfevents\.1700000001\.it-host@\d+: /.test(w)), run.warnings.join('\n'));
  });

  it('watches a folder: an MLflow run, each metric file a tag named by its key', async () => {
    const run = path.join(scratch, 'mlruns', '0', '0123456789abcdef0123456789abcdef');
    fs.mkdirSync(path.join(run, 'metrics', 'train'), { recursive: true });
    fs.writeFileSync(path.join(run, 'metrics', 'train', 'loss'), '1700000000000 2.5 0\n1700000001000 2.1 1\n1700000002000 1.8 2\n');
    fs.writeFileSync(path.join(run, 'metrics', 'lr'), '1700000000000 0.001 0\n');
    const result = await watch(vscode.Uri.file(path.join(scratch, 'mlruns')));
    assert.ok(result.ok, result.error);
    assert.strictEqual(result.runs.length, 1);
    assert.strictEqual(result.runs[0].format, 'mlflow-metric');
    const watched = runOf(await state(), result.runs[0].id);
    assert.deepStrictEqual(watched?.tags.map((t) => [t.tag, t.points, t.lastStep]).sort(), [['lr', 1, 0], ['train/loss', 3, 2]]);
    fs.appendFileSync(path.join(run, 'metrics', 'train', 'loss'), '1700000003000 1.6 3\n');
    await waitForState('the appended MLflow point', (s) => tagOf(runOf(s, result.runs[0].id), 'train/loss')?.lastStep === 3);
  });

  it('adds a file created later in a watched folder to its run, also outside the discovery globs', async () => {
    // At the workspace root, not under logs/ or mlruns/: only the run's own watcher can see the new file.
    const run = path.join(rootScratch, '0123456789abcdef0123456789abcdef');
    fs.mkdirSync(path.join(run, 'metrics'), { recursive: true });
    fs.writeFileSync(path.join(run, 'metrics', 'loss'), '1700000000000 2.5 0\n1700000001000 2.0 1\n');
    const result = await watch(vscode.Uri.file(run));
    assert.ok(result.ok, result.error);
    const id = result.runs[0].id;
    assert.deepStrictEqual(runOf(await state(), id)?.tags.map((t) => t.tag), ['loss']);
    fs.writeFileSync(path.join(run, 'metrics', 'accuracy'), '1700000001000 0.4 1\n');
    const grown = await waitForState('the new metric file in the run', (s) => (tagOf(runOf(s, id), 'accuracy')?.points === 1 ? runOf(s, id) : undefined));
    assert.strictEqual(grown.files.length, 2);
  });

  it('says clearly when a file is not a log it can read', async () => {
    const file = path.join(scratch, 'notes.txt');
    fs.writeFileSync(file, 'just some notes\n');
    const result = await watch(vscode.Uri.file(file));
    assert.strictEqual(result.ok, false);
    assert.match(result.error ?? '', /notes\.txt is not a training log in a format Optimizer Lens reads\. Readable: TensorBoard/);
  });

  it('stops watching a run on request', async () => {
    const file = path.join(scratch, 'stop.jsonl');
    fs.writeFileSync(file, JSON.stringify({ step: 0, loss: 1 }) + '\n');
    const { runs: [run] } = await watch(vscode.Uri.file(file));
    await vscode.commands.executeCommand('optimizerLens.logs.stopWatching', run.id);
    const stopped = runOf(await state(), run.id);
    assert.strictEqual(stopped?.watching, false);
    assert.match((await state()).statusBarText ?? '', /^\$\(debug-pause\) /);
  });
});
