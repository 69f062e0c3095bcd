/** Reads the extension's settings in one place, with the manifest's defaults as fallbacks. */
import * as vscode from 'vscode';
import { DEFAULT_THRESHOLDS } from '../core/diagnose/thresholds';

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

export interface LogSettings {
  /** Globs (workspace-relative) of files that may be training logs. */
  include: string[];
  /** Globs never searched. */
  exclude: string[];
  /** How often followed files are stat'ed when watcher events may not arrive; 0 = never. */
  pollIntervalMs: number;
  /** Look for runs in the workspace when the Training Runs view opens. */
  autoDiscover: boolean;
  /** At most this many candidate files per discovery. */
  maxFiles: number;
}

export const DEFAULT_LOG_INCLUDE = [
  '**/runs/**',
  '**/logs/**',
  '**/lightning_logs/**',
  '**/outputs/**',
  '**/mlruns/**',
  '**/events.out.tfevents.*',
  '**/metrics.csv',
  '**/trainer_state.json',
  '**/*.jsonl',
];
export const DEFAULT_LOG_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/.venv/**', '**/venv/**', '**/site-packages/**', '**/__pycache__/**', '**/.ipynb_checkpoints/**', '**/wandb/**/files/**'];

export function readLogSettings(): LogSettings {
  const config = vscode.workspace.getConfiguration('optimizerLens.logs');
  const globs = (value: unknown, fallback: string[]): string[] =>
    Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : fallback;
  const poll = config.get<number>('pollIntervalMs', 1000);
  const maxFiles = config.get<number>('maxFiles', 2000);
  return {
    include: globs(config.get('include'), DEFAULT_LOG_INCLUDE),
    exclude: globs(config.get('exclude'), DEFAULT_LOG_EXCLUDE),
    // Below 100 ms polling costs more than it helps; 0 switches it off.
    pollIntervalMs: Number.isFinite(poll) && poll > 0 ? Math.max(100, poll) : 0,
    autoDiscover: config.get<boolean>('autoDiscover', true),
    maxFiles: Number.isInteger(maxFiles) && maxFiles >= 1 ? Math.min(maxFiles, 100_000) : 2000,
  };
}

/** Which new findings of a watched run pop up a notification. */
export type DiagnoseNotifications = 'errors' | 'warnings' | 'off';

export interface DiagnoseSettings {
  /** Diagnose watched logs live (findings in the tree, status bar, dashboard). */
  enabled: boolean;
  notifications: DiagnoseNotifications;
  /** The detector thresholds exposed as settings (see src/core/diagnose/thresholds.ts for their meaning). */
  thresholds: { divergenceRatio: number; oscillationRate: number };
}

/** Settings that change what the engine finds (a change rebuilds every run's diagnosis); notifications do not. */
export const DIAGNOSIS_SETTINGS = ['optimizerLens.diagnose.enabled', 'optimizerLens.diagnose.divergenceRatio', 'optimizerLens.diagnose.oscillationRate'];

export function readDiagnoseSettings(): DiagnoseSettings {
  const config = vscode.workspace.getConfiguration('optimizerLens.diagnose');
  const notifications = config.get<string>('notifications', 'errors');
  return {
    enabled: config.get<boolean>('enabled', true) !== false,
    notifications: notifications === 'warnings' || notifications === 'off' ? notifications : 'errors',
    thresholds: {
      // A ratio at or below 1 would call any uptick a divergence: the engine's default instead.
      divergenceRatio: inRange(config.get<number>('divergenceRatio', DEFAULT_THRESHOLDS.divergenceRatio), 1, Infinity, DEFAULT_THRESHOLDS.divergenceRatio),
      oscillationRate: inRange(config.get<number>('oscillationRate', DEFAULT_THRESHOLDS.oscillationRate), 0, 1, DEFAULT_THRESHOLDS.oscillationRate),
    },
  };
}

/** `value` when it is a number strictly between `low` and `high`, else `fallback`. */
function inRange(value: number, low: number, high: number, fallback: number): number {
  return typeof value === 'number' && value > low && value < high ? value : fallback;
}
