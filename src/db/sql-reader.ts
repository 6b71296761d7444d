import type { MikroORM } from '@mikro-orm/core';
import Database from 'libsql';
import { Pool } from 'pg';

import type { DatabaseConfig } from '../config/config';
import { POSTGRES_CONNECT_TIMEOUT_MS } from './orm-config';
import { MAX_STATEMENTS, PreparedStatements } from './prepared-statements';

export type Row = Record<string, unknown>;

/**
 * The gateway's lean read path: hand-written SQL (`?` placeholders) run through the same
 * drivers the ORM uses, with prepared statements kept per SQL text. The GraphQL list queries and
 * their DataLoaders read through it; every write goes through the ORM's unit of work.
 */
export interface SqlReader {
  readonly dialect: DatabaseConfig['dialect'];
  all(sql: string, params?: readonly unknown[], options?: ReadOptions): Promise<Row[]>;
  /** A Date as the dialect stores it (SQLite: epoch milliseconds; PostgreSQL: timestamptz). */
  date(value: Date): unknown;
  close(): Promise<void>;
}

export interface ReadOptions {
  /**
   * The statement reads a range of the primary key in key order (`where id > ? order by id limit
   * n`, the event log after a cursor), and must never read the table whole instead. PostgreSQL
   * runs it on connections that do not plan table scans or bitmap scans, whatever its statistics
   * say: the event log starts empty and grows by every write, and statistics taken while it held a
   * row or two (or never refreshed, where autovacuum is off or behind) estimate a handful of rows
   * past any cursor, for which a scan and a sort look cheapest, and that plan then reads the whole
   * log several times a second. SQLite always searches the key for such a statement.
   */
  seek?: boolean;
}

/** SQLite: a second connection on the same file (WAL lets readers run beside the writer). */
class SqliteReader implements SqlReader {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file, { timeout: 5000 } as never);
    this.db.exec('pragma busy_timeout = 5000');
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(params.map((p) => (typeof p === 'boolean' ? Number(p) : p)) as never) as Row[];
  }

  date(value: Date): unknown {
    return value.getTime();
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}

/** PostgreSQL: a small pool of its own, with named prepared statements. */
class PostgresReader implements SqlReader {
  readonly dialect = 'postgresql' as const;
  private readonly pool: Pool;
  /** Two connections for the key-range reads (ReadOptions.seek), made on the first one. */
  private seekPool: Pool | null = null;
  private readonly statements = new PreparedStatements('sg_');

  constructor(
    private readonly url: string,
    max: number,
  ) {
    // No JIT compilation: it is paid per execution (a summary over 20,000 orders took 395 ms with
    // it, 64 ms without), and the statements here answer interactive requests.
    this.pool = this.newPool(max, '-c jit=off');
  }

  private newPool(max: number, options: string): Pool {
    const pool = new Pool({ connectionString: this.url, max, options, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
    // an idle connection cut by the server (a restart) is dropped by the pool; without a listener
    // its 'error' event would end the process
    pool.on('error', () => undefined);
    return pool;
  }


  async all(sql: string, params: readonly unknown[] = [], options: ReadOptions = {}): Promise<Row[]> {
    const { name, text } = this.statements.of(sql);
    const pool = options.seek ? (this.seekPool ??= this.newPool(2, '-c jit=off -c enable_seqscan=off -c enable_bitmapscan=off')) : this.pool;
    const result = await pool.query({ name, text, values: params as unknown[] });
    return result.rows as Row[];
  }

  date(value: Date): unknown {
    return value;
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.seekPool?.end()]);
  }
}

/** An in-memory SQLite database has one connection only: read through the ORM's. */
class OrmConnectionReader implements SqlReader {
  readonly dialect = 'sqlite' as const;

  constructor(private readonly orm: MikroORM) {}

  all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.orm.em.getConnection().execute<Row[]>(sql, params as unknown[]);
  }

  date(value: Date): unknown {
    return value.getTime();
  }

  async close(): Promise<void> {}
}

/** Reports every statement to a listener (tests count them), then runs it. */
function listening(reader: SqlReader, onQuery: (sql: string) => void): SqlReader {
  return {
    dialect: reader.dialect,
    all: (sql, params, options) => {
      onQuery(sql);
      return reader.all(sql, params, options);
    },
    date: (value) => reader.date(value),
    close: () => reader.close(),
  };
}

export function createSqlReader(
  db: DatabaseConfig,
  orm: MikroORM,
  options: { poolMax?: number; onQuery?: (sql: string) => void } = {},
): SqlReader {
  const reader =
    db.dialect === 'postgresql'
      ? new PostgresReader(db.url, options.poolMax ?? 8)
      : db.file === ':memory:'
        ? new OrmConnectionReader(orm)
        : new SqliteReader(db.file);
  return options.onQuery ? listening(reader, options.onQuery) : reader;
}

const placeholderLists: string[] = [];

/** `?, ?, ?` for a list of n values. */
export function placeholders(n: number): string {
  if (n > 1000) return Array.from({ length: n }, () => '?').join(', ');
  return (placeholderLists[n] ??= Array.from({ length: n }, () => '?').join(', '));
}
