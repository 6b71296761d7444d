import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { BackgroundJob } from '../jobs/background-job';
import { acquireLease, leaseHolderId, releaseLease } from '../jobs/lease';

/** The lease that lets one gateway process prune at a time. */
export const PRUNE_LEASE = 'event-log-prune';
/** Events deleted per statement: short transactions beside the ingestion write path. */
const DELETE_BATCH = 5_000;

export interface EventPrunerOptions {
  orm: MikroORM;
  dialect: 'sqlite' | 'postgresql';
  log: Logger;
  /** Events older than this many days are removed (default 30). */
  retentionDays: number;
  /** Time between runs (default an hour). */
  intervalMs?: number;
  holder?: string;
  /** Epoch milliseconds. */
  now?: () => number;
}

/**
 * Removes events older than the retention from the log, in the background, in one gateway
 * process at a time (a lease in the database). It first records how far it prunes, then deletes:
 * a subscriber resuming from a cursor below that is told so instead of missing events silently.
 */
export class EventPruner {
  readonly holder: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly job: BackgroundJob<number>;

  constructor(private readonly options: EventPrunerOptions) {
    this.holder = options.holder ?? leaseHolderId();
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.job = new BackgroundJob({
      name: 'pruning the event log',
      log: options.log,
      run: () => this.run(),
      intervalMs: this.intervalMs,
      // the first run a minute after start: not in the way of the start itself
      firstRunAfterMs: Math.min(this.intervalMs, 60_000),
      onStopped: () => releaseLease(this.em(), PRUNE_LEASE, this.holder).then(() => undefined, () => undefined),
    });
  }

  private get stopped(): boolean {
    return this.job.isStopped;
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One run: the number of events removed (0 also when another process holds the lease). */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private em(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  private async run(): Promise<number> {
    const em = this.em();
    const ttlMs = Math.max(2 * this.intervalMs, 600_000);
    if (!(await acquireLease(em, { name: PRUNE_LEASE, holder: this.holder, ttlMs, now: this.now() }))) return 0;
    const connection = em.getConnection();
    const postgres = this.options.dialect === 'postgresql';
    const cutoff = new Date(this.now() - this.options.retentionDays * 86_400_000);
    const [row] = await connection.execute<Array<{ through: number | string | null }>>(
      'select max(id) as through from order_event where occurred_at < ?',
      [postgres ? cutoff : cutoff.getTime()],
    );
    const through = row?.through === null || row?.through === undefined ? 0 : Number(row.through);
    if (!through) return 0;
    // first the watermark, then the deletes: a resume below it is refused from now on
    await connection.execute(
      'insert into event_log_state (name, pruned_through, pruned_at) values (?, ?, ?) ' +
        'on conflict (name) do update set pruned_through = excluded.pruned_through, pruned_at = excluded.pruned_at ' +
        'where event_log_state.pruned_through < excluded.pruned_through',
      ['order_event', through, postgres ? new Date(this.now()) : this.now()],
    );
    let removed = 0;
    for (;;) {
      if (this.stopped) break;
      const [first] = await connection.execute<Array<{ low: number | string | null }>>('select min(id) as low from order_event');
      const low = first?.low === null || first?.low === undefined ? null : Number(first.low);
      if (low === null || low > through) break;
      const upTo = Math.min(through, low + DELETE_BATCH - 1);
      const result = await connection.execute<{ affectedRows?: number }>('delete from order_event where id <= ?', [upTo], 'run');
      removed += Number(result.affectedRows ?? 0);
    }
    this.options.log.info({ removed, through, retentionDays: this.options.retentionDays }, 'event log pruned');
    return removed;
  }
}
