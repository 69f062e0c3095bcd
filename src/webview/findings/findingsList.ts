/**
 * The findings of a comparison (or of a fix trial's re-run), listed: severity (icon and word), kind, run,
 * metric, steps and the engine's message, then the fixes, best first. On a comparison each fix that changes
 * a setting gets a "Try this fix" button (a real <button>: keyboard and screen readers work as usual).
 */
import type { Finding, Severity } from '../../core/diagnose/types';
import type { WireRun } from '../../core/protocol';
import { seriesColorClass } from '../charts/seriesColors';
import { h } from '../dom';
import { findingKey, severityWord, stepRangeText } from './findingRanges';

/** Glyphs beside the severity word (never colour alone). */
export const SEVERITY_ICON: Record<Severity, string> = { error: '\u2716', warning: '\u25B2', info: '\u2139' };

export interface FindingsListOptions {
  /** Called by a fix's button; absent: no buttons (a fix trial's re-run, a watched log). */
  tryFix?: (runIndex: number, findingIndex: number, fixIndex: number) => void;
  /** Buttons show but are disabled (a trial is running). */
  busy?: boolean;
  /** The run whose trial is running or shown, if any: its buttons say so. */
  label?: (runIndex: number) => string | null;
}

export function severityBadge(severity: Severity): HTMLElement {
  return h('span', { class: `severity severity-${severity}` },
    h('span', { class: 'severity-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[severity]), ' ', severityWord(severity));
}

/** Whether re-running with `fix` means anything (check_data is advice about the data, not a setting). */
export function isTryable(fix: Finding['fixes'][number]): boolean {
  return fix.action !== 'check_data';
}

function findingItem(run: WireRun | null, runIndex: number, finding: Finding, findingIndex: number, options: FindingsListOptions): HTMLElement {
  const fixes = finding.fixes.map((fix, fixIndex) => {
    let button: HTMLButtonElement | null = null;
    if (options.tryFix && isTryable(fix)) {
      button = h('button', {
        type: 'button', class: 'button secondary try-fix', disabled: options.busy === true,
        'data-run': runIndex, 'data-finding': findingIndex, 'data-fix': fixIndex,
        'aria-label': `Try this fix on ${run?.label ?? 'the run'}: ${fix.text}`,
      }, 'Try this fix');
      const tryFix = options.tryFix;
      button.addEventListener('click', () => tryFix(runIndex, findingIndex, fixIndex));
    }
    return h('li', { class: 'fix' }, h('span', { class: 'fix-text' }, fix.text), button);
  });
  const swatch = run ? h('span', { class: `swatch ${seriesColorClass(runIndex)}${runIndex >= 6 ? ' dashed' : ''}`, 'aria-hidden': 'true' }) : null;
  return h('li', { class: `finding severity-${finding.severity}`, 'data-finding': findingKey(runIndex, findingIndex), 'data-kind': finding.kind },
    h('div', { class: 'finding-head' },
      severityBadge(finding.severity),
      h('strong', { class: 'finding-kind' }, finding.kind),
      run ? h('span', { class: 'finding-run' }, swatch, run.label) : null,
      h('span', { class: 'finding-where' }, `${finding.metric}, ${stepRangeText(finding.step_start, finding.step_end)}`)),
    h('p', { class: 'finding-message' }, finding.message),
    fixes.length ? h('ol', { class: 'fixes', 'aria-label': 'Fixes, best first' }, ...fixes)
      : h('p', { class: 'note' }, 'No fix is suggested for this finding.'));
}

/**
 * The list for the runs of a comparison. Returns null when no run was diagnosed (nothing to say), and a
 * short "no finding" note when the engine found nothing.
 */
export function comparisonFindingsList(runs: readonly WireRun[], options: FindingsListOptions): HTMLElement | null {
  if (!runs.some((run) => run.findings !== undefined)) return null;
  const items: HTMLElement[] = [];
  runs.forEach((run, runIndex) => {
    (run.findings ?? []).forEach((finding, i) => items.push(findingItem(run, runIndex, finding, i, options)));
  });
  if (items.length === 0) return h('p', { class: 'note no-findings' }, 'No finding: the diagnosis saw nothing wrong in these runs.');
  return h('ol', { class: 'findings-list' }, ...items);
}

/** The findings of one run (a fix trial's re-run, a watched log), without run names or buttons. */
export function runFindingsList(findings: readonly Finding[] | undefined, emptyText: string): HTMLElement {
  if (!findings || findings.length === 0) return h('p', { class: 'note no-findings' }, emptyText);
  return h('ol', { class: 'findings-list' }, ...findings.map((f, i) => findingItem(null, 0, f, i, {})));
}
