/**
 * Where the embedded-run code gets its streaming Diagnoser: d-core's engine. Kept in one place so the rest of
 * embedded/ (and tests with a stand-in) only depend on the factory's shape.
 */
import type { Diagnoser, RunContext } from '../types';

/** The engine's configurable thresholds (partial: unspecified ones keep their documented defaults). */
export type DiagnoserThresholds = object;

export type DiagnoserFactory = (context: RunContext, thresholds?: DiagnoserThresholds) => Diagnoser;

/** Until d-core's createDiagnoser is merged there is no engine to build: say so instead of guessing. */
export const defaultDiagnoserFactory: DiagnoserFactory = () => {
  throw new Error('the diagnosis engine (src/core/diagnose createDiagnoser, branch d-core) is not merged yet.');
};
