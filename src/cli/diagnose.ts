/**
 * `optlens diagnose PATH... [--json] [--fail-on error|warning] [--prove|--no-prove]`: runs the diagnosis engine
 * over training logs (any file or folder `optlens read` understands) and over `optlens simulate` output
 * (recognised by its content). Simulate runs are rebuilt into their run specs, so the top fix of each finding
 * is re-run on the same problem and seed and reported before and after, proven or not (on by default; there is
 * no such re-run for a log, which only has its numbers).
 * Exit code: 0 no finding at or above --fail-on, 1 some, 2 a bad command line or input (missing path, corrupt
 * simulate output, a run that cannot be rebuilt, a file given explicitly in no known format): the runs that
 * could be read are still diagnosed and printed, and every problem is named on stderr with its location.
 */
import { FixNotApplicableError } from '../core/diagnose/embedded/applyFix';
import { runContextOf } from '../core/diagnose/embedded/context';
import { diagnoseTrace } from '../core/diagnose/embedded/diagnoseTrace';
import { proveFix, type DiagnosedRun } from '../core/diagnose/embedded/proveFix';
import { diagnoseSeries, type MetricSeriesInput } from '../core/diagnose/index';
import { severityRank, type Finding } from '../core/diagnose/types';
import { groupRuns } from '../core/logs/runGrouping';
import { createProblem } from '../core/problems';
import type { DiagnoseCommand } from './args';
import { reportsJson, reportText, summaryText, type DiagnosedReport, type ProofOutcome } from './diagnoseOutput';
import { looksLikeSimulateOutput, readSimulatedFile, SIMULATE_TOLERANCE, SimulatedInputError, type SimulatedInputRun } from './diagnoseSimulated';
import { findLogs, readRun } from './read';
import type { RunResult } from './readOutput';

export interface DiagnoseIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const DIAGNOSE_OK = 0;
export const DIAGNOSE_FINDINGS = 1;
export const DIAGNOSE_BAD_INPUT = 2;

/** Every series of a log run, for the engine (roles from the tag names; the lr, if logged, from its tag). */
function logSeries(run: RunResult): MetricSeriesInput[] {
  return run.store.tags.map((tag) => {
    const { step, value } = run.store.get(tag)!.columns();
    return { metric: tag, steps: step, values: value };
  });
}

/**
 * A log carries no run context: the engine takes the learning rate from the log's lr tag when there is one
 * (the fixes then say "lower the learning rate X -> Y"), and nothing else is assumed.
 */
export function diagnoseLogRun(run: RunResult): Finding[] {
  return diagnoseSeries(logSeries(run), {});
}

/** Re-runs the top fix of every finding (one re-run per distinct fix). */
function proveTopFixes(input: SimulatedInputRun, before: DiagnosedRun): (ProofOutcome | undefined)[] {
  const cache = new Map<string, ProofOutcome>();
  return before.findings.map((finding) => {
    const fix = finding.fixes[0];
    if (!fix) return undefined;
    const key = `${finding.kind === 'nan' ? 'divergence' : finding.kind}|${JSON.stringify(fix)}`;
    let outcome = cache.get(key);
    if (!outcome) {
      try {
        const proof = proveFix(input.spec, { kind: finding.kind, fix }, { before, tolerance: SIMULATE_TOLERANCE });
        outcome = { applicable: true, proof, spec: proof.after.spec };
      } catch (error) {
        if (!(error instanceof FixNotApplicableError)) throw error;
        outcome = { applicable: false, reason: error.message };
      }
      cache.set(key, outcome);
    }
    return outcome;
  });
}

function diagnoseSimulatedRun(path: string, input: SimulatedInputRun, prove: boolean): DiagnosedReport {
  const problem = createProblem(input.spec.problem);
  const findings = diagnoseTrace(input.trace, runContextOf(input.spec, problem));
  const report: DiagnosedReport = { path, id: input.id, findings };
  if (prove && findings.length > 0) report.proofs = proveTopFixes(input, { spec: input.spec, problem, trace: input.trace, findings });
  return report;
}

export function diagnoseCommand(cmd: DiagnoseCommand, io: DiagnoseIo): number {
  // A missing path throws ReadInputError before any output (main.ts turns it into exit 2). Simulate output is
  // recognised by content before the log readers see it (they would read it as JSON lines).
  const { files: logs, unknown, claimed: simulated } = findLogs(cmd.paths, looksLikeSimulateOutput);
  const problems = unknown.map((path) => `${path}: not a training log or optlens simulate output`);
  const reports: DiagnosedReport[] = [];
  const prove = cmd.prove ?? true;
  for (const run of groupRuns(logs)) {
    const result = readRun(run);
    if (result.warnings.length > 0) io.stderr(`optlens: ${result.warnings.length} warning(s) reading ${result.path}, first: ${result.warnings[0]}\n`);
    reports.push({ path: result.path, findings: diagnoseLogRun(result) });
  }
  for (const path of simulated) {
    try {
      const input = readSimulatedFile(path);
      problems.push(...input.errors);
      for (const run of input.runs) reports.push(diagnoseSimulatedRun(path, run, prove));
    } catch (error) {
      if (!(error instanceof SimulatedInputError)) throw error;
      problems.push(error.message);
    }
  }
  if (cmd.json) io.stdout(reportsJson(reports));
  else {
    for (const report of reports) io.stdout(reportText(report));
    io.stdout(summaryText(reports));
  }
  for (const problem of problems) io.stderr(`optlens: error: ${problem}\n`);
  if (problems.length > 0) return DIAGNOSE_BAD_INPUT;
  if (reports.length === 0) {
    io.stderr(`optlens: error: no training logs or simulate output found in ${cmd.paths.join(', ')}\n`);
    return DIAGNOSE_BAD_INPUT;
  }
  const bar = severityRank(cmd.failOn);
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) >= bar)) ? DIAGNOSE_FINDINGS : DIAGNOSE_OK;
}
