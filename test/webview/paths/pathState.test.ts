import * as assert from 'node:assert/strict';
import { validateWebviewState, type WireComparison } from '../../../src/core/protocol';
import { initialPlayback, lastPathStep, savesWhilePlaying, SAVE_WHILE_PLAYING_MAX_ROWS, withPathPlayback } from '../../../src/webview/paths/pathState';
import { restoreState, withComparison, initialState } from '../../../src/webview/state';
import { announcement, readoutLines, stepText } from '../../../src/webview/paths/readout';
import { rosenbrockWithDivergence } from '../fixtures';

describe('webview/paths/pathState: the animation survives hide and reload', () => {
  let comparison: WireComparison;
  before(() => { comparison = rosenbrockWithDivergence(); });

  it('animates up to the longest 2-D run', () => {
    assert.equal(lastPathStep(comparison), 500);
  });

  it('plays from the start, or starts paused at the end under reduced motion', () => {
    assert.deepEqual(initialPlayback(undefined, comparison, false), { step: 0, playing: true, speed: 1 });
    assert.deepEqual(initialPlayback(null, comparison, true), { step: 500, playing: false, speed: 1 });
  });

  it('saves the place with the comparison and reads it back after a reload', () => {
    const state = withPathPlayback(withComparison(initialState(), comparison), { step: 123, playing: true, speed: 2 });
    const restored = restoreState(JSON.parse(JSON.stringify(state)));
    assert.equal(restored.rejected, null);
    assert.deepEqual(initialPlayback(restored.state.paths, comparison, false), { step: 123, playing: true, speed: 2 });
    assert.deepEqual(initialPlayback(restored.state.paths, comparison, true), { step: 123, playing: false, speed: 2 }, 'reduced motion: paused');
  });

  it('ignores the place saved for another comparison, and clamps or snaps odd values', () => {
    const saved = { comparisonFinishedAt: comparison.finishedAt - 1, step: 99, playing: false, speed: 1 };
    assert.deepEqual(initialPlayback(saved, comparison, false), { step: 0, playing: true, speed: 1 });
    assert.deepEqual(initialPlayback({ ...saved, comparisonFinishedAt: comparison.finishedAt, step: 10_000, speed: 3 }, comparison, false),
      { step: 500, playing: false, speed: 4 });
    assert.equal(withPathPlayback(initialState(), { step: 1, playing: true, speed: 1 }).paths, undefined, 'nothing to save without a comparison');
  });

  it('saves while playing only when the state is small enough to serialize every second', () => {
    assert.equal(savesWhilePlaying(comparison), true);
    assert.equal(savesWhilePlaying(null), false);
    const huge = { ...comparison, runs: [{ ...comparison.runs[0], stepsRun: SAVE_WHILE_PLAYING_MAX_ROWS }] };
    assert.equal(savesWhilePlaying(huge), false);
  });

  describe('rejects a hostile saved place', () => {
    const good = { comparisonFinishedAt: 1, step: 3, playing: true, speed: 1 };
    const cases: [string, unknown, RegExp][] = [
      ['a step that is not a count', { ...good, step: -1 }, /paths\.step must be a count/],
      ['a fractional step', { ...good, step: 1.5 }, /paths\.step must be a count/],
      ['a huge step', { ...good, step: 1e12 }, /paths\.step must be a count/],
      ['playing as a string', { ...good, playing: 'yes' }, /paths\.playing must be a boolean/],
      ['a zero speed', { ...good, speed: 0 }, /paths\.speed must be a number in \(0, 100\]/],
      ['an infinite speed', { ...good, speed: Infinity }, /paths\.speed/],
      ['no comparison stamp', { step: 3, playing: true, speed: 1 }, /paths\.comparisonFinishedAt must be a finite number/],
      ['an array', [good], /paths must be an object/],
    ];
    for (const [what, paths, error] of cases) {
      it(what, () => {
        const checked = validateWebviewState({ ...initialState(), paths });
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.match(checked.error, error);
      });
    }
    it('accepts a good place and none', () => {
      assert.ok(validateWebviewState({ ...initialState(), paths: good }).ok);
      assert.ok(validateWebviewState({ ...initialState(), paths: null }).ok);
    });
  });
});

describe('webview/paths/readout', () => {
  const runs = [
    { label: 'A', stepsRun: 4, loss: [4, 3, 2, 1, 0.5], diverged: false },
    { label: 'B', stepsRun: 2, loss: [4, 40, null], diverged: true },
  ];

  it('gives each run its loss at the step, a stopped run its last row', () => {
    assert.deepEqual(readoutLines(runs, 1), [
      { label: 'A', row: 1, loss: '3.00e+0', stopped: false },
      { label: 'B', row: 1, loss: '4.00e+1', stopped: false },
    ]);
    const later = readoutLines(runs, 4);
    assert.equal(later[1].row, 2);
    assert.equal(later[1].stopped, true);
  });

  it('says the step and each run in one sentence', () => {
    assert.equal(stepText(1234, 5000), 'Step 1,234 of 5,000');
    assert.equal(announcement(runs, 4, 4, false), 'Step 4 of 4. A loss 5.00e-1; B diverged at step 2.');
    assert.match(announcement(runs, 1, 4, true), /^Step 1 of 4, playing\./);
  });
});
