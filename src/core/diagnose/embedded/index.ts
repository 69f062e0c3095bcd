/** Diagnosis of embedded runs (run specs the trainer runs): context, findings, fixes applied and proven. */
export { runContextOf, curvatureOf, knownOptimizerOf, warmupStepsOf, clipNormOf } from './context';
export { feedTrace, updateCosine, TRACE_METRICS } from './feedTrace';
export { diagnoseTrace } from './diagnoseTrace';
export { defaultDiagnoserFactory, type DiagnoserFactory, type DiagnoserThresholds } from './engine';
export { applyFix, applyFixWithNote, FixNotApplicableError, type AppliedFix } from './applyFix';
export { proveFix, runAndDiagnose, type DiagnosedRun, type FixProof, type FixRef, type LossComparison, type ProveOptions } from './proveFix';
export { comparisonRunSpec, comparisonDiagnosedRun } from './comparison';
