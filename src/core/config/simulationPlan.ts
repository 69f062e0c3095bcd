/**
 * What "Simulate this config" runs for one setting: the setting as written and, when rules on it suggest
 * fixes, the setting after those fixes (the fixes applied to the text and the file read again, so the run
 * is exactly what the quick fixes would produce), plus the points a stability map marks.
 */
import { defaultHyperparameters } from '../optim/hyperparameters';
import type { RunSpec } from '../train/spec';
import { applyTextEdits, compatibleFixes } from './edits';
import { extractSettings } from './extract';
import type { ConfigDiagnostic, SuggestedFix } from './rules/types';
import { PROXY_CURVATURES, PROXY_DESCRIPTION, sameSettingIn, simulateSetting } from './simulation';
import type { ConfigExtraction } from './types';

export interface MapPoint {
  label: string;
  lr: number;
  momentum: number;
}

/** What a stability map of the proxy quadratic needs (SGD only: the map is momentum SGD's theory). */
export interface ConfigMapRequest {
  lambdaMin: number;
  lambdaMax: number;
  nesterov: boolean;
  points: MapPoint[];
}

export interface SimulationPlan {
  runs: RunSpec[];
  /** The fixes applied for the second run (empty when there is none). */
  fixTitles: string[];
  notes: string[];
  problem: string;
  map?: ConfigMapRequest;
}

function sgdPoint(spec: RunSpec, label: string): MapPoint | null {
  const o = spec.optimizer;
  if (o.name !== 'sgd') return null;
  const defaults = defaultHyperparameters('sgd', o.convention ?? 'pytorch');
  const lr = (o.lr ?? o.learning_rate ?? defaults.lr ?? defaults.learning_rate) as number;
  const momentum = (o.momentum ?? 0) as number;
  return Number.isFinite(lr) && lr > 0 && momentum >= 0 && momentum < 1 ? { label, lr, momentum } : null;
}

function sameRun(a: RunSpec, b: RunSpec): boolean {
  const key = (r: RunSpec) => JSON.stringify([r.optimizer, r.schedule ?? null, r.clip ?? null]);
  return key(a) === key(b);
}

/** The preferred fix of every diagnostic about this setting (and OL006, which is about the training loop). */
export function fixesFor(diagnostics: readonly ConfigDiagnostic[], index: number): SuggestedFix[] {
  return diagnostics.filter((d) => d.setting === index && d.fix).map((d) => d.fix as SuggestedFix);
}

/**
 * `label` names the setting in run ids ("SGD at line 12"). Throws NotSimulatableError when the setting has
 * no counterpart in the simulator.
 */
export function planSimulation(path: string, text: string, extraction: ConfigExtraction, diagnostics: readonly ConfigDiagnostic[],
  index: number, steps: number, label: string): SimulationPlan {
  const original = simulateSetting(extraction, index, steps, `${label} as written`);
  const runs = [original.spec];
  const notes = [...original.notes];
  const fixTitles: string[] = [];
  const fixes = compatibleFixes(fixesFor(diagnostics, index));
  if (fixes.length > 0) {
    const fixedText = applyTextEdits(text, fixes.flatMap((f) => f.edits));
    const after = extractSettings(path, fixedText);
    const fixedIndex = sameSettingIn(extraction, index, after);
    if (fixedIndex >= 0) {
      const fixed = simulateSetting(after, fixedIndex, steps, `${label} fixed`);
      if (!sameRun(fixed.spec, original.spec)) {
        runs.push(fixed.spec);
        fixTitles.push(...fixes.map((f) => f.title));
        for (const n of fixed.notes) if (!notes.includes(n)) notes.push(`fixed run: ${n}`);
      }
    }
  }
  const plan: SimulationPlan = { runs, fixTitles, notes, problem: PROXY_DESCRIPTION };
  const points = runs.map((r) => sgdPoint(r, r.id)).filter((p): p is MapPoint => p !== null);
  if (points.length === runs.length) {
    plan.map = { lambdaMin: PROXY_CURVATURES[0], lambdaMax: PROXY_CURVATURES[1], nesterov: runs[0].optimizer.nesterov === true, points };
  }
  return plan;
}
