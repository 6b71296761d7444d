import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { BackgroundJob } from '../jobs/background-job';
import { acquireLease, leaseHolderId, releaseLease } from '../jobs/lease';
import { PayloadRedaction } from './payload-redaction';

/** The lease that lets one gateway process prune payloads at a time. */
export const PAYLOAD_PRUNE_LEASE = 'payload-retention';
/** Rows emptied per statement: short transactions beside the ingestion write path. */
const BATCH = 1_000;

export interface PayloadPrunerOptions {
  orm: MikroORM;
  dialect: 'sqlite' | 'postgresql';
  log: Logger;
  /** Raw bodies older than this many days are removed; 0 keeps them for ever. */
  retentionDays: number;
  /** Time between runs (default an hour). */
  intervalMs?: number;
  holder?: string;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface PayloadPruneResult {
  archivedPayloads: number;
  deadLetters: number;
}

/**
 * Removes the raw bodies of payloads older than the retention, in the background, in one gateway
 * process at a time (a lease in the database): archived deliveries (body and what was fetched for
 * them) and dead letters that were replayed (their payload was then archived). The rows stay,
 * marked RETENTION: a delivery id still answers a repeat as a duplicate (that needs only the id
 * and the stored answer), and the answer still traces the orders a delivery made. Dead letters
 * still waiting for a replay keep their body: it is all there is of their orders.
 */
export class PayloadPruner {
  readonly holder: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly job: BackgroundJob<PayloadPruneResult>;

  constructor(private readonly options: PayloadPrunerOptions) {
    this.holder = options.holder ?? leaseHolderId();
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.job = new BackgroundJob({
      name: 'pruning archived payloads',
      log: options.log,
      run: () => this.run(),
      intervalMs: this.intervalMs,
      // the first run a minute after start: not in the way of the start itself
      firstRunAfterMs: Math.min(this.intervalMs, 60_000),
      onStopped: () => releaseLease(this.em(), PAYLOAD_PRUNE_LEASE, this.holder).then(() => undefined, () => undefined),
    });
  }

  start(): void {
    if (this.options.retentionDays > 0) this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One run: how many bodies were removed (none also when another process holds the lease). */
  runOnce(): Promise<PayloadPruneResult> {
    return this.job.runOnce();
  }

  private em(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  private async run(): Promise<PayloadPruneResult> {
    const none = { archivedPayloads: 0, deadLetters: 0 };
    if (this.options.retentionDays <= 0) return none;
    const em = this.em();
    const ttlMs = Math.max(2 * this.intervalMs, 600_000);
    if (!(await acquireLease(em, { name: PAYLOAD_PRUNE_LEASE, holder: this.holder, ttlMs, now: this.now() }))) return none;
    const postgres = this.options.dialect === 'postgresql';
    // as each dialect stores a time (SQLite: epoch milliseconds)
    const time = (ms: number) => (postgres ? new Date(ms) : ms);
    const cutoff = time(this.now() - this.options.retentionDays * 86_400_000);
    const at = time(this.now());
    const archivedPayloads = await this.empty(
      em,
      "update payload_archive set body = '', fetched = null, redacted_at = ?, redaction = ? " +
        `where id in (select id from payload_archive where received_at < ? and redacted_at is null order by id limit ${BATCH})`,
      [at, PayloadRedaction.RETENTION, cutoff],
    );
    const deadLetters = await this.empty(
      em,
      "update dead_letter set body = '', redacted_at = ?, redaction = ? " +
        `where id in (select id from dead_letter where replayed_at < ? and redacted_at is null order by id limit ${BATCH})`,
      [at, PayloadRedaction.RETENTION, cutoff],
    );
    if (archivedPayloads || deadLetters) {
      this.options.log.info({ archivedPayloads, deadLetters, retentionDays: this.options.retentionDays }, 'payload bodies past the retention removed');
    }
    return { archivedPayloads, deadLetters };
  }

  /** Runs a batched update until it changes no more rows (or the job stops). */
  private async empty(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    while (!this.job.isStopped) {
      const result = await em.getConnection().execute<{ affectedRows?: number }>(sql, params, 'run');
      const changed = Number(result.affectedRows ?? 0);
      total += changed;
      if (changed < BATCH) break;
    }
    return total;
  }
}
