/**
 * A click on the stability map: the comparison shown is run again, on the same problem and step count, with
 * one more momentum-SGD run at the clicked learning rate and momentum (a run from an earlier click is replaced,
 * so clicking around does not pile up runs). Runs in the trainer worker under a cancellable progress
 * notification, like every comparison.
 */
import * as vscode from 'vscode';
import type { WireComparison } from '../../core/protocol';
import { runSpecsInWorker } from '../worker/runInWorker';
import { rememberComparison, rememberedComparison } from './fixTrials';
import { MAP_RUN_PREFIX, mapRunId, SettingsRerunError, specsWithSettings, type SettingsRequest } from './mapRunSpecs';

export { SettingsRerunError };

export async function rerunWithSettings(extensionUri: vscode.Uri, request: SettingsRequest): Promise<WireComparison> {
  const remembered = rememberedComparison();
  if (!remembered || remembered.comparison.finishedAt !== request.comparisonFinishedAt) {
    throw new SettingsRerunError('This comparison is no longer in memory (the window was reloaded or a newer one ran); run it again to use the map.');
  }
  const specs = specsWithSettings(remembered.specs, request);
  const comparison = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: ${remembered.comparison.problemTitle} with ${mapRunId(request).slice(MAP_RUN_PREFIX.length)}`, cancellable: true },
    (_progress, token) => runSpecsInWorker(specs, { tolerance: remembered.tolerance, specTitle: remembered.comparison.problemTitle }, {
      distPath: vscode.Uri.joinPath(extensionUri, 'dist').fsPath,
      onCancel: (cancel) => token.onCancellationRequested(cancel),
    }),
  );
  rememberComparison(comparison, specs, remembered.tolerance);
  return comparison;
}
