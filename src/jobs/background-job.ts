import type { Logger } from 'pino';

export interface BackgroundJobOptions<R> {
  /** What the log calls it when a run fails, e.g. "channel pull". */
  name: string;
  log: Logger;
  /** One run. */
  run: () => Promise<R>;
  /** Time from the end of a run to the start of the next. */
  intervalMs: number;
  /** Time from `start` to the first run (default: the interval). */
  firstRunAfterMs?: number;
  /** Whether the timer keeps the process alive (default false). */
  ref?: boolean;
  /** Called once a stop has waited for the run in progress (e.g. to release a lease). */
  onStopped?: () => Promise<void>;
}

/**
 * The timer and bookkeeping every background job of the gateway shares (the channel pull, the
 * event log's pruning, campaign attribution): one run at a time, the next an interval after the
 * previous ends, a failed run logged and followed by the next, and a stop that waits for the
 * run in progress. Which process runs a job is the job's own lease (see lease.ts).
 */
export class BackgroundJob<R> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<R> | null = null;
  private stopped = false;

  constructor(private readonly options: BackgroundJobOptions<R>) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    if (this.stopped || this.timer) return;
    const schedule = (delayMs: number) => {
      this.timer = setTimeout(tick, delayMs);
      if (!this.options.ref) this.timer.unref();
    };
    const tick = () => {
      this.runOnce()
        .catch((error) => this.options.log.error({ err: error }, `${this.options.name} failed`))
        .finally(() => {
          if (!this.stopped) schedule(this.options.intervalMs);
        });
    };
    schedule(this.options.firstRunAfterMs ?? this.options.intervalMs);
  }

  /** One run, or the run already in progress. */
  runOnce(): Promise<R> {
    this.running ??= this.options.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.options.onStopped?.();
  }
}
