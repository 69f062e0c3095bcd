/**
 * Where the embedded-run code gets its streaming Diagnoser: the engine's createDiagnoser. Kept in one place so
 * the rest of embedded/ (and tests that need a stand-in) depend only on the factory's shape.
 */
import { createDiagnoser } from '../index';
import type { DiagnoseThresholds } from '../thresholds';
import type { Diagnoser, RunContext } from '../types';

/** The engine's thresholds; the ones not given keep their documented defaults (../thresholds). */
export type DiagnoserThresholds = Partial<DiagnoseThresholds>;

export type DiagnoserFactory = (context: RunContext, thresholds?: DiagnoserThresholds) => Diagnoser;

export const defaultDiagnoserFactory: DiagnoserFactory = (context, thresholds) => createDiagnoser(context, thresholds);
