/**
 * How `optlens diagnose` prints its reports: the documented JSON (one object, runs in input order) or a short
 * text per run for a human. Numbers that are not finite are JSON null, as everywhere in optlens.
 */
import type { FixProof } from '../core/diagnose/embedded/proveFix';
import type { Finding, Fix, Severity } from '../core/diagnose/types';
import type { RunSpec } from '../core/train/spec';

/** The top fix's re-run, or why it could not be re-run. */
export type ProofOutcome =
  | { applicable: true; proof: FixProof; spec: RunSpec }
  | { applicable: false; reason: string };

export interface DiagnosedReport {
  path: string;
  /** Simulate output: the run's id. */
  id?: string;
  findings: Finding[];
  /** Per finding (same index): the top fix's proof, when fixes were proven. */
  proofs?: (ProofOutcome | undefined)[];
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function proofJson(outcome: ProofOutcome): Record<string, unknown> {
  if (!outcome.applicable) return { applicable: false, proven: false, verdict: `Not re-run: ${outcome.reason}` };
  const { proof, spec } = outcome;
  const side = (run: FixProof['before']) => ({
    final_loss: finiteOrNull(run.trace.summary.finalLoss),
    best_loss: finiteOrNull(run.trace.summary.bestLoss),
    steps_to_tolerance: run.trace.summary.stepsToTolerance,
    diverged: run.trace.summary.diverged,
    diverged_at_step: run.trace.summary.divergedAtStep,
    findings: run.findings.map((f) => ({ kind: f.kind, metric: f.metric, severity: f.severity, step_start: f.step_start, step_end: f.step_end })),
  });
  const out: Record<string, unknown> = { applicable: true, proven: proof.proven, verdict: proof.verdict };
  if (proof.note !== undefined) out.note = proof.note;
  out.before = side(proof.before);
  out.after = side(proof.after);
  out.spec = spec;
  return out;
}

function fixJson(fix: Fix, proof: ProofOutcome | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { action: fix.action };
  if (fix.parameter !== undefined) out.parameter = fix.parameter;
  if (fix.from !== undefined) out.from = fix.from;
  if (fix.to !== undefined) out.to = fix.to;
  out.text = fix.text;
  if (proof) out.proof = proofJson(proof);
  return out;
}

export function reportJson(report: DiagnosedReport): Record<string, unknown> {
  const out: Record<string, unknown> = { path: report.path };
  if (report.id !== undefined) out.id = report.id;
  out.findings = report.findings.map((f, i) => ({
    kind: f.kind,
    metric: f.metric,
    severity: f.severity,
    step_start: f.step_start,
    step_end: f.step_end,
    message: f.message,
    evidence: f.evidence,
    fixes: f.fixes.map((fix, j) => fixJson(fix, j === 0 ? report.proofs?.[i] : undefined)),
  }));
  return out;
}

/** The whole JSON document (runs in input order) with a final newline. */
export function reportsJson(reports: readonly DiagnosedReport[]): string {
  return JSON.stringify({ runs: reports.map(reportJson) }, null, 2) + '\n';
}

const LABEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', info: 'info' };

function steps(f: Finding): string {
  return f.step_start === f.step_end ? `step ${f.step_start}` : `steps ${f.step_start}-${f.step_end}`;
}

export function reportText(report: DiagnosedReport): string {
  const title = report.id === undefined ? report.path : `${report.path} run "${report.id}"`;
  if (report.findings.length === 0) return `${title}: no findings\n\n`;
  let text = `${title}\n`;
  report.findings.forEach((f, i) => {
    text += `  ${LABEL[f.severity]} ${f.kind} on ${f.metric}, ${steps(f)}\n`;
    text += `    ${f.message}\n`;
    f.fixes.forEach((fix, j) => {
      text += `    ${j === 0 ? 'Fix' : 'or'}: ${fix.text}\n`;
      const outcome = j === 0 ? report.proofs?.[i] : undefined;
      if (!outcome) return;
      if (!outcome.applicable) text += `      (not re-run: ${outcome.reason})\n`;
      else {
        text += `      ${outcome.proof.verdict}\n`;
        if (outcome.proof.note) text += `      Note: ${outcome.proof.note}\n`;
      }
    });
  });
  return text + '\n';
}

/** "3 runs: 2 errors, 1 warning, 0 info" — the last line of the text output. */
export function summaryText(reports: readonly DiagnosedReport[]): string {
  const count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) for (const f of r.findings) count[f.severity]++;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(reports.length, 'run')}: ${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${count.info} info\n`;
}
