import * as assert from 'assert';
import * as vscode from 'vscode';
import { extension } from './helpers';

interface ContributedCommand { command: string; title: string; category?: string }

function contributedCommands(): ContributedCommand[] {
  return extension().packageJSON.contributes?.commands ?? [];
}

describe('command palette contributions', () => {
  it('contributes "Optimizer Lens: Run optimizer comparison"', () => {
    const run = contributedCommands().find((c) => c.command === 'optimizerLens.runComparison');
    assert.ok(run, 'optimizerLens.runComparison is not contributed');
    assert.strictEqual(run.title, 'Run optimizer comparison');
    assert.strictEqual(run.category, 'Optimizer Lens');
  });

  it('contributes "Optimizer Lens: Open Dashboard"', () => {
    const open = contributedCommands().find((c) => c.command === 'optimizerLens.openDashboard');
    assert.ok(open, 'optimizerLens.openDashboard is not contributed');
    assert.strictEqual(open.category, 'Optimizer Lens');
  });

  it('registers every contributed command once activated', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of contributedCommands()) {
      assert.ok(registered.has(command), `${command} is contributed but not registered after activation`);
    }
  });
});
