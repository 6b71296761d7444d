import { Worker } from 'node:worker_threads';

import type { Logger } from 'pino';

/**
 * SQLite's write-ahead log is copied back into the database file by checkpoints. Left to SQLite,
 * the transaction whose commit takes the log past 1,000 pages runs one, in the committing
 * connection: on the gateway's one thread, which then waits for every page copied and for the
 * database file's fsync. That is usually a few milliseconds; when the disk is busy it is seconds
 * during which no request, webhook or subscription is served. Here the gateway's connections leave
 * checkpoints alone (`wal_autocheckpoint = 0`) and a worker thread, on a connection of its own,
 * runs a PASSIVE checkpoint every interval: it copies the log into the database file and syncs it
 * without taking the write lock. Under steady writes a PASSIVE checkpoint never finds the log all
 * copied (commits keep landing while it runs), so the log would never start over and would grow
 * without end; once it holds more than `restartFrames`, the worker runs a RESTART checkpoint,
 * which holds writers off only while it copies what the last PASSIVE one left (about an
 * interval's writes) and makes the next write start the log over. The gateway's writer meets the
 * lock as another writer's and retries without blocking its thread.
 */

/** What one checkpoint reported: the log's frames and how many of them are in the database file. */
export interface CheckpointResult {
  /** The log's frames when it ran. */
  logFrames: number;
  /** Frames copied to the database file (all of them unless a reader still needed some). */
  checkpointedFrames: number;
  /** A RESTART checkpoint ran to its end: the next write starts the log over. */
  restarted: boolean;
}

export interface SqliteCheckpointsOptions {
  /** Time between checkpoints. */
  intervalMs?: number;
  log?: Logger;
  /** Log frames (pages written) past which the log is started over; 4,096 frames of 4 KiB are 16 MiB. */
  restartFrames?: number;
  /** Called with each checkpoint's result (metrics, tests). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
export const DEFAULT_RESTART_FRAMES = 4_096;
/** After the worker fails (the file gone, a driver error), it is started again after this long. */
const RESTART_MS = 1_000;

// runs in the worker: CommonJS, with the driver's path resolved by the gateway
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
// a RESTART checkpoint waits this long for the writer and the readers, then gives up until the next interval
db.exec('pragma busy_timeout = 100');
const passive = db.prepare('pragma wal_checkpoint(PASSIVE)');
const restart = db.prepare('pragma wal_checkpoint(RESTART)');
const timer = setInterval(() => {
  let [row] = passive.all();
  let restarted = false;
  if (Number(row.log) > workerData.restartFrames) {
    [row] = restart.all();
    restarted = Number(row.busy) === 0;
  }
  parentPort.postMessage({ logFrames: Number(row.log), checkpointedFrames: Number(row.checkpointed), restarted });
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Checkpoints of one SQLite file, run by a worker thread until {@link stop}. */
export class SqliteCheckpoints {
  private worker: Worker | null = null;
  private restart: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly file: string,
    private readonly options: SqliteCheckpointsOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    this.start();
  }

  private start(): void {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: this.file,
        driver: require.resolve('libsql'),
        intervalMs: this.intervalMs,
        restartFrames: this.options.restartFrames ?? DEFAULT_RESTART_FRAMES,
      },
    });
    this.worker = worker;
    worker.on('message', (result: CheckpointResult) => this.options.onCheckpoint?.(result));
    worker.on('error', (error) => {
      this.options.log?.error({ err: error, component: 'sqlite-checkpoints' }, 'SQLite checkpoint worker failed; starting it again');
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (!this.stopped) this.restart = setTimeout(() => this.start(), RESTART_MS);
    });
    // the gateway's own handles keep the process alive, never this thread
    worker.unref();
  }

  /** Ends the worker after the checkpoint it may be running; the last connection to close checkpoints what is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restart) clearTimeout(this.restart);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await exited;
    this.worker = null;
  }
}
