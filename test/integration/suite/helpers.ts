// Shared helpers for the integration tests that run inside the VS Code extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';

export const extensionId = 'optimizer-lens.optimizer-lens';
export const optimizerIds = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;

/** What optimizerLens.runComparison resolves to when called with arguments. */
export interface ComparisonResult {
  problem: string;
  runs: { id?: string; label: string; finalLoss: number; stepsToTolerance: number | null; diverged: boolean }[];
  renderedLabels: string[];
}

export interface ComparisonArgs {
  problem: string;
  optimizers: string[];
  steps: number;
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `extension ${extensionId} is not installed in this window`);
  return ext;
}

export async function runComparison(args: ComparisonArgs): Promise<ComparisonResult> {
  const result = await vscode.commands.executeCommand<ComparisonResult>('optimizerLens.runComparison', args);
  assert.ok(result, 'optimizerLens.runComparison resolved to nothing');
  return result;
}

/** Tabs that show the Optimizer Lens dashboard webview. */
export function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('optimizerLens.dashboard'));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
