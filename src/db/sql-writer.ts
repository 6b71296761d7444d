import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type Database from 'libsql';
import { Pool, type PoolClient } from 'pg';

import type { DatabaseConfig } from '../config/config';
import { POSTGRES_CONNECT_TIMEOUT_MS } from './orm-config';
import { runPipeline, type PipelineStatement } from './pg-pipeline';
import { MAX_STATEMENTS, PreparedStatements } from './prepared-statements';
import type { Row } from './sql-reader';

/** One SQL statement with `?` placeholders. Dates and booleans are bound as each dialect stores them. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /**
   * Run for its effect only: the work gets no rows back, and the writer may hold the statement
   * and send it with the next one or with the commit (PostgreSQL: in one pipeline, one round trip
   * for all of them). Its error then fails the statement it went with, and the transaction.
   */
  readonly deferred?: boolean;
}

export function statement(sql: string, ...params: unknown[]): Statement {
  return { sql, params };
}

/** The statement, for its effect only (see {@link Statement.deferred}). */
export function deferred(stmt: Statement): Statement {
  return { ...stmt, deferred: true };
}

/**
 * A unit of work written as a generator: it yields the statements it needs, receives each
 * statement's rows, and returns its result. The same code then runs synchronously inside one
 * SQLite transaction and asynchronously over a PostgreSQL connection.
 *
 * @example
 * function* countOrders(channelId: number): Work<number> {
 *   const [row] = yield statement('select count(*) as n from "order" where channel_id = ?', channelId);
 *   return Number(row.n);
 * }
 */
export type Work<T> = Generator<Statement, T, Row[]>;

/** How values come back from each dialect. */
export interface Decoder {
  readonly dialect: DatabaseConfig['dialect'];
  date(value: unknown): Date | null;
  /** A json column's value (SQLite keeps the text). */
  json(value: unknown): unknown;
}

/**
 * The gateway's write path: hand-written statements through the same drivers the ORM uses, one
 * transaction for a whole group of works. All of a group commits or none of it does.
 */
export interface SqlWriter extends Decoder {
  /** Runs the works in one transaction, in order. */
  transaction<T>(works: ReadonlyArray<() => Work<T>>): Promise<T[]>;
  /** Transactions that may run at once. */
  readonly concurrency: number;
  close(): Promise<void>;
}

/** Raised when the database stays locked by another process for longer than the wait allowed. */
export class DatabaseBusyError extends Error {
  readonly code = 'SQLITE_BUSY';
}

const SQLITE_LOCK_WAIT_MS = 5_000;
/**
 * The busy timeout of the ORM's statements on the connection the write path borrows. The write
 * path's own `begin immediate` runs with none: a lock held by another connection (the checkpoint
 * worker's RESTART, which holds writers off while it copies the log and syncs the database file;
 * a second process) is retried from a timer, never waited for asleep on the gateway's one thread.
 */
const ORM_BUSY_TIMEOUT_MS = 50;

function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

function returnsRows(sql: string): boolean {
  return /^\s*(select|with)\b/i.test(sql) || /\breturning\b/i.test(sql);
}

interface SqliteStatement {
  statement: Database.Statement;
  /** How its result is read: rows, the new row's id (an insert `returning id`), or nothing. */
  result: 'rows' | 'id' | 'none';
}

const RETURNING_ID = /\s+returning\s+id\s*$/i;

/**
 * SQLite: the ORM's own connection, borrowed from its pool for each group, so the ORM's writes and
 * these never wait on each other's locks. A group runs synchronously from `begin` to `commit`:
 * no other code runs while the write lock is held.
 */
class SqliteWriter implements SqlWriter {
  readonly dialect = 'sqlite' as const;
  /** SQLite has one writer: transactions never overlap, so no key needs a lock. */
  readonly concurrency = 1;
  /** Prepared statements per connection: the pool replaces its connection now and then. */
  private readonly prepared = new WeakMap<Database.Database, Map<string, SqliteStatement>>();

  /**
   * @param backgroundCheckpoints another thread checkpoints the file (see SqliteCheckpoints): the
   * connections here never do at commit
   */
  constructor(
    private readonly orm: MikroORM,
    private readonly backgroundCheckpoints = false,
  ) {}

  private get client(): { acquireConnection(): Promise<Database.Database>; releaseConnection(c: Database.Database): Promise<void> } {
    return (this.orm.em.getConnection() as AbstractSqlConnection).getKnex().client;
  }

