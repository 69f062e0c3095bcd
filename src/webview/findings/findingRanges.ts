/**
 * Which step ranges of a chart a set of findings shades, and how each reads to a screen reader. Pure: the
 * overlay (findingBands.ts) positions what this returns. Errors come last so they are drawn on top.
 */
import { severityRank, type Finding, type Severity } from '../../core/diagnose/types';
import { formatSteps } from '../format';

export interface FindingBand {
  /** First and last step shaded (x0 <= x1; a one-step finding has x0 === x1). */
  x0: number;
  x1: number;
  severity: Severity;
  /** The tooltip and accessible name: severity, kind, run, metric, steps and the engine's message. */
  text: string;
  /** Stable identity in the findings list ("run-finding"), so the list and the chart can point at each other. */
  key: string;
}

export interface RunFindings {
  /** The run's label; null on a chart of one run (a watched log), where it goes without saying. */
  label: string | null;
  /** Index of the run in the comparison (0 for a log). */
  runIndex: number;
  findings: readonly Finding[] | undefined;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

export function severityWord(severity: Severity): string {
  return SEVERITY_WORD[severity];
}

/** "steps 12–40" or "step 12". */
export function stepRangeText(start: number, end: number): string {
  return start === end ? `step ${formatSteps(start)}` : `steps ${formatSteps(start)}–${formatSteps(end)}`;
}

export function findingKey(runIndex: number, findingIndex: number): string {
  return `${runIndex}-${findingIndex}`;
}

/**
 * One band per finding whose range meets [xMin, xMax] (the chart's data extent), clipped to it; when
 * `metrics` is given only findings on those metrics count. Bands are ordered info, warning, error.
 */
export function findingBands(runs: readonly RunFindings[], xMin: number, xMax: number, metrics?: ReadonlySet<string>): FindingBand[] {
  const bands: FindingBand[] = [];
  if (!(xMax >= xMin)) return bands;
  for (const run of runs) {
    (run.findings ?? []).forEach((finding, i) => {
      if (metrics && !metrics.has(finding.metric)) return;
      if (finding.step_end < xMin || finding.step_start > xMax) return;
      const who = run.label === null ? '' : ` in ${run.label}`;
      bands.push({
        x0: Math.max(xMin, finding.step_start),
        x1: Math.min(xMax, finding.step_end),
        severity: finding.severity,
        text: `${SEVERITY_WORD[finding.severity]}: ${finding.kind}${who} (${finding.metric}, ${stepRangeText(finding.step_start, finding.step_end)}). ${finding.message}`,
        key: findingKey(run.runIndex, i),
      });
    });
  }
  return bands.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/**
 * Left edge and width in CSS pixels of a band whose ends map to pixels p0 <= p1, at least `minWidth` wide
 * (a one-step finding must stay visible and hoverable), centred on the range and kept inside [0, plotWidth].
 */
export function bandPixels(p0: number, p1: number, plotWidth: number, minWidth = 4): { left: number; width: number } {
  let left = Math.min(p0, p1);
  let width = Math.abs(p1 - p0);
  if (width < minWidth) {
    left -= (minWidth - width) / 2;
    width = minWidth;
  }
  left = Math.max(0, Math.min(left, plotWidth - width));
  return { left, width: Math.min(width, plotWidth) };
}

/**
 * Which findings each chart of a watched log shades: a chart shows the findings on its own tag; findings on a
 * metric that has no chart go on the first loss-like chart (else the first chart), so none is left unseen.
 */
export function metricsPerChart(shownTags: readonly string[], findingMetrics: Iterable<string>, isLossLike: (tag: string) => boolean): Map<string, Set<string>> {
  const charts = new Map<string, Set<string>>(shownTags.map((tag) => [tag, new Set([tag])]));
  const home = shownTags.find(isLossLike) ?? shownTags[0];
  if (home === undefined) return charts;
  for (const metric of findingMetrics) {
    if (!charts.has(metric)) charts.get(home)?.add(metric);
  }
  return charts;
}
