/**
 * The one place the log worker meets the diagnosis engine's constructor: a factory of fresh diagnosers for a
 * run, with the user's settings bound in, or null when diagnosis is switched off. Logs carry no context beyond
 * their tags (no optimizer, no curvature): the engine learns the learning rate from the `lr` tags it is fed.
 */
import type { DiagnoserFactory } from '../../core/logs/runDiagnosis';
import type { DiagnosisSettings } from './logWorkerProtocol';

export function logDiagnoserFactory(settings: DiagnosisSettings): DiagnoserFactory | null {
  if (!settings.enabled) return null;
  // Until the engine (branch d-core) is merged there is nothing to create.
  return null;
}
