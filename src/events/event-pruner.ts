import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly options: EventPrunerOptions) {
    this.holder = options.holder ?? leaseHolderId();
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 3_600_000;
  }

  start(): void {
    if (this.stopped || this.timer) return;
    const tick = () => {
      this.runOnce()
        .catch((error) => this.options.log.error({ err: error }, 'pruning the event log failed'))
        .finally(() => {
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.intervalMs);
            this.timer.unref();
          }
        });
    };
    // the first run a minute after start: not in the way of the start itself
    this.timer = setTimeout(tick, Math.min(this.intervalMs, 60_000));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await releaseLease(this.em(), PRUNE_LEASE, this.holder).catch(() => undefined);
  }

  /** One run: the number of events removed (0 also when another process holds the lease). */
  runOnce(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
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
