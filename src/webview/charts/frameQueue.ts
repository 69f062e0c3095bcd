/**
 * Spreads chart redraws over animation frames: each queued draw runs in a frame of its own (several per frame
 * while they stay under FRAME_BUDGET_MS), so a snapshot that changes ten charts does not block one frame for
 * the time of ten uPlot rebuilds (v-core's dashboard bench saw dropped frames when all redrew at once).
 * A chart queued again before its turn draws once, with the latest job.
 */

/** Work per frame before the rest waits for the next one (half of a 60 Hz frame; the browser needs the rest). */
export const FRAME_BUDGET_MS = 8;

export class FrameQueue {
  private readonly jobs = new Map<object, { run: () => Promise<void> | void; done: (() => void)[] }>();
  private scheduled = false;

  /** Queues `run` for `key`'s next turn; resolves once it ran (and the promise it returned settled). */
  schedule(key: object, run: () => Promise<void> | void): Promise<void> {
    return new Promise<void>((resolve) => {
      const job = this.jobs.get(key);
      if (job) {
        job.run = run;
        job.done.push(resolve);
      } else {
        this.jobs.set(key, { run, done: [resolve] });
      }
      this.wake();
    });
  }

  /** Drops `key`'s pending job (a destroyed chart); its waiters resolve. */
  cancel(key: object): void {
    const job = this.jobs.get(key);
    this.jobs.delete(key);
    for (const done of job?.done ?? []) done();
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const started = performance.now();
    for (const [key, job] of this.jobs) {
      this.jobs.delete(key);
      let result: Promise<void> | void;
      try {
        result = job.run();
      } catch (error) {
        for (const done of job.done) done();
        throw error;
      }
      void Promise.resolve(result).finally(() => { for (const done of job.done) done(); });
      if (performance.now() - started > FRAME_BUDGET_MS) break;
    }
    if (this.jobs.size > 0) this.wake();
  }
}

/** The webview's one queue: every chart shares the frames. */
export const chartFrames = new FrameQueue();
