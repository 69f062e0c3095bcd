// Spec files (*.optlens.json) in the real extension host: run through the command's arguments, and the
// "Run" CodeLens offered on an open spec. The sample workspace (sample-workspace/) is the open folder.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs, type ComparisonResult } from './helpers';

const sample = 'specs/nesterov-vs-momentum-warmup.optlens.json';
const sampleIds = ['pytorch-momentum-warmup', 'keras-momentum-warmup', 'pytorch-nesterov-warmup', 'keras-nesterov-warmup'];

/**
 * A copy of the sample spec outside the workspace, for the tests that edit it: the sample itself is never
 * touched (closing a dirty editor may save it). Deleted after the test.
 */
async function scratchCopy(): Promise<vscode.Uri> {
  const uri = vscode.Uri.file(path.join(os.tmpdir(), `optlens-${process.pid}-${Date.now()}.optlens.json`));
  await vscode.workspace.fs.copy(sampleUri(), uri, { overwrite: true });
  scratch.push(uri);
  return uri;
}
const scratch: vscode.Uri[] = [];

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Throws away unsaved edits and closes the editor, without prompting. */
async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function sampleUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run opens sample-workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, sample);
}

async function run(args: unknown): Promise<ComparisonResult> {
  const result = await vscode.commands.executeCommand<ComparisonResult>('optimizerLens.runComparison', args);
  assert.ok(result, 'optimizerLens.runComparison resolved to nothing');
  return result;
}

describe('spec files', () => {
  afterEach(async () => {
    await closeAllEditors();
    for (const uri of scratch.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('runs every run of a spec file given as { specFile } (workspace-relative path) and the dashboard draws them', async () => {
    const result = await run({ specFile: sample });
    assert.deepStrictEqual(result.runs.map((r) => r.id), sampleIds);
    for (const r of result.runs) assert.ok(Number.isFinite(r.finalLoss) && !r.diverged, `${r.id}: ${JSON.stringify(r)}`);
    assert.deepStrictEqual([...result.renderedLabels].sort(), result.runs.map((r) => r.label).sort());
    assert.strictEqual(dashboardTabs().length, 1);
  });

  it('runs one run of a spec given by URI and index, or by id', async () => {
    const byIndex = await run({ specFile: sampleUri().toString(), run: 1 });
    assert.deepStrictEqual(byIndex.runs.map((r) => r.id), ['keras-momentum-warmup']);
    const byId = await run({ specFile: sampleUri(), run: 'pytorch-nesterov-warmup' });
    assert.deepStrictEqual(byId.runs.map((r) => r.id), ['pytorch-nesterov-warmup']);
  });

  it('runs the unsaved text of an open spec, and reports an invalid spec with its path and line', async () => {
    const copy = await scratchCopy();
    const document = await vscode.workspace.openTextDocument(copy);
    const editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    const at = text.indexOf('"warmup_steps": 50');
    try {
      await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + '"warmup_steps": 50'.length)), '"warmup_steps": 0'));
      await assert.rejects(run({ specFile: copy.toString() }), (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        assert.match(message, /\.optlens\.json:7:\d+: \[0\]\.schedule\.warmup_steps/, message);
        return true;
      });
    } finally {
      await revert(document);
    }
    await assert.rejects(run({ specFile: 'specs/no-such.optlens.json' }), /no such file/);
  });

  it('gives *.optlens.json files the language optlens-spec, other JSON files stay json', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const files = await vscode.workspace.findFiles('specs/*.optlens.json');
    assert.ok(files.length >= 4, `sample specs: ${files.map((f) => f.path).join(', ')}`);
    for (const file of files) {
      const document = await vscode.workspace.openTextDocument(file);
      assert.strictEqual(document.languageId, 'optlens-spec', file.path);
    }
    const copy = await vscode.workspace.openTextDocument(await scratchCopy());
    assert.strictEqual(copy.languageId, 'optlens-spec', 'a spec outside the workspace');
    const plain = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'configs/deepspeed.json'));
    assert.strictEqual(plain.languageId, 'json', 'other JSON files stay JSON');
  });

  it('offers "Run all" and a "Run" CodeLens per run on an open spec, and the lens runs its run', async () => {
    const document = await vscode.workspace.openTextDocument(sampleUri());
    await vscode.window.showTextDocument(document);
    assert.strictEqual(document.languageId, 'optlens-spec');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const ours = (lenses ?? []).filter((l) => l.command?.command === 'optimizerLens.runComparison');
    assert.deepStrictEqual(ours.map((l) => l.command?.title), ['▶ Run all (4)', '▶ Run', '▶ Run', '▶ Run', '▶ Run'],
      `lenses: ${JSON.stringify((lenses ?? []).map((l) => l.command?.title))}`);
    assert.strictEqual(document.lineAt(ours[1].range.start.line).text.trim(), '{', 'a run lens sits on its run object');
    const lens = ours[2];
    const result = await vscode.commands.executeCommand<ComparisonResult>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(result);
    assert.deepStrictEqual(result.runs.map((r) => r.id), ['keras-momentum-warmup']);
  });

  it('hovers show the schema\'s descriptions (the JSON language server serves optlens-spec)', async () => {
    const document = await vscode.workspace.openTextDocument(sampleUri());
    await vscode.window.showTextDocument(document);
    const position = document.positionAt(document.getText().indexOf('"momentum"') + 2);
    const deadline = Date.now() + 15_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await hoverText(document.uri, position);
      if (/Momentum factor/.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.match(text, /Momentum factor/, `hover on "momentum": ${JSON.stringify(text)}`);
  });

  it('gets the schema through jsonValidation (an invalid value is flagged in the editor)', async () => {
    const document = await vscode.workspace.openTextDocument(await scratchCopy());
    await vscode.window.showTextDocument(document);
    // Not language json: the JSON language server serves it as a jsonLanguageParticipant.
    assert.strictEqual(document.languageId, 'optlens-spec');
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('"momentum": 0.9');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '"momentum": 0.9'.length)), '"momentum": "fast"');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      const line = document.positionAt(at).line;
      const deadline = Date.now() + 15_000;
      let diagnostics: vscode.Diagnostic[] = [];
      while (Date.now() < deadline) {
        diagnostics = vscode.languages.getDiagnostics(document.uri);
        if (diagnostics.some((d) => d.range.start.line === line)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(diagnostics.some((d) => d.range.start.line === line),
        `no schema diagnostic on the edited line: ${JSON.stringify(diagnostics.map((d) => `${d.range.start.line}: ${d.message}`))}`);
    } finally {
      await revert(document);
    }
  });
});
