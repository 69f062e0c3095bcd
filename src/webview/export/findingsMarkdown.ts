/**
 * "Copy findings as Markdown": the findings of each run (of a comparison, or of a watched log) as a Markdown
 * section a user pastes into an issue or a lab notebook: a heading per run, one bullet per finding with its
 * severity, kind, steps and message, and its fixes, best first, as sub-bullets. Text from the runs (labels,
 * messages) is escaped so it cannot turn into links, HTML or headings when rendered.
 */
import type { Finding } from '../../core/diagnose/types';

export interface RunFindings {
  label: string;
  /** Undefined: the run was not diagnosed. */
  findings: readonly Finding[] | undefined;
}

/**
 * Escapes what Markdown would read as markup inside a line (emphasis, code, links and images, HTML tags,
 * tables, strike-through) and folds line breaks, so text renders literally on one line. Characters that only
 * mean something at the start of a line (#, -, >) stay: the text never starts one.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<|~])/g, '\\$1');
}

function steps(f: Finding): string {
  return f.step_start === f.step_end ? `step ${f.step_start}` : `steps ${f.step_start}\u2013${f.step_end}`;
}

export function findingsMarkdown(title: string, runs: readonly RunFindings[]): string {
  const lines = [`## Findings: ${escapeMarkdown(title)}`, ''];
  for (const run of runs) {
    lines.push(`### ${escapeMarkdown(run.label)}`, '');
    if (run.findings === undefined) lines.push('_Not diagnosed._');
    else if (run.findings.length === 0) lines.push('_No finding._');
    for (const f of run.findings ?? []) {
      lines.push(`- **${f.severity}** ${f.kind} on \`${f.metric.replace(/`/g, "'")}\`, ${steps(f)}: ${escapeMarkdown(f.message)}`);
      for (const fix of f.fixes) lines.push(`  - Fix (${fix.action}): ${escapeMarkdown(fix.text)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