  private statements(db: Database.Database): Map<string, SqliteStatement> {
    let cache = this.prepared.get(db);
    if (!cache) {
      // a connection the pool just opened: the settings each connection needs
      db.exec('pragma foreign_keys = on');
      db.exec(`pragma busy_timeout = ${ORM_BUSY_TIMEOUT_MS}`);
      if (this.backgroundCheckpoints) db.exec('pragma wal_autocheckpoint = 0');
      cache = new Map();
      this.prepared.set(db, cache);
    }
    return cache;
  }

  private run(db: Database.Database, cache: Map<string, SqliteStatement>, stmt: Statement): Row[] {
    let entry = cache.get(stmt.sql);
    if (!entry) {
      if (cache.size >= MAX_STATEMENTS) cache.clear();
      // an insert returning only its id is run plainly and read back by rowid: twice as fast
      entry = RETURNING_ID.test(stmt.sql)
        ? { statement: db.prepare(stmt.sql.replace(RETURNING_ID, '')), result: 'id' }
        : { statement: db.prepare(stmt.sql), result: returnsRows(stmt.sql) ? 'rows' : 'none' };
      cache.set(stmt.sql, entry);
    }
    const params = stmt.params.map(sqliteValue);
    if (entry.result === 'rows') return entry.statement.all(params as never) as Row[];
    const info = entry.statement.run(params as never) as { lastInsertRowid: number | bigint };
    return entry.result === 'id' ? [{ id: Number(info.lastInsertRowid) }] : [];
  }

