import * as assert from 'node:assert/strict';
import { initialState, restoreState, withLogScale } from '../../src/webview/state';

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
