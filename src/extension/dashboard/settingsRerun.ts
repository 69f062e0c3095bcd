/**
 * A click on the stability map: the comparison shown is run again, on the same problem and step count, with
 * one more momentum-SGD run at the clicked learning rate and momentum (a run from an earlier click is replaced,
 * so clicking around does not pile up runs). After a window reload the host has forgotten the comparison; the
 * click then carries it (rerunBase). Runs in the trainer worker under a cancellable progress
 * notification, like every comparison.
 */
import * as vscode from 'vscode';
import type { WireComparison } from '../../core/protocol';
import { runSpecsInWorker } from '../worker/runInWorker';
import { rememberComparison, rememberedComparison } from './fixTrials';
import { MAP_RUN_PREFIX, mapRunId, rerunBase, SettingsRerunError, specsWithSettings, type SettingsRequest } from './mapRunSpecs';

export { SettingsRerunError };

export async function rerunWithSettings(extensionUri: vscode.Uri, request: SettingsRequest): Promise<WireComparison> {
  const base = rerunBase(rememberedComparison(), request);
  const specs = specsWithSettings(base.specs, request);
  const comparison = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Optimizer Lens: ${base.problemTitle} with ${mapRunId(request).slice(MAP_RUN_PREFIX.length)}`, cancellable: true },
    (_progress, token) => runSpecsInWorker(specs, { tolerance: base.tolerance, specTitle: base.problemTitle }, {
      distPath: vscode.Uri.joinPath(extensionUri, 'dist').fsPath,
      onCancel: (cancel) => token.onCancellationRequested(cancel),
    }),
  );
  rememberComparison(comparison, specs, base.tolerance);
  return comparison;
}
