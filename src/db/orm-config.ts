import path from 'node:path';

import { DefaultLogger, type LogContext, type LoggerNamespace, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

import type { DatabaseConfig } from '../config/config';
import { projectRoot, runningFromSource } from '../common/project-root';
import { entities } from './entities';

/** Receives every SQL statement the ORM sends (used by tests that count queries). */
export type QueryListener = (sql: string) => void;

class ListeningLogger extends DefaultLogger {
  constructor(
    options: ConstructorParameters<typeof DefaultLogger>[0],
    private readonly listener: QueryListener,
  ) {
    super(options);
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    return namespace === 'query' || super.isEnabled(namespace, context);
  }

  override logQuery(context: { query: string } & LogContext): void {
    this.listener(context.query);
  }
}

/**
 * Longest wait for a PostgreSQL connection to open (or, in a pool already at its size, to come
 * free). Without it, a server cut off by the network (packets dropped, nothing refused) keeps
 * every request waiting as long as the operating system retries; with it, they fail as "database
 * unavailable" (webhooks answer 503) and new connections are tried again on the next request.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

export function migrationsFolder(dialect: DatabaseConfig['dialect'], fromSource = runningFromSource): string {
  const root = projectRoot();
  return fromSource ? path.join(root, 'migrations', dialect) : path.join(root, 'dist', 'migrations', dialect);
}

export interface OrmOptions {
  onQuery?: QueryListener;
  /** Migrations from the TypeScript sources rather than the build (dev tools, tests). */
  fromSource?: boolean;
  poolMax?: number;
  /** Where the ORM's own messages (migrations applied) go; silent when absent. */
  log?: (message: string) => void;
  /**
   * Whether the migrator reads and writes the committed schema snapshot (`.snapshot.json`): only
   * the migration tool does. A gateway applying migrations at start neither needs it nor may
   * write into its migrations folder, and reading back a schema that ANALYZE gave SQLite's
   * untyped statistics tables fails in the ORM.
   */
  migrationSnapshot?: boolean;
}

/** MikroORM options for one database: embedded SQLite (libsql) or PostgreSQL. */
export function ormOptions(db: DatabaseConfig, options: OrmOptions = {}): Options {
  const fromSource = options.fromSource ?? runningFromSource;
  const common: Options = {
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ensureDatabase: false,
    migrations: {
      path: migrationsFolder(db.dialect, fromSource),
      pathTs: migrationsFolder(db.dialect, true),
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: options.migrationSnapshot ?? false,
      snapshotName: '.snapshot',
      emit: 'ts',
      fileName: (timestamp, name) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
    preferTs: fromSource,
    debug: false,
    colors: false,
    logger: options.log ?? (() => undefined),
    ...(options.onQuery
      ? { loggerFactory: (loggerOptions) => new ListeningLogger(loggerOptions, options.onQuery!) }
      : {}),
  };
  if (db.dialect === 'sqlite') {
    return { ...common, driver: LibSqlDriver, dbName: db.file };
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    dbName: db.dbName,
    pool: { min: 0, max: options.poolMax ?? 10 },
    driverOptions: { connection: { connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS } },
  };
}
