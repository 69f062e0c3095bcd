import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, dashboardTabs, waitFor } from './helpers';

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
});