  async transaction<T>(works: ReadonlyArray<() => Work<T>>): Promise<T[]> {
    const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
    for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
      const results = await this.attempt(works);
      if (results !== BUSY) return results;
      // another process (a second gateway, the import command) is writing: wait without blocking
      if (Date.now() > deadline) throw new DatabaseBusyError('the database stayed locked by another writer');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt<T>(works: ReadonlyArray<() => Work<T>>): Promise<T[] | typeof BUSY> {
    const client = this.client;
    const db = await client.acquireConnection();
    try {
      const cache = this.statements(db);
      // a lock held elsewhere is met at once and waited for by the caller's timer: SQLite's busy
      // handler would sleep on this thread, which is every request's
      db.exec('pragma busy_timeout = 0');
      try {
        // not a prepared statement: one that fails with SQLITE_BUSY is left unreset by the driver
        // and keeps the read snapshot it took, so that every later read on this connection (the
        // ORM's) would go on seeing the database as it was then
        db.exec('begin immediate');
      } catch (error) {
        if (isBusy(error)) return BUSY;
        throw error;
      } finally {
        db.exec(`pragma busy_timeout = ${ORM_BUSY_TIMEOUT_MS}`);
      }
      try {
        const results = works.map((work) => drive(work(), (stmt) => this.run(db, cache, stmt)));
        this.run(db, cache, statement('commit'));
        return results;
      } catch (error) {
        if (db.inTransaction) db.exec('rollback');
        throw error;
      }
    } finally {
      await client.releaseConnection(db);
    }
  }

  date(value: unknown): Date | null {
    return value === null || value === undefined ? null : new Date(Number(value));
  }

  json(value: unknown): unknown {
    return typeof value === 'string' ? JSON.parse(value) : value;
  }

  async close(): Promise<void> {}
}

const BUSY = Symbol('busy');

function isBusy(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return /SQLITE_BUSY|database is locked/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

function drive<T>(work: Work<T>, exec: (stmt: Statement) => Row[]): T {
  let step = work.next();
  while (!step.done) {
    let rows: Row[];
    try {
      rows = exec(step.value);
    } catch (error) {
      // the work may not catch a database error: the transaction is lost either way
      work.return(undefined as T);
      throw error;
    }
    step = work.next(rows);
  }
  return step.value;
}

/**
 * The settings of the PostgreSQL write path's connections. Every statement there looks rows up by
 * keys it has in hand (a group names at most a few hundred), each backed by an index. A plan may
 * not scan whole tables instead: not a generic plan, nor one from statistics that lag a table
 * growing by thousands of rows a second. Nor a bitmap scan: without statistics the planner takes
 * `channel_id = ?` for a few rows and ANDs the channel's whole (channel_id, external_id) index
 * with a customer's (customer_id, placed_at) entries, reading every order of the channel to find
 * one customer's first order; an index scan walks the customer's entries and stops at the first.
 * Nor JIT compilation: estimates from no statistics grow with the tables past `jit_above_cost`,
 * and a statement planned afresh each time was then compiled each time (25-60 ms) to run in 1 ms.
 */
export const POSTGRES_WRITE_OPTIONS = '-c plan_cache_mode=force_custom_plan -c enable_seqscan=off -c enable_bitmapscan=off -c jit=off';

/** Sent unnamed: nothing to prepare. */
const BEGIN: PipelineStatement = { text: 'begin', values: [] };
const COMMIT: PipelineStatement = { text: 'commit', values: [] };

/**
 * PostgreSQL: a few connections of its own with named prepared statements. Transactions that
 * run at once are kept apart by the works themselves (advisory locks, row locks).
 */
class PostgresWriter implements SqlWriter {
  readonly dialect = 'postgresql' as const;
  private readonly pool: Pool;
  private readonly statements = new PreparedStatements('sgw_');

  constructor(
    url: string,
    readonly concurrency: number,
  ) {
    this.pool = new Pool({
      connectionString: url,
      max: concurrency,
      options: POSTGRES_WRITE_OPTIONS,
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    });
    this.pool.on('error', () => undefined);
  }


  /** Sends the statements held back and `last` in one pipeline: `last`'s rows. */
  private run(client: PoolClient, held: Array<Statement | PipelineStatement>, last: Statement | PipelineStatement): Promise<Row[]> {
    const statements = [...held.splice(0), last].map((stmt): PipelineStatement => {
      if (!('sql' in stmt)) return stmt;
      const { name, text } = this.statements.of(stmt.sql);
      return { name, text, values: stmt.params.map((p) => (p === undefined ? null : p)) };
    });
    return runPipeline(client, statements);
  }

  async transaction<T>(works: ReadonlyArray<() => Work<T>>): Promise<T[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // a connection lost while checked out also emits 'error' on the client (its statement fails
    // too): unheard, that event would end the process
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      // the begin goes with the first statement whose rows a work reads; statements for their
      // effect only wait for the next such statement, or the commit
      const held: Array<Statement | PipelineStatement> = [BEGIN];
      try {
        const results: T[] = [];
        for (const make of works) {
          const work = make();
          let step = work.next();
          while (!step.done) {
            let rows: Row[];
            try {
              if (step.value.deferred) {
                held.push(step.value);
                rows = [];
              } else {
                rows = await this.run(client, held, step.value);
              }
            } catch (error) {
              work.return(undefined as T);
              throw error;
            }
            step = work.next(rows);
          }
          results.push(step.value);
        }
        await this.run(client, held, COMMIT);
        return results;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      }
    } catch (error) {
      if (!broken && isConnectionError(error)) broken = error as Error;
      throw error;
    } finally {
      client.removeListener('error', onError);
      // a connection that failed is closed rather than handed out again
      client.release(broken);
    }
  }

  date(value: unknown): Date | null {
    if (value === null || value === undefined) return null;
    return value instanceof Date ? value : new Date(value as string);
  }

  json(value: unknown): unknown {
    return value;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return !code || /^(ECONN|ETIMEDOUT|EPIPE|57P|08)/.test(code);
}

/**
 * Connections the PostgreSQL write path uses (besides the ORM's and the reader's). A group is two
 * round trips (its locks and reads, then its writes and the commit, each one pipeline), and while
 * one connection waits for the gateway's thread to work out a group's rows, or for another group's
 * advisory locks, another writes. 200,000-line imports, alternating: 19,890 / 18,722 lines/s on
 * three, 18,673 / 18,706 on two, 19,723 / 20,193 on four (within the spread of runs, for one more
 * connection per gateway).
 */
const POSTGRES_WRITE_CONNECTIONS = 3;

/** The write path; on SQLite, `backgroundCheckpoints` when a SqliteCheckpoints runs for the file. */
export function createSqlWriter(db: DatabaseConfig, orm: MikroORM, options: { backgroundCheckpoints?: boolean } = {}): SqlWriter {
  return db.dialect === 'postgresql' ? new PostgresWriter(db.url, POSTGRES_WRITE_CONNECTIONS) : new SqliteWriter(orm, options.backgroundCheckpoints);
}
