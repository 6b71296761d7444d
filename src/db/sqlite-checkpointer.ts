import { Worker } from 'node:worker_threads';

import type { Logger } from 'pino';

/**
 * The thread's code: its own connection to the file, a passive checkpoint every interval (it
 * never waits for a lock, nor makes a writer or a reader wait), closed when asked.
 */
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = db.prepare('pragma wal_checkpoint(passive)');
const timer = setInterval(() => {
  try {
    checkpoint.all();
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  /** Milliseconds between checkpoints (default 200). */
  intervalMs?: number;
  log?: Logger;
}

/**
 * Copies the SQLite write-ahead log back into the database file from a thread of its own. Left
 * to SQLite, the checkpoint runs inside whichever commit crosses the log's size limit, and the
 * gateway's only thread stops for it; here it runs beside the writes, on the other core, and the
 * writing connections turn their own checkpoints off (`wal_autocheckpoint = 0`) while it runs.
 * The technique SQLite's WAL documentation gives for busy writers.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private stopped = false;
  private failed = false;

  constructor(
    file: string,
    private readonly onFailure: () => void,
    options: CheckpointerOptions = {},
  ) {
    this.worker = new Worker(CHECKPOINT_THREAD, {
      eval: true,
      workerData: { driver: require.resolve('libsql'), file, intervalMs: options.intervalMs ?? 200 },
    });
    // never what keeps a process alive: a process that ends mid-checkpoint leaves a valid log
    this.worker.unref();
    const fail = (reason: string) => {
      if (this.stopped || this.failed) return;
      this.failed = true;
      options.log?.warn({ reason }, 'the SQLite checkpoint thread stopped; commits checkpoint the log again');
      this.onFailure();
    };
    this.worker.on('message', (message: { error?: string }) => message.error && fail(message.error));
    this.worker.on('error', (error) => fail(error.message));
    this.worker.on('exit', (code) => fail(`exit ${code}`));
  }

  /** False once the thread has failed: the connections must checkpoint by themselves again. */
  get running(): boolean {
    return !this.failed && !this.stopped;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), 2_000);
    await exited;
    clearTimeout(timeout);
  }
}
