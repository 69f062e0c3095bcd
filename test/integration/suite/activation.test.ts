// Runs first (see index.ts): the extension must stay dormant until one of its commands is used or a run
// spec (*.optlens.json, language optlens-spec) is opened.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, extension, waitFor } from './helpers';

describe('activation', () => {
  it('is installed but not active before any command runs or spec opens', () => {
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'Optimizer Lens activated at startup; it must activate only on its commands, its panel or a spec file');
  });

  it('declares no startup activation events', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    for (const event of events) {
      assert.ok(!['*', 'onStartupFinished', 'onLanguage:json', 'onLanguage:jsonc'].includes(event), `activation event ${event} activates at startup`);
    }
  });

  // Last in this file: it activates the extension.
  it('activates when a spec file is opened, and the spec has its "Run" CodeLenses at once', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens sample-workspace as its folder');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'specs/adam-keras-vs-pytorch.optlens.json'));
    try {
      await vscode.window.showTextDocument(document);
      assert.strictEqual(document.languageId, 'optlens-spec');
      await waitFor('Optimizer Lens to activate (onLanguage:optlens-spec)', () => extension().isActive, 15_000);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      const titles = (lenses ?? []).filter((l) => l.command?.command === 'optimizerLens.runComparison').map((l) => l.command?.title);
      assert.ok(titles.length >= 2 && /^▶ Run all \(\d+\)$/.test(titles[0] ?? '') && titles.slice(1).every((t) => t === '▶ Run'),
        `lenses: ${JSON.stringify(titles)}`);
    } finally {
      await closeAllEditors();
    }
  });
});
