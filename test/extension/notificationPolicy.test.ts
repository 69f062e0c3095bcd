import * as assert from 'node:assert/strict';
import { NotificationPolicy } from '../../src/extension/logs/notificationPolicy';
import { finding } from '../core/logs/findingFixtures';

describe('finding notification policy', () => {
  const divergence = finding('divergence', 'error', 'loss', 120, 180);
  const nan = finding('nan', 'error', 'loss', 300);
  const oscillation = finding('oscillation', 'warning', 'loss', 50);

  it('notifies a new error finding of a live run once per run and kind, however the finding grows', () => {
    const policy = new NotificationPolicy(30_000);
    assert.deepEqual(policy.decide([{ runId: 'a', findings: [divergence], live: true }], 'errors', 0), { notify: { runId: 'a', finding: divergence } });
    const grown = { ...divergence, step_end: 400 };
    assert.equal(policy.decide([{ runId: 'a', findings: [grown] }].map((r) => ({ ...r, live: true })), 'errors', 60_000), undefined);
    // Another kind in the same run is news.
    assert.deepEqual(policy.decide([{ runId: 'a', findings: [grown, nan], live: true }], 'errors', 90_000), { notify: { runId: 'a', finding: nan } });
  });

  it('takes what a run held when it was first read as its baseline, not as news', () => {
    const policy = new NotificationPolicy(0);
    assert.equal(policy.decide([{ runId: 'old', findings: [divergence], live: false }], 'errors', 0), undefined);
    assert.equal(policy.decide([{ runId: 'old', findings: [divergence], live: true }], 'errors', 1), undefined);
    assert.deepEqual(policy.decide([{ runId: 'old', findings: [divergence, nan], live: true }], 'errors', 2), { notify: { runId: 'old', finding: nan } });
  });

  it('shows at most one notification per interval over all runs, and the held-back one afterwards', () => {
    const policy = new NotificationPolicy(30_000);
    const runs = [
      { runId: 'a', findings: [divergence], live: true },
      { runId: 'b', findings: [finding('divergence', 'error', 'loss', 40)], live: true },
    ];
    // The earliest onset first.
    const first = policy.decide(runs, 'errors', 1_000);
    assert.ok(first && 'notify' in first && first.notify.runId === 'b');
    assert.deepEqual(policy.decide(runs, 'errors', 5_000), { retryAt: 31_000 });
    const second = policy.decide(runs, 'errors', 31_000);
    assert.ok(second && 'notify' in second && second.notify.runId === 'a');
    assert.equal(policy.decide(runs, 'errors', 100_000), undefined);
  });

  it('follows the level: errors only, errors and warnings, or nothing', () => {
    const runs = [{ runId: 'a', findings: [oscillation, finding('spike', 'info', 'loss', 10)], live: true }];
    assert.equal(new NotificationPolicy(0).decide(runs, 'errors', 0), undefined);
    assert.deepEqual(new NotificationPolicy(0).decide(runs, 'warnings', 0), { notify: { runId: 'a', finding: oscillation } });
    assert.equal(new NotificationPolicy(0).decide([{ runId: 'a', findings: [divergence], live: true }], 'off', 0), undefined);
  });

  it('forgets a run that is no longer listed: followed again, it starts from a fresh baseline', () => {
    const policy = new NotificationPolicy(0);
    assert.ok(policy.decide([{ runId: 'a', findings: [divergence], live: true }], 'errors', 0));
    assert.equal(policy.decide([], 'errors', 1), undefined);
    assert.equal(policy.decide([{ runId: 'a', findings: [divergence], live: false }], 'errors', 2), undefined);
    assert.equal(policy.decide([{ runId: 'a', findings: [divergence], live: true }], 'errors', 3), undefined);
  });
});
