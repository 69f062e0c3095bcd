/**
 * Host side of the log worker: starts dist/logWorker.js on first use, numbers requests and resolves each with
 * its reply. If the thread dies, pending requests fail and the next request starts a fresh thread (whose runs
 * are empty: `onRestart` lets the owner re-open them).
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { LogRunSummary } from '../../core/logs/logRunSnapshot';
import type { WireLogRun } from '../../core/protocol';
import type { LogWorkerCall, LogWorkerReply } from './logWorkerProtocol';

interface Pending {
  resolve(reply: LogWorkerReply): void;
  reject(error: Error): void;
}

export class LogWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(
    private readonly distPath: string,
    private readonly onCrash: (message: string) => void,
  ) {}

  /** Sends a request that answers with the run's summary. `transfer` moves an ArrayBuffer instead of copying it. */
  async summary(call: LogWorkerCall, transfer?: ArrayBuffer[]): Promise<LogRunSummary> {
    const reply = await this.request(call, transfer);
    if (reply.type !== 'summary') throw new Error(`log worker: expected a summary, got ${reply.type}`);
    return reply.summary;
  }

  async snapshot(call: Extract<LogWorkerCall, { type: 'snapshot' }>): Promise<WireLogRun> {
    const reply = await this.request(call);
    if (reply.type !== 'snapshot') throw new Error(`log worker: expected a snapshot, got ${reply.type}`);
    return reply.snapshot;
  }

  async close(runId: string): Promise<void> {
    if (!this.worker) return;
    await this.request({ type: 'close', runId });
  }

  private request(call: LogWorkerCall, transfer?: ArrayBuffer[]): Promise<LogWorkerReply> {
    if (this.disposed) return Promise.reject(new Error('the log worker is stopped'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<LogWorkerReply>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => (reply.type === 'failed' ? reject(new Error(reply.message)) : resolve(reply)),
        reject,
      });
      worker.postMessage({ ...call, id }, transfer ?? []);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.distPath, 'logWorker.js'));
    worker.on('message', (reply: LogWorkerReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const error = new Error(message);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      if (!this.disposed) this.onCrash(message);
    };
    worker.on('error', (error) => fail(`The log worker failed: ${error.message}`));
    worker.on('exit', (code) => fail(`The log worker stopped (exit code ${code}).`));
    // The thread must not keep the extension host alive on shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const waiter of this.pending.values()) waiter.reject(new Error('the log worker is stopped'));
    this.pending.clear();
    void worker?.terminate();
  }
}
