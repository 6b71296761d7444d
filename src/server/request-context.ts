import type { MetadataStorage } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import type { Caller } from '../auth/caller';
import type { SqlReader } from '../db/sql-reader';
import type { Services } from './services';
import type { Loaders } from './loaders';

/** Everything a resolver may use for one request, built in one place (see buildContext). */
export interface RequestContext {
  readonly requestId: string;
  /** This request's EntityManager (forked on first use). */
  readonly em: EntityManager;
  readonly caller: Caller;
  /** The lean read path (hand-written SQL, prepared statements) for list queries. */
  readonly reader: SqlReader;
  /** The entities' metadata, for the lean read path's column lists and row mapping. */
  readonly metadata: MetadataStorage;
  readonly loaders: Loaders;
  readonly services: Services;
  readonly log: Logger;
  /**
   * Forgets what this context has read (its EntityManager's identity map, its loaders' caches):
   * a subscription's context lives as long as the subscription, and each event is read fresh.
   */
  renew?(): void;
}
