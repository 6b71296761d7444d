import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import type { Caller } from '../auth/caller';
import type { SqlReader } from '../db/sql-reader';
import { unauthenticated } from '../common/errors';
import { Loaders } from './loaders';
import type { RequestContext } from './request-context';
import type { Services } from './services';

/** Reads `Bearer <key>` (the scheme is case-insensitive). */
export function bearerSecret(authorization: unknown): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : null;
}

export interface ContextDeps {
  orm: MikroORM;
  reader: SqlReader;
  services: Services;
  log: Logger;
}

/** Finds the caller of a bearer header; throws UNAUTHENTICATED (HTTP 401) without a valid key. */
export async function authenticate(deps: ContextDeps, authorization: unknown): Promise<Caller> {
  const secret = bearerSecret(authorization);
  if (!secret) throw unauthenticated();
  const caller = await deps.services.apiKeys.authenticate(deps.reader, deps.orm, secret);
  if (!caller) throw unauthenticated('the API key is unknown or revoked');
  return caller;
}

/** The one place a request context is built: a forked EntityManager, the caller, lazy loaders. */
export function buildContext(deps: ContextDeps, caller: Caller, requestId: string): RequestContext {
  const em = deps.orm.em.fork() as SqlEntityManager;
  return {
    requestId,
    em,
    caller,
    reader: deps.reader,
    loaders: new Loaders(em, deps.reader, caller),
    services: deps.services,
    log: deps.log.child({ requestId }),
  };
}
