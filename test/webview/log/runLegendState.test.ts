import * as assert from 'node:assert/strict';
import { toggledHidden, toggledOverlay, visibleRuns } from '../../../src/webview/log/runLegendState';
import { alignLines, tableColumn } from '../../../src/webview/log/overlayColumns';
import { currentXAxis, overlayEntries, withHiddenRuns, withOverlay, withXAxis } from '../../../src/webview/log/logRunsState';
import { initialState, withLogRun } from '../../../src/webview/state';
import type { WebviewState, WireLogRun } from '../../../src/core/protocol';

const run = (id: string): WireLogRun => ({ id, label: id.toUpperCase(), path: id, format: 'csv', tags: ['loss'], shownTags: ['loss'], series: {},
  lastStep: null, version: 1, health: 'ok', warnings: [], watching: true });

describe('webview/log: legend toggles, overlaid runs and their alignment', () => {
  it('hides and shows a run with each toggle, forgetting runs no longer charted', () => {
    const shown = ['a', 'b', 'c'];
    let hidden = toggledHidden([], 'b', shown);
    assert.deepEqual(hidden, ['b']);
    assert.deepEqual(visibleRuns(shown, hidden), ['a', 'c']);
    hidden = toggledHidden(hidden, 'a', shown);
    assert.deepEqual(visibleRuns(shown, hidden), ['c']);
    hidden = toggledHidden(hidden, 'b', shown);
    assert.deepEqual(hidden, ['a']);
    assert.deepEqual(toggledHidden(['gone', 'a'], 'c', shown), ['a', 'c']);
    assert.deepEqual(toggledHidden([], 'unknown', shown), [], 'a run not charted cannot be hidden');
  });

  it('overlays runs up to the limit, never the front run and never twice', () => {
    let overlay = toggledOverlay([], { id: 'b', label: 'B' }, true, 'a');
    overlay = toggledOverlay(overlay, { id: 'b', label: 'B' }, true, 'a');
    overlay = toggledOverlay(overlay, { id: 'a', label: 'A' }, true, 'a');
    assert.deepEqual(overlay, [{ id: 'b', label: 'B' }]);
    for (let i = 0; i < 10; i++) overlay = toggledOverlay(overlay, { id: `r${i}`, label: '' }, true, 'a');
    assert.equal(overlay.length, 7);
    assert.deepEqual(toggledOverlay(overlay, { id: 'b', label: 'B' }, false, 'a').map((r) => r.id), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('merges the runs\u2019 x columns, keeping repeats, gaps (null) apart from absent points (undefined)', () => {
    const aligned = alignLines([
      { xs: [0, 10, 20], ys: [1, null, 3], smoothed: [1, 1, 2] },
      { xs: [5, 10, 10, 30], ys: [7, 8, 9, 10], smoothed: null },
    ]);
    assert.deepEqual(aligned.xs, [0, 5, 10, 10, 20, 30]);
    assert.deepEqual(aligned.ys[0], [1, undefined, null, undefined, 3, undefined]);
    assert.deepEqual(aligned.ys[1], [undefined, 7, 8, 9, undefined, 10]);
    assert.deepEqual(aligned.smoothed[0], [1, undefined, 1, undefined, 2, undefined]);
    assert.equal(aligned.smoothed[1], null);
    assert.deepEqual(tableColumn(aligned.ys[1]), [null, 7, 8, 9, null, 10]);
    assert.deepEqual(alignLines([{ xs: [1, 2], ys: [3, 4], smoothed: null }]).ys, [[3, 4]], 'one run is passed through');
    assert.deepEqual(alignLines([]).xs, []);
  });

  it('remembers the x-axis per view, the overlay and the hidden runs across snapshots and a new front run', () => {
    let state: WebviewState = withLogRun(initialState(), run('a'));
    assert.equal(currentXAxis(state, 'log'), 'step');
    state = withXAxis(state, 'log', 'wall');
    assert.equal(currentXAxis(state, 'log'), 'wall');
    assert.equal(currentXAxis(state, 'comparison'), 'step');
    state = withOverlay(state, [{ id: 'b', label: 'B' }, { id: 'a', label: 'A' }, { id: 'c', label: 'C' }]);
    assert.deepEqual(state.log?.overlay, [{ id: 'b', label: 'B' }, { id: 'c', label: 'C' }], 'the front run is not overlaid on itself');
    state = withHiddenRuns(state, ['c']);
    state = withLogRun(state, run('a'));
    assert.deepEqual(state.log?.overlay?.map((r) => r.id), ['b', 'c']);
    assert.deepEqual(state.log?.hiddenRuns, ['c']);
    state = withLogRun(state, run('b'));
    assert.deepEqual(state.log?.overlay?.map((r) => r.id), ['c'], 'a run brought to the front leaves the overlay');
    state = withOverlay(withHiddenRuns(state, []), []);
    assert.equal(state.log?.overlay, undefined);
    assert.equal(state.log?.hiddenRuns, undefined);
    assert.deepEqual(overlayEntries(['x', 'y', 'z'], [{ id: 'x', label: 'X' }], [{ id: 'y', label: 'Y (saved)' }]),
      [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y (saved)' }, { id: 'z', label: 'z' }]);
  });
});
