/**
 * The dashboard's view of a spec file's runs. A comparison has one problem; the runs of a spec may each
 * have their own. When they all share one, the comparison is that problem's (with its contour plot);
 * otherwise it is titled by the spec, has no path plot, and each run names its problem.
 */
import { encodeComparison, type WireComparison } from '../protocol';
import type { SpecRunResult } from './simulate';

export interface SpecWireOptions {
  tolerance: number;
  finishedAt: number;
  /** Shown as the title when the runs are on different problems, e.g. the spec file's name. */
  specTitle: string;
}

function sameProblem(results: readonly SpecRunResult[]): boolean {
  const first = JSON.stringify(results[0].spec.problem);
  return results.every((r) => JSON.stringify(r.spec.problem) === first);
}

export function encodeSpecRuns(results: readonly SpecRunResult[], options: SpecWireOptions): WireComparison {
  if (results.length === 0) throw new Error('a spec has at least one run');
  const shared = sameProblem(results);
  const first = results[0];
  const comparison = encodeComparison(
    {
      problem: first.spec.problem,
      problemTitle: shared ? first.problem.title : options.specTitle,
      minimumLoss: shared ? first.problem.minimumLoss : Math.min(...results.map((r) => r.problem.minimumLoss)),
      steps: Math.max(...results.map((r) => r.spec.steps)),
      tolerance: options.tolerance,
      runs: results.map((r) => r.trace),
    },
    {
      ...(shared && first.problem.plotBounds ? { plotBounds: first.problem.plotBounds } : {}),
      ...(shared && first.problem.minimizer ? { minimizer: first.problem.minimizer } : {}),
      finishedAt: options.finishedAt,
      runs: results.map((r) => ({
        id: r.spec.id,
        ...(r.spec.schedule ? { schedule: r.spec.schedule } : {}),
        ...(r.spec.clip ? { clip: r.spec.clip } : {}),
        ...(shared ? {} : { problemTitle: r.problem.title }),
      })),
    },
  );
  return comparison;
}
