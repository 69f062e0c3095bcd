/**
 * The one place the log worker meets the diagnosis engine's constructor: a factory of fresh diagnosers for a
 * run, with the user's thresholds bound in, or null when diagnosis is switched off. Logs carry no context
 * beyond their tags (no optimizer, curvature or minimum loss): the engine learns the learning rate from the
 * `lr` tags it is fed, and fixes that need more say so in their text.
 */
import { createDiagnoser } from '../../core/diagnose';
import type { DiagnoseThresholds } from '../../core/diagnose';
import type { DiagnoserFactory } from '../../core/logs/runDiagnosis';
import type { DiagnosisSettings } from './logWorkerProtocol';

export function logDiagnoserFactory(settings: DiagnosisSettings): DiagnoserFactory | null {
  if (!settings.enabled) return null;
  // Unknown names and bad values are ignored by the engine (resolveThresholds keeps its defaults).
  const thresholds = (settings.thresholds ?? {}) as Partial<DiagnoseThresholds>;
  return () => createDiagnoser({}, thresholds);
}
