/**
 * When a new finding of a watched run deserves a notification (pure, no vscode: unit-tested).
 * - Only *new* findings: those present when a run's existing content was first read (a finished run found by
 *   discovery, an old log just watched) are the baseline, listed in the tree but not popped up.
 * - At most one notification per run and kind of finding, ever (a divergence that keeps growing, or comes
 *   back after the log restarted, is not news).
 * - At most one notification every `minIntervalMs` over all runs; a finding held back by that is not lost: it
 *   goes out when the interval is over (`retryAt`), unless the user turned notifications off by then.
 * - The level: 'errors' notifies error findings, 'warnings' errors and warnings, 'off' nothing.
 */
import type { Finding } from '../../core/diagnose/types';
import { compareFindings } from '../../core/logs/findingText';
import type { DiagnoseNotifications } from '../settings';

/** Notifications at most this often (all runs together): a sweep over many diverging runs must not flood. */
export const NOTIFY_MIN_INTERVAL_MS = 30_000;

export interface ObservedRun {
  runId: string;
  findings: readonly Finding[];
  /** False while the run's existing content is being read for the first time (its findings are the baseline). */
  live: boolean;
}

export type NotifyDecision =
  | { notify: { runId: string; finding: Finding } }
  /** Something is pending but the interval is not over: ask again at this time. */
  | { retryAt: number }
  | undefined;

export class NotificationPolicy {
  /** runId -> kinds already notified or part of the baseline. */
  private readonly seen = new Map<string, Set<string>>();
  private lastAt = -Infinity;

  constructor(private readonly minIntervalMs = NOTIFY_MIN_INTERVAL_MS) {}

  /**
   * Looks at every run's findings now; returns the one finding to notify (and counts it as shown), or when to
   * look again, or undefined. The most severe, earliest pending finding goes first.
   */
  decide(runs: readonly ObservedRun[], level: DiagnoseNotifications, now: number): NotifyDecision {
    let best: { runId: string; finding: Finding } | undefined;
    // Runs no longer followed: one that comes back is read again, with a fresh baseline.
    const listed = new Set(runs.map((r) => r.runId));
    for (const runId of this.seen.keys()) if (!listed.has(runId)) this.seen.delete(runId);
    for (const run of runs) {
      let kinds = this.seen.get(run.runId);
      if (!kinds) {
        kinds = new Set();
        this.seen.set(run.runId, kinds);
      }
      for (const f of run.findings) {
        if (kinds.has(f.kind)) continue;
        if (!run.live) {
          kinds.add(f.kind);
          continue;
        }
        if (!notifies(f, level)) continue;
        if (!best || compareFindings(f, best.finding) < 0) best = { runId: run.runId, finding: f };
      }
    }
    if (!best) return undefined;
    if (now - this.lastAt < this.minIntervalMs) return { retryAt: this.lastAt + this.minIntervalMs };
    this.lastAt = now;
    this.seen.get(best.runId)?.add(best.finding.kind);
    return { notify: best };
  }
}

function notifies(f: Finding, level: DiagnoseNotifications): boolean {
  if (level === 'off') return false;
  if (f.severity === 'error') return true;
  return level === 'warnings' && f.severity === 'warning';
}
