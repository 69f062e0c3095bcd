/** The messages a dashboard webview that cannot take them yet (loading, hidden) is left to catch up on. */
import type { HostMessage } from '../../core/protocol';

/**
 * The queue of a webview that cannot take messages yet, with `message` added. A comparison supersedes the
 * comparison messages queued before it (but not log snapshots); a log snapshot replaces the queued
 * snapshot of the same run, so a hidden panel holds at most one per run however fast the log grows.
 */
export function coalesce(pending: readonly HostMessage[], message: HostMessage): HostMessage[] {
  let kept: HostMessage[];
  if (message.type === 'comparison') kept = pending.filter((m) => m.type === 'logRun' || m.type === 'logUnwatched' || m.type === 'logRunList');
  else if (message.type === 'logRun') kept = pending.filter((m) => !aboutRun(m, message.run.id));
  else if (message.type === 'logRunList') kept = pending.filter((m) => m.type !== 'logRunList');
  else kept = [...pending];
  kept.push(message);
  return kept;
}

function aboutRun(message: HostMessage, runId: string): boolean {
  return (message.type === 'logRun' && message.run.id === runId) || (message.type === 'logUnwatched' && message.runId === runId);
}
