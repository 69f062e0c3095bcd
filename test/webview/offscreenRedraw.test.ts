import * as assert from 'node:assert/strict';
import { OffscreenRedraw } from '../../src/webview/charts/offscreenRedraw';

/** A stand-in IntersectionObserver whose reports the test sends. */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: unknown[] = [];
  disconnected = false;
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {
    FakeObserver.last = this;
  }
  observe(target: unknown): void {
    this.observed.push(target);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  report(isIntersecting: boolean): void {
    this.callback([{ isIntersecting }]);
  }
}

describe('webview/charts/offscreenRedraw: live redraws wait while a chart is scrolled out of view', () => {
  const g = globalThis as { IntersectionObserver?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = g.IntersectionObserver;
    g.IntersectionObserver = FakeObserver;
  });
  afterEach(() => {
    g.IntersectionObserver = saved;
  });

  it('draws at once while visible (before any report too), keeps only the newest redraw off screen, runs it on return', () => {
    const host = {} as HTMLElement;
    const gate = new OffscreenRedraw(host);
    const observer = FakeObserver.last as FakeObserver;
    assert.deepEqual(observer.observed, [host]);
    assert.equal(gate.deferring, false, 'visible until told otherwise');
    observer.report(false);
    assert.equal(gate.deferring, true);
    const drawn: number[] = [];
    gate.defer(() => drawn.push(1));
    gate.defer(() => drawn.push(2));
    assert.deepEqual(drawn, [], 'nothing drawn off screen');
    observer.report(true);
    assert.deepEqual(drawn, [2], 'the newest data only, once');
    observer.report(true);
    assert.deepEqual(drawn, [2], 'nothing pending: nothing redrawn');
  });

  it('draws on demand (an export needs the pixels), forgets a redraw on rebuild, and stops observing on destroy', () => {
    const gate = new OffscreenRedraw({} as HTMLElement);
    const observer = FakeObserver.last as FakeObserver;
    observer.report(false);
    const drawn: string[] = [];
    gate.defer(() => drawn.push('export'));
    gate.flush();
    assert.deepEqual(drawn, ['export']);
    gate.defer(() => drawn.push('stale'));
    gate.drop();
    observer.report(true);
    assert.deepEqual(drawn, ['export']);
    gate.destroy();
    assert.equal(observer.disconnected, true);
  });

  it('without IntersectionObserver (no DOM), never defers', () => {
    g.IntersectionObserver = undefined;
    assert.equal(new OffscreenRedraw({} as HTMLElement).deferring, false);
  });
});
