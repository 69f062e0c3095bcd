/** Reads the extension's settings in one place, with the manifest's defaults as fallbacks. */
import * as vscode from 'vscode';

export interface ComparisonSettings {
  defaultSteps: number;
  tolerance: number;
  skipQuickPick: boolean;
}

export function readComparisonSettings(): ComparisonSettings {
  const config = vscode.workspace.getConfiguration('optimizerLens.comparison');
  const steps = config.get<number>('defaultSteps', 500);
  const tolerance = config.get<number>('tolerance', 1e-4);
  return {
    defaultSteps: Number.isInteger(steps) && steps >= 1 && steps <= 100_000 ? steps : 500,
    tolerance: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 1e-4,
    skipQuickPick: config.get<boolean>('skipQuickPick', false),
  };
}
