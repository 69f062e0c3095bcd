import * as assert from 'node:assert/strict';
import {
  advance, BASE_SECONDS, clampStep, DEFAULT_SPEED, keyAction, MIN_BASE_STEPS_PER_SECOND, play, rowAt, snapSpeed, SPEEDS,
  stepsPerSecond,
} from '../../../src/webview/paths/playback';

describe('webview/paths/playback: frames to steps', () => {
  it('plays a long run in BASE_SECONDS at 1x, and scales with the speed', () => {
    assert.equal(stepsPerSecond(8000, 1), 8000 / BASE_SECONDS);
    assert.equal(stepsPerSecond(8000, 4), (4 * 8000) / BASE_SECONDS);
    assert.equal(stepsPerSecond(8000, 0.25), (0.25 * 8000) / BASE_SECONDS);
  });

  it('plays any run in BASE_SECONDS, but a tiny run still moves', () => {
    assert.equal(stepsPerSecond(200, 1), 200 / BASE_SECONDS);
    assert.equal(stepsPerSecond(100_000, 1), 100_000 / BASE_SECONDS);
    assert.equal(stepsPerSecond(3, 1), MIN_BASE_STEPS_PER_SECOND);
    assert.equal(stepsPerSecond(3, Number.NaN), MIN_BASE_STEPS_PER_SECOND * DEFAULT_SPEED, 'a bad speed plays at 1x');
  });

  it('advances by elapsed time times the rate, and stops paused at the last step', () => {
    const rate = stepsPerSecond(400, 1); // 50 steps/s
    let clock = { position: 0, playing: true };
    clock = advance(clock, 100, 400, 1);
    assert.equal(clock.position, rate / 10);
    assert.equal(clock.playing, true);
    for (let i = 0; i < 200; i++) clock = advance(clock, 100, 400, 1);
    assert.deepEqual(clock, { position: 400, playing: false });
  });

  it('counts a long gap (hidden panel, sleep) as a short one instead of jumping', () => {
    const clock = advance({ position: 10, playing: true }, 60_000, 10_000, 1, 250);
    assert.equal(clock.position, 10 + 0.25 * stepsPerSecond(10_000, 1));
    assert.equal(advance({ position: 10, playing: true }, -5, 100, 1).position, 10, 'time never runs backwards');
    assert.equal(advance({ position: 10, playing: true }, Number.NaN, 100, 1).position, 10);
  });

  it('does not move while paused, and play at the end starts over', () => {
    assert.deepEqual(advance({ position: 7, playing: false }, 1000, 100, 1), { position: 7, playing: false });
    assert.deepEqual(play({ position: 100, playing: false }, 100), { position: 0, playing: true });
    assert.deepEqual(play({ position: 40, playing: false }, 100), { position: 40, playing: true });
  });

  it('clamps steps to whole steps of the run, whatever it is given', () => {
    assert.equal(clampStep(12.7, 100), 12);
    assert.equal(clampStep(-3, 100), 0);
    assert.equal(clampStep(1e9, 100), 100);
    assert.equal(clampStep(Number.NaN, 100), 0);
    assert.equal(clampStep(Infinity, 100), 100);
    assert.equal(clampStep(5, -1), 0);
  });

  it('shows a run that stopped early (diverged) at its last row', () => {
    assert.equal(rowAt(3, 10), 3);
    assert.equal(rowAt(250, 10), 10);
    assert.equal(rowAt(Infinity, 10), 10);
    assert.equal(rowAt(-1, 10), 0);
  });

  it('snaps a saved or hostile speed to an offered one', () => {
    for (const s of SPEEDS) assert.equal(snapSpeed(s), s);
    assert.equal(snapSpeed(3), 4);
    assert.equal(snapSpeed(0.3), 0.25);
    assert.equal(snapSpeed(1000), 4);
    assert.equal(snapSpeed(0), DEFAULT_SPEED);
    assert.equal(snapSpeed(-2), DEFAULT_SPEED);
    assert.equal(snapSpeed(Number.NaN), DEFAULT_SPEED);
  });
});

describe('webview/paths/playback: keys', () => {
  it('Space toggles; arrows step one update, Shift a tenth; Home and End', () => {
    assert.deepEqual(keyAction(' ', false, 5, 100), { kind: 'toggle' });
    assert.deepEqual(keyAction('ArrowRight', false, 5, 100), { kind: 'seek', step: 6 });
    assert.deepEqual(keyAction('ArrowLeft', false, 5, 100), { kind: 'seek', step: 4 });
    assert.deepEqual(keyAction('ArrowRight', true, 5, 100), { kind: 'seek', step: 15 });
    assert.deepEqual(keyAction('PageDown', false, 50, 100), { kind: 'seek', step: 40 });
    assert.deepEqual(keyAction('Home', false, 50, 100), { kind: 'seek', step: 0 });
    assert.deepEqual(keyAction('End', false, 50, 100), { kind: 'seek', step: 100 });
  });

  it('never seeks outside the run, and ignores other keys', () => {
    assert.deepEqual(keyAction('ArrowLeft', false, 0, 100), { kind: 'seek', step: 0 });
    assert.deepEqual(keyAction('ArrowRight', true, 98, 100), { kind: 'seek', step: 100 });
    assert.deepEqual(keyAction('ArrowRight', false, 0, 0), { kind: 'seek', step: 0 });
    assert.equal(keyAction('a', false, 5, 100), null);
    assert.equal(keyAction('Enter', false, 5, 100), null);
  });
});
