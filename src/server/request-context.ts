import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import type { Caller } from '../auth/caller';
import type { SqlReader } from '../db/sql-reader';
import type { Services } from './services';
import type { Loaders } from './loaders';

/** Everything a resolver may use for one request, built in one place (see createContextFactory). */
export interface RequestContext {
  readonly requestId: string;
  readonly em: EntityManager;
  readonly caller: Caller;
  /** The lean read path (hand-written SQL, prepared statements) for list queries. */
  readonly reader: SqlReader;
  readonly loaders: Loaders;
  readonly services: Services;
  readonly log: Logger;
}
