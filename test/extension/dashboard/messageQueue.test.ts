import * as assert from 'node:assert/strict';
import type { HostMessage, WireComparison, WireLogRun } from '../../../src/core/protocol';
import { coalesce } from '../../../src/extension/dashboard/messageQueue';

function snapshot(id: string, version: number): HostMessage {
  const run: WireLogRun = {
    id, label: id, path: id, format: 'csv', tags: ['loss'], shownTags: ['loss'], series: {}, lastStep: version,
    version, health: 'ok', warnings: [], watching: true,
  };
  return { type: 'logRun', run };
}

const comparison = (finishedAt: number): HostMessage => ({ type: 'comparison', comparison: { finishedAt } as WireComparison });

function describeQueue(queue: HostMessage[]): string[] {
  return queue.map((m) => {
    switch (m.type) {
      case 'logRun': return `logRun ${m.run.id} v${m.run.version}`;
      case 'comparison': return `comparison ${m.comparison.finishedAt}`;
      case 'logUnwatched': return `logUnwatched ${m.runId}`;
      default: return m.type;
    }
  });
}

function queueOf(...messages: HostMessage[]): HostMessage[] {
  return messages.reduce<HostMessage[]>((queue, m) => coalesce(queue, m), []);
}

describe('extension/dashboard/messageQueue', () => {
  it('keeps only the newest snapshot of each run while the webview cannot take messages', () => {
    const queue = queueOf(snapshot('a', 1), snapshot('b', 1), snapshot('a', 2), snapshot('a', 3), snapshot('b', 2));
    assert.deepEqual(describeQueue(queue), ['logRun a v3', 'logRun b v2']);
  });

  it('holds one snapshot per run however many arrive', () => {
    let queue: HostMessage[] = [];
    for (let v = 0; v < 10_000; v++) queue = coalesce(queue, snapshot('a', v));
    assert.deepEqual(describeQueue(queue), ['logRun a v9999']);
  });

  it('lets a comparison supersede queued comparison messages but not the log snapshots', () => {
    const queue = queueOf({ type: 'running', title: 't' }, snapshot('a', 1), comparison(1), { type: 'runFailed', message: 'x' }, comparison(2));
    assert.deepEqual(describeQueue(queue), ['logRun a v1', 'comparison 2']);
  });

  it('drops a queued "no longer watched" when a new snapshot of that run arrives', () => {
    const queue = queueOf({ type: 'logUnwatched', runId: 'a' }, { type: 'logUnwatched', runId: 'b' }, snapshot('a', 5));
    assert.deepEqual(describeQueue(queue), ['logUnwatched b', 'logRun a v5']);
  });

  it('does not change the queue it is given', () => {
    const queue = queueOf(snapshot('a', 1));
    coalesce(queue, snapshot('a', 2));
    assert.deepEqual(describeQueue(queue), ['logRun a v1']);
  });
});
