import * as assert from 'node:assert/strict';
import type { WireComparison, WireLogRun } from '../../src/core/protocol';
import {
  chartUsesLog, currentSmoothing, currentView, initialState, restoreState, showsTable, withAllChartsLog, withChartLog, withComparison, withLogRun, withLogScale,
  withShownTags, withSmoothing, withTableChart, withTagScale, withView,
} from '../../src/webview/state';

describe('webview/state', () => {
  it('starts with no comparison and the log scale on', () => {
    assert.deepEqual(initialState(), { version: 1, comparison: null, logScale: true });
  });

  it('restores a valid saved state', () => {
    const saved = withLogScale(initialState(), false);
    assert.deepEqual(restoreState(saved), { state: saved, rejected: null });
  });

  it('starts fresh, without complaint, when nothing was saved', () => {
    assert.deepEqual(restoreState(undefined), { state: initialState(), rejected: null });
  });

  it('rejects a malformed or outdated state with the reason', () => {
    const result = restoreState({ version: 0, comparison: null, logScale: true });
    assert.deepEqual(result.state, initialState());
    assert.match(result.rejected ?? '', /version/);
  });
});

describe('webview/state: watched logs', () => {
  const run = (id: string, shownTags: string[]): WireLogRun => ({
    id, label: id, path: `runs/${id}`, format: 'csv', tags: ['loss', 'lr', 'acc'], shownTags, series: {}, lastStep: 3,
    version: 1, health: 'ok', warnings: [], watching: true,
  });

  it('brings a newly watched run to the front and remembers its tags', () => {
    const state = withLogRun(initialState(), run('a', ['loss']));
    assert.equal(currentView(state), 'log');
    assert.deepEqual(state.log, { runId: 'a', label: 'a', path: 'runs/a', shownTags: ['loss'], linearTags: [] });
  });

  it('leaves the comparison in front when another snapshot of the same run arrives', () => {
    let state = withLogRun(initialState(), run('a', ['loss']));
    state = withView(state, 'comparison');
    state = withLogRun(state, run('a', ['loss', 'lr']));
    assert.equal(currentView(state), 'comparison');
    assert.deepEqual(state.log?.shownTags, ['loss', 'lr']);
  });

  it('keeps scale choices for the same run only', () => {
    let state = withTagScale(withLogRun(initialState(), run('a', ['loss'])), 'loss', false);
    assert.deepEqual(state.log?.linearTags, ['loss']);
    state = withLogRun(state, run('a', ['loss']));
    assert.deepEqual(state.log?.linearTags, ['loss']);
    assert.deepEqual(withTagScale(state, 'loss', true).log?.linearTags, []);
    assert.deepEqual(withLogRun(state, run('b', ['loss'])).log?.linearTags, []);
  });

  it('shows a new comparison in front of the log', () => {
    const state = withComparison(withLogRun(initialState(), run('a', ['loss'])), {} as WireComparison);
    assert.equal(currentView(state), 'comparison');
  });

  it('shows the log after a reload when only the log was there', () => {
    const { view: _view, ...saved } = withShownTags(withLogRun(initialState(), run('a', ['loss'])), ['lr']);
    const restored = restoreState(saved);
    assert.equal(restored.rejected, null);
    assert.equal(currentView(restored.state), 'log');
    assert.deepEqual(restored.state.log?.shownTags, ['lr']);
  });
});

describe('dashboard state: smoothing, chart scales and table views', () => {
  const base = initialState();

  it('starts at TensorBoard\u2019s smoothing 0.6 and clamps what it is given to [0, 0.999]', () => {
    assert.equal(currentSmoothing(base), 0.6);
    assert.equal(currentSmoothing(withSmoothing(base, 0)), 0);
    assert.equal(currentSmoothing(withSmoothing(base, 2)), 0.999);
    assert.equal(currentSmoothing(withSmoothing(base, -1)), 0);
  });

  it('lets one chart leave the header\u2019s scale, and the header put every chart back', () => {
    let state = withChartLog(base, 'loss', false);
    assert.equal(chartUsesLog(state, 'loss'), false);
    assert.equal(chartUsesLog(state, 'velocity'), true);
    assert.equal(chartUsesLog(state, 'lr'), false, 'the learning rate starts linear (schedules reach 0)');
    state = withAllChartsLog(state, true);
    assert.equal(chartUsesLog(state, 'loss'), true);
  });

  it('remembers which charts show their data table', () => {
    const state = withTableChart(withTableChart(base, 'loss', true), 'lr', true);
    assert.equal(showsTable(state, 'loss'), true);
    assert.equal(showsTable(withTableChart(state, 'loss', false), 'loss'), false);
    assert.equal(showsTable(state, 'velocity'), false);
  });
});
