import * as assert from 'node:assert/strict';
import { LOG_LIMITS, PROTOCOL_VERSION, validateHostMessage, validateWebviewMessage, validateWebviewState, type WireLogRun } from '../../src/core/protocol';

function timedRun(): WireLogRun {
  return {
    id: 'runs/a', label: 'a', path: 'runs/a', format: 'tfevents', tags: ['loss'], shownTags: ['loss'],
    series: { loss: { step: [0, 10, 20], value: [1, 0.5, 0.25], wall: [1_700_000_000, null, 1_700_000_060.5], nonFinite: [], exact: true, points: 3 } },
    lastStep: 20, version: 1, health: 'ok', warnings: [], watching: true,
  };
}

function error(checked: { ok: boolean; error?: string }): string {
  assert.equal(checked.ok, false, 'accepted');
  return checked.error ?? '';
}

describe('protocol: wall times, overlaid runs and the x-axis choice', () => {
  it('accepts a snapshot whose series carry wall times (null where the log has none), and overlay snapshots', () => {
    const run = JSON.parse(JSON.stringify(timedRun())) as unknown;
    assert.ok(validateHostMessage({ type: 'logRun', run }).ok);
    const overlay = validateHostMessage({ type: 'logRun', run, overlay: true });
    assert.ok(overlay.ok && overlay.value.type === 'logRun' && overlay.value.overlay === true);
  });

  it('rejects wall columns of the wrong length or with non-finite or non-numeric times', () => {
    const short = timedRun();
    short.series.loss.wall = [1, 2];
    assert.match(error(validateHostMessage({ type: 'logRun', run: short })), /series\["loss"\]\.wall must have 3 entries/);
    for (const bad of ['1700000000', {}, true]) {
      const run = timedRun();
      (run.series.loss as { wall: unknown[] }).wall = [1, bad, 2];
      assert.match(error(validateHostMessage({ type: 'logRun', run })), /wall\[1\] must be a finite number or null/);
    }
    const notArray = timedRun();
    (notArray.series.loss as { wall: unknown }).wall = 'soon';
    assert.match(error(validateHostMessage({ type: 'logRun', run: notArray })), /wall must be an array/);
    assert.match(error(validateHostMessage({ type: 'logRun', run: timedRun(), overlay: 'yes' })), /message\.overlay must be a boolean/);
  });

  it('accepts the run list and rejects hostile ones', () => {
    assert.ok(validateHostMessage({ type: 'logRunList', runs: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], overlay: ['b'] }).ok);
    assert.match(error(validateHostMessage({ type: 'logRunList', runs: [{ id: 7, label: 'A' }], overlay: [] })), /runs\[0\]\.id must be a string/);
    assert.match(error(validateHostMessage({ type: 'logRunList', runs: [], overlay: ['a', 'a'] })), /lists a run twice/);
    const many = Array.from({ length: LOG_LIMITS.overlayRuns + 1 }, (_, i) => `r${i}`);
    assert.match(error(validateHostMessage({ type: 'logRunList', runs: [], overlay: many })), /more than 7 runs/);
    const huge = Array.from({ length: LOG_LIMITS.runList + 1 }, (_, i) => ({ id: `r${i}`, label: '' }));
    assert.match(error(validateHostMessage({ type: 'logRunList', runs: huge, overlay: [] })), /more than 1000 runs/);
    assert.match(error(validateHostMessage({ type: 'logRunList', runs: null, overlay: [] })), /runs must be an array/);
  });

  it('passes on the overlay request as a copy, and rejects malformed ones', () => {
    const runIds = ['a', 'b'];
    const checked = validateWebviewMessage({ type: 'overlayLogRuns', runIds, extra: 1 });
    assert.deepEqual(checked, { ok: true, value: { type: 'overlayLogRuns', runIds: ['a', 'b'] } });
    if (checked.ok && checked.value.type === 'overlayLogRuns') assert.notEqual(checked.value.runIds, runIds);
    assert.ok(validateWebviewMessage({ type: 'overlayLogRuns', runIds: [] }).ok);
    assert.match(error(validateWebviewMessage({ type: 'overlayLogRuns', runIds: 'a' })), /runIds must be an array/);
    assert.match(error(validateWebviewMessage({ type: 'overlayLogRuns', runIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] })), /more than 7 runs/);
    assert.match(error(validateWebviewMessage({ type: 'overlayLogRuns', runIds: ['x'.repeat(1001)] })), /at most 1000 characters/);
    assert.match(error(validateWebviewMessage({ type: 'overlayLogRuns', runIds: [null] })), /runIds\[0\] must be a string/);
  });

  describe('saved state', () => {
    const base = { version: PROTOCOL_VERSION, comparison: null, logScale: true };
    const log = { runId: 'a', label: 'A', path: 'a', shownTags: ['loss'], linearTags: [] };

    it('keeps the x-axis per view, the overlaid runs and the hidden ones', () => {
      const state = { ...base, xAxis: { log: 'relative', comparison: 'step' }, log: { ...log, overlay: [{ id: 'b', label: 'B' }], hiddenRuns: ['a'] } };
      assert.ok(validateWebviewState(JSON.parse(JSON.stringify(state))).ok);
    });

    it('rejects an unknown x-axis mode or view, and malformed overlays', () => {
      assert.match(error(validateWebviewState({ ...base, xAxis: { log: 'epoch' } })), /state\.xAxis\.log must be one of step, relative, wall/);
      assert.match(error(validateWebviewState({ ...base, xAxis: { paths: 'step' } })), /unknown view "paths"/);
      assert.match(error(validateWebviewState({ ...base, xAxis: ['step'] })), /xAxis must be an object/);
      assert.match(error(validateWebviewState({ ...base, log: { ...log, overlay: [{ id: 'b' }] } })), /overlay\[0\]\.label must be a string/);
      const eight = Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, label: '' }));
      assert.match(error(validateWebviewState({ ...base, log: { ...log, overlay: eight } })), /more than 7 runs/);
      assert.match(error(validateWebviewState({ ...base, log: { ...log, hiddenRuns: [1] } })), /hiddenRuns\[0\] must be a string/);
    });
  });
});
