// Config diagnostics in the real extension host: an LSTM script with momentum 0.99, no warm-up and no
// clipping gets OL005 and OL006 with links to the bundled README; each quick fix applies through the code action provider
// as an undoable edit giving the exact expected text; a syntax error keeps the diagnostics of what parsed;
// "Simulate this config" runs the setting as written and fixed and the dashboard draws both.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs, waitFor } from './helpers';

interface SimulateOutcome {
  problem: string;
  runs: { id: string; diverged: boolean; finalLoss: number | null; findings: string[] }[];
  fixTitles: string[];
  map?: { lambdaMin: number; lambdaMax: number; points: { label: string; lr: number; momentum: number }[] };
  renderedLabels: string[];
}

const OPTIMIZER_LINE = 'optimizer = torch.optim.SGD(params, lr=0.05, momentum=0.99)\n';
const STEP_LINE = '        optimizer.step()  # one update per batch\n';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Optimizer Lens');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The quick fixes with an edit at the diagnostic's range (of every diagnostic there: OL006 spans the whole call). */
async function fixesFor(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  // A request is cancelled when the document's markers change meanwhile (the JSON language server publishes
  // its own just after opening): ask again, as the lightbulb does.
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      return (actions ?? []).filter((a) => a.edit);
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || !/Canceled/.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

describe('config diagnostics, quick fixes and "Simulate this config"', () => {
  let uri: vscode.Uri;
  let original: string;
  let editor: vscode.TextEditor;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens sample-workspace as its folder');
    original = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'train_lstm.py')));
    uri = vscode.Uri.file(path.join(os.tmpdir(), `optlens-config-${process.pid}-${Date.now()}.py`));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  async function applyAndUndo(code: string, title: RegExp, expected: string): Promise<void> {
    const d = await waitFor(`${code} on the script`, () => ours(uri).find((x) => codeOf(x) === code), 15_000);
    const actions = await fixesFor(uri, d);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action?.edit, `${code}: no quick fix matching ${title} among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(action.edit), `${code}: applyEdit refused`);
    assert.strictEqual(editor.document.getText(), expected);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor(`undo of "${action.title}"`, () => editor.document.getText() === original, 5_000);
  }

  it('diagnoses momentum 0.99 with no warm-up (OL005) and the LSTM with no clipping (OL006), linked to the README', async () => {
    const found = await waitFor('OL005 and OL006', () => {
      const codes = ours(uri).map(codeOf).sort();
      return codes.join() === 'OL005,OL006' ? ours(uri) : undefined;
    }, 15_000);
    for (const d of found) {
      // The code's link runs a command (what the hover and the Problems view do on click) that opens the README
      // the extension ships at the rule's row: no web address, works offline.
      assert.ok(typeof d.code === 'object', `code of ${codeOf(d)} has a target`);
      const target = d.code.target;
      assert.strictEqual(target.scheme, 'command', `code target of ${codeOf(d)}: ${target.toString()}`);
      assert.strictEqual(target.path, 'optimizerLens.openRuleDocs');
      const args = JSON.parse(decodeURIComponent(target.query)) as unknown[];
      assert.deepStrictEqual(args, [codeOf(d)]);
      const docs = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(target.path, ...args);
      assert.ok(docs, `${codeOf(d)}: the command opened an editor`);
      assert.strictEqual(path.basename(docs.document.uri.fsPath), 'README.md');
      const row = docs.document.lineAt(docs.selection.active.line).text;
      assert.ok(row.includes(`id="config-rules-${codeOf(d).toLowerCase()}"`), `${codeOf(d)}: the README opens at its row, got: ${row}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    editor = await vscode.window.showTextDocument(editor.document);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the script is the active editor again');
    const ol005 = found.find((d) => codeOf(d) === 'OL005');
    assert.strictEqual(ol005?.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(editor.document.getText(ol005?.range), '0.99', 'OL005 underlines the momentum value');
    assert.strictEqual(found.find((d) => codeOf(d) === 'OL006')?.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('adds a LinearLR warm-up stepped after optimizer.step() (preferred), and undo restores the file', async () => {
    const d = await waitFor('OL005', () => ours(uri).find((x) => codeOf(x) === 'OL005'), 15_000);
    const actions = await fixesFor(uri, d);
    const titles = JSON.stringify(actions.map((a) => [a.title, a.isPreferred]));
    assert.strictEqual(actions.find((a) => /LinearLR/.test(a.title))?.isPreferred, true, titles);
    assert.strictEqual(actions.find((a) => /Reduce momentum/.test(a.title))?.isPreferred, false, titles);
    await applyAndUndo('OL005', /LinearLR/, original
      .replace(OPTIMIZER_LINE, `${OPTIMIZER_LINE}warmup_scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=100)\n`)
      .replace(STEP_LINE, `${STEP_LINE}        warmup_scheduler.step()\n`));
  });

  it('reduces momentum to 0.9 in place, and undo restores the file', async () => {
    await applyAndUndo('OL005', /Reduce momentum/, original.replace('momentum=0.99)', 'momentum=0.9)'));
  });

  it('inserts clip_grad_norm_ before optimizer.step(), and undo restores the file', async () => {
    await applyAndUndo('OL006', /Clip gradients/, original.replace(STEP_LINE, `        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)\n${STEP_LINE}`));
  });

  it('the diagnostic goes when its fix is applied, and a syntax error keeps the diagnostics of what parsed', async () => {
    const d = await waitFor('OL006', () => ours(uri).find((x) => codeOf(x) === 'OL006'), 15_000);
    const fix = (await fixesFor(uri, d)).find((a) => /Clip gradients/.test(a.title));
    assert.ok(fix?.edit);
    await vscode.workspace.applyEdit(fix.edit);
    await waitFor('OL006 to go after its fix', () => !ours(uri).some((x) => codeOf(x) === 'OL006'), 10_000);
    const broken = new vscode.WorkspaceEdit();
    broken.insert(uri, editor.document.positionAt(editor.document.getText().length), 'def broken(:\n    pass\n');
    await vscode.workspace.applyEdit(broken);
    await new Promise((resolve) => setTimeout(resolve, 800)); // past the 300 ms debounce
    assert.deepStrictEqual(ours(uri).map(codeOf), ['OL005']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the file reverted', () => editor.document.getText() === original, 5_000);
  });

  it('"Simulate this config" (its CodeLens) runs the setting as written and fixed on the proxy quadratic, and the dashboard draws both', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const lens = (lenses ?? []).find((l) => l.command?.command === 'optimizerLens.simulateConfig');
    assert.ok(lens?.command, `no Simulate lens among ${JSON.stringify((lenses ?? []).map((l) => l.command?.title))}`);
    assert.match(lens.command.title, /Simulate this config \(and the fix\)/);
    assert.strictEqual(lens.range.start.line, editor.document.positionAt(original.indexOf('torch.optim.SGD')).line);
    const outcome = await vscode.commands.executeCommand<SimulateOutcome>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.ok(outcome, 'the simulation resolved to nothing');
    assert.match(outcome.problem, /ill-conditioned quadratic, curvatures 0.1 to 10/);
    assert.deepStrictEqual(outcome.runs.map((r) => r.id), ['SGD (line 12) as written', 'SGD (line 12) fixed']);
    assert.strictEqual(outcome.fixTitles.length, 2, JSON.stringify(outcome.fixTitles));
    assert.deepStrictEqual(outcome.map?.points.map((p) => [p.lr, p.momentum]), [[0.05, 0.99], [0.05, 0.99]]);
    assert.strictEqual(outcome.renderedLabels.length, 2, `dashboard drew ${JSON.stringify(outcome.renderedLabels)}`);
    assert.strictEqual(dashboardTabs().length, 1);
  });
});

describe('config diagnostics in YAML and JSON', () => {
  const files: vscode.Uri[] = [];

  after(async () => {
    await closeAllEditors();
    for (const f of files) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  });

  async function open(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.file(path.join(os.tmpdir(), `optlens-config-${process.pid}-${Date.now()}-${name}`));
    files.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  async function applyPreferred(editor: vscode.TextEditor, code: string): Promise<void> {
    const uri = editor.document.uri;
    const d = await waitFor(`${code} in ${path.basename(uri.fsPath)}`, () => ours(uri).find((x) => codeOf(x) === code), 15_000);
    const fix = (await fixesFor(uri, d)).find((a) => a.isPreferred);
    assert.ok(fix?.edit, `${code}: no preferred fix`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor(`${code} to go after its fix`, () => !ours(uri).some((x) => codeOf(x) === code), 10_000);
  }

  it('YAML: 1e-5 (a string for PyYAML) is OL007 and the fix writes 1.0e-5, comment kept', async () => {
    const editor = await open('train.yaml', 'optimizer: adam\nlr: 1e-5  # small\n');
    await applyPreferred(editor, 'OL007');
    assert.strictEqual(editor.document.getText(), 'optimizer: adam\nlr: 1.0e-5  # small\n');
  });

  it('DeepSpeed JSON: Adam at lr 0.01 with no warm-up gets a WarmupLR scheduler block, and the file stays valid JSON', async () => {
    const editor = await open('ds_config.json', '{\n  "train_batch_size": 8,\n  "optimizer": {\n    "type": "Adam",\n    "params": {"lr": 0.01}\n  }\n}\n');
    await applyPreferred(editor, 'OL005');
    const config = JSON.parse(editor.document.getText()) as { scheduler?: { type: string; params: Record<string, number> } };
    assert.strictEqual(config.scheduler?.type, 'WarmupLR');
    assert.strictEqual(config.scheduler?.params.warmup_max_lr, 0.01);
  });

  it('Lightning CLI YAML: momentum 0.99 with no warm-up gets an lr_scheduler LinearLR block, comment kept, and undo restores it', async () => {
    const original = 'optimizer:\n  class_path: torch.optim.SGD\n  init_args:\n    lr: 0.1\n    momentum: 0.99  # heavy ball\n';
    const editor = await open('lightning.yaml', original);
    await applyPreferred(editor, 'OL005');
    assert.strictEqual(editor.document.getText(), `lr_scheduler:\n  class_path: torch.optim.lr_scheduler.LinearLR\n  init_args:\n    start_factor: 0.01\n    total_iters: 5\n${original}`);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo of the warm-up', () => editor.document.getText() === original || undefined, 5_000);
  });

  it('Keras script: the learning rate becomes a CosineDecay warm-up schedule to the same value', async () => {
    const editor = await open('keras_train.py', 'import keras\nopt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.99)  # fast\n');
    await applyPreferred(editor, 'OL005');
    assert.strictEqual(editor.document.getText(), 'import keras\nopt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecay(0.001, decay_steps=1, alpha=1.0, warmup_target=0.1, warmup_steps=100), momentum=0.99)  # fast\n');
  });
});
