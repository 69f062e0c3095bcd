/**
 * Where the "Run" CodeLenses of a spec file go (pure, no VS Code): one per run object, at its opening
 * brace, plus "Run all" at the top of a list of several runs. Text that is not valid JSON gets none (the
 * JSON language service already marks the error).
 */
import { jsonSpans } from '../../core/jsonLocations';

export interface LensTarget {
  /** Offset where the lens sits (the start of the run object, or of the list for "Run all"). */
  offset: number;
  title: string;
  tooltip: string;
  /** Index of the run, or undefined for all runs. */
  run: number | undefined;
}

export function specLensTargets(text: string): LensTarget[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return [];
  }
  const spans = jsonSpans(text);
  const idOf = (run: unknown, i: number): string => {
    const id = (run as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id.trim() !== '' ? id : `run-${i + 1}`;
  };
  if (Array.isArray(raw)) {
    const targets: LensTarget[] = [];
    if (raw.length > 1) {
      const root = spans.get('');
      if (root) targets.push({ offset: root.start, title: `▶ Run all (${raw.length})`, tooltip: 'Run every run of this spec and show them on the dashboard', run: undefined });
    }
    raw.forEach((run, i) => {
      const span = spans.get(`[${i}]`);
      if (span && typeof run === 'object' && run !== null && !Array.isArray(run)) {
        targets.push({ offset: span.start, title: '▶ Run', tooltip: `Run "${idOf(run, i)}" and show it on the dashboard`, run: i });
      }
    });
    return targets;
  }
  const root = spans.get('');
  if (!root || typeof raw !== 'object' || raw === null) return [];
  return [{ offset: root.start, title: '▶ Run', tooltip: 'Run this spec and show it on the dashboard', run: undefined }];
}
