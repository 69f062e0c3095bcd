import * as assert from 'node:assert/strict';
import { FRAME_BUDGET_MS, FrameQueue } from '../../src/webview/charts/frameQueue';

/** A fake clock and animation-frame loop: frames run only when the test says so. */
function fakeFrames(): { frame(): void; framesRequested(): number; advance(ms: number): void; restore(): void } {
  const g = globalThis as unknown as { requestAnimationFrame?: (cb: () => void) => number; performance: { now(): number } };
  const savedRaf = g.requestAnimationFrame;
  const savedNow = g.performance.now;
  let now = 0;
  let callbacks: (() => void)[] = [];
  g.requestAnimationFrame = (cb) => { callbacks.push(cb); return callbacks.length; };
  g.performance.now = () => now;
  return {
    frame: () => { const run = callbacks; callbacks = []; for (const cb of run) cb(); },
    framesRequested: () => callbacks.length,
    advance: (ms) => { now += ms; },
    restore: () => { g.requestAnimationFrame = savedRaf; g.performance.now = savedNow; },
  };
}

describe('chart redraws spread over animation frames', () => {
  it('runs one slow redraw per frame instead of all of them in one', async () => {
    const clock = fakeFrames();
    try {
      const queue = new FrameQueue();
      const ran: string[] = [];
      const charts = ['loss', 'velocity', 'lr'].map((name) => ({ name }));
      const done = charts.map((chart) => queue.schedule(chart, () => { ran.push(chart.name); clock.advance(FRAME_BUDGET_MS + 1); }));
      assert.deepEqual(ran, [], 'nothing draws before a frame');
      clock.frame();
      assert.deepEqual(ran, ['loss']);
      clock.frame();
      clock.frame();
      assert.deepEqual(ran, ['loss', 'velocity', 'lr']);
      await Promise.all(done);
      assert.equal(clock.framesRequested(), 0, 'no frame requested once the queue is empty');
    } finally {
      clock.restore();
    }
  });

  it('runs quick redraws together while they fit the frame budget', () => {
    const clock = fakeFrames();
    try {
      const queue = new FrameQueue();
      let runs = 0;
      for (let i = 0; i < 5; i++) void queue.schedule({}, () => { runs++; clock.advance(1); });
      clock.frame();
      assert.equal(runs, 5);
    } finally {
      clock.restore();
    }
  });

  it('draws a chart queued twice before its turn once, with the latest job, and resolves both waiters', async () => {
    const clock = fakeFrames();
    try {
      const queue = new FrameQueue();
      const chart = {};
      const seen: number[] = [];
      const first = queue.schedule(chart, () => { seen.push(1); });
      const second = queue.schedule(chart, () => { seen.push(2); });
      clock.frame();
      await Promise.all([first, second]);
      assert.deepEqual(seen, [2]);
    } finally {
      clock.restore();
    }
  });

  it('drops the pending redraw of a destroyed chart and releases its waiters', async () => {
    const clock = fakeFrames();
    try {
      const queue = new FrameQueue();
      const chart = {};
      let ran = false;
      const waiting = queue.schedule(chart, () => { ran = true; });
      queue.cancel(chart);
      clock.frame();
      await waiting;
      assert.equal(ran, false);
    } finally {
      clock.restore();
    }
  });
});
