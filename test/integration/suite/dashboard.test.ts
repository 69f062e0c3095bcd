import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs, runComparison, waitFor } from './helpers';

describe('optimizerLens.openDashboard', () => {
  before(closeAllEditors);
  afterEach(closeAllEditors);

  it('opens the Optimizer Lens dashboard panel', async () => {
    await vscode.commands.executeCommand('optimizerLens.openDashboard');
    const tabs = await waitFor('the dashboard tab', () => dashboardTabs().length > 0 && dashboardTabs());
    assert.strictEqual(tabs.length, 1);
    assert.strictEqual(tabs[0].label, 'Optimizer Lens');
  });

  it('reveals the same panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand('optimizerLens.openDashboard');
    await waitFor('the dashboard tab', () => dashboardTabs().length > 0);
    await vscode.commands.executeCommand('optimizerLens.openDashboard');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(dashboardTabs().length, 1);
  });

  it('draws a new comparison that finishes while the panel is hidden behind an editor', async () => {
    // VS Code discards a hidden webview's content; the result must not be posted into the void.
    await runComparison({ problem: 'rosenbrock', optimizers: ['sgd', 'adam'], steps: 50 });
    const doc = await vscode.workspace.openTextDocument({ content: 'hides the dashboard', language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await waitFor('the dashboard to be hidden', () => dashboardTabs().every((tab) => !tab.isActive));
    const result = await runComparison({ problem: 'ill-conditioned-quadratic', optimizers: ['momentum', 'nesterov', 'rmsprop'], steps: 60 });
    assert.deepStrictEqual([...result.renderedLabels].sort(), result.runs.map((r) => r.label).sort(),
      'the dashboard did not draw the comparison that finished while it was hidden');
  });
});
