import { isConflict, isUnavailable } from '../../db/database-errors';
import { deferred, statement, type SqlWriter, type Work } from '../../db/sql-writer';
import { postgresBatch } from './batch-postgres';
import { sqliteBatch } from './batch-sqlite';
import { BatchedSession } from './batched-session';
import { advisoryKeys, LOCK_KEYS } from './advisory-locks';
import { emptyFootprint, type Footprint, type WriteSession } from './session';

/** A unit of ingestion over the session of the transaction it is written in. */
export type SessionWork<T> = (session: WriteSession) => Work<T>;

interface Job {
  work: SessionWork<unknown>;
  footprint?: () => Footprint;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Works per transaction at most (default 1,024 on SQLite, 128 on PostgreSQL). */
  maxGroup?: number;
  /**
   * Whether other requests are being served besides the ones whose works are queued here (an
   * import's own request). A SQLite transaction runs on the process's one thread from begin to
   * commit, so while others wait, groups are kept to {@link contendedGroup} works and the event
   * loop runs between them: a group of 512 receipts of an import held it for about 70 ms in which
   * no query was answered. Without contention groups stay large, since each commit costs a flush
   * to disk and a group's fixed statements. Not consulted on PostgreSQL, whose transactions run
   * on the server.
   */
  contended?: () => boolean;
  /** Works per SQLite transaction at most while contended (default 64: about 20 ms of an import's receipts). */
  contendedGroup?: number;
  /** Called after each committed transaction. */
  onCommitted?: () => void;
}

/**
 * Group commit for the ingestion write path: works submitted while a transaction is being
 * written are written together in the next one, so many concurrent deliveries share one commit
 * (and one disk flush). Every caller's promise settles only after its work is committed, or with
 * its own error: when a group fails, each of its works is retried in a transaction of its own,
 * so one bad work never sinks the others.
 *
 * A group reads what its works need in one statement and writes their rows table by table (see
 * BatchedSession). On PostgreSQL it first takes advisory locks on everything its works name
 * (their footprints, in one sorted order: no deadlock), so that groups running at once on
 * several connections, or on several gateways, never race on the same order or customer.
 */
export class GroupCommit {
  private pending: Job[] = [];
  private scheduled = false;
  private active = 0;
  private readonly maxGroup: number;
  private readonly contendedGroup: number;
  private readonly contended: () => boolean;
  private readonly onCommitted: () => void;

  constructor(
    private readonly writer: SqlWriter,
    options: GroupCommitOptions = {},
  ) {
    this.onCommitted = options.onCommitted ?? (() => {});
    // on PostgreSQL every key a group names is one entry in the server's shared lock table
    // (max_locks_per_transaction × max_connections): smaller groups leave room for more gateways
    // on SQLite a commit's flush to disk costs as much as writing a few hundred receipts
    this.maxGroup = options.maxGroup ?? (writer.dialect === 'postgresql' ? 128 : 1_024);
    this.contendedGroup = Math.min(this.maxGroup, options.contendedGroup ?? 64);
    this.contended = writer.dialect === 'sqlite' && options.contended ? options.contended : () => false;
  }

  /**
   * Writes the work in the next group. `footprint` names what it will read and change (see
   * {@link Footprint}); without one it still works, its reads made one by one.
   */
  run<T>(work: SessionWork<T>, footprint?: () => Footprint): Promise<T> {
    const [written] = this.runAll([{ work, footprint }]);
    return written;
  }

  /**
   * Writes several works, queued together so that they share as few groups as possible (a batch
   * import's receipts); each still settles on its own, exactly as with {@link run}.
   */
  runAll<T>(works: ReadonlyArray<{ work: SessionWork<T>; footprint?: () => Footprint }>): Array<Promise<T>> {
    const written = works.map(
      ({ work, footprint }) =>
        new Promise<T>((resolve, reject) => {
          this.pending.push({ work, footprint, resolve: resolve as (value: unknown) => void, reject });
        }),
    );
    if (!this.scheduled && works.length) {
      this.scheduled = true;
      // let the deliveries that arrive in this turn of the event loop join the same group
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    }
    return written;
  }

  private pump(): void {
    while (this.active < this.writer.concurrency && this.pending.length) {
      const contended = this.contended();
      const group = this.pending.splice(0, contended ? this.contendedGroup : this.maxGroup);
      this.active++;
      void this.commit(group).finally(() => {
        this.active--;
        // the requests that arrived while the group held the thread are read before the next one
        if (contended) setImmediate(() => this.pump());
        else this.pump();
      });
    }
  }

  private async commit(group: Job[]): Promise<void> {
    try {
      const [results] = await this.writer.transaction([() => this.groupWork(group)]);
      this.onCommitted();
      group.forEach((job, i) => job.resolve(results[i]));
      return;
    } catch (error) {
      if (group.length === 1 || isUnavailable(error)) {
        if (group.length === 1 && isConflict(error)) return this.alone(group[0], 1);
        for (const job of group) job.reject(error);
        return;
      }
    }
    for (const job of group) await this.alone(job, 0);
  }

  private async alone(job: Job, attempt: number): Promise<void> {
    try {
      const [[result]] = await this.writer.transaction([() => this.groupWork([job])]);
      this.onCommitted();
      job.resolve(result);
    } catch (error) {
      if (attempt < 2 && isConflict(error)) return this.alone(job, attempt + 1);
      job.reject(error);
    }
  }

  private *groupWork(group: readonly Job[]): Work<unknown[]> {
    const postgres = this.writer.dialect === 'postgresql';
    const session = new BatchedSession(this.writer, postgres ? postgresBatch : sqliteBatch, new Date());
    const footprints = group.map((job) => job.footprint?.() ?? emptyFootprint());
    if (postgres) {
      // SQLite has one writer at a time: nothing to lock there
      const keys = advisoryKeys(footprints);
      // sent with the prefetch, which the server runs once it holds them
      if (keys.length) yield deferred(statement(LOCK_KEYS, keys));
    }
    yield* session.prefetch(footprints);
    const results: unknown[] = [];
    for (const job of group) results.push(yield* job.work(session));
    yield* session.flush();
    return results;
  }
}
