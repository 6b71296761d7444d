import type { MetadataStorage, MikroORM } from '@mikro-orm/core';
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

/**
 * One request's context. The forked EntityManager and the request's child logger are made on
 * first use: a read served by the lean SQL path needs neither.
 */
class GatewayRequestContext implements RequestContext {
  readonly reader: SqlReader;
  readonly services: Services;
  readonly metadata: MetadataStorage;
  private made: Loaders | undefined;
  private forked: SqlEntityManager | undefined;
  private logger: Logger | undefined;

  constructor(
    private readonly deps: ContextDeps,
    readonly caller: Caller,
    readonly requestId: string,
  ) {
    this.reader = deps.reader;
    this.services = deps.services;
    this.metadata = deps.orm.getMetadata();
  }

  get loaders(): Loaders {
    return (this.made ??= new Loaders(this.metadata, this.deps.reader, this.caller));
  }

  renew(): void {
    this.made = undefined;
    this.forked = undefined;
  }

  get em(): SqlEntityManager {
    return (this.forked ??= this.deps.orm.em.fork() as SqlEntityManager);
  }

  get log(): Logger {
    return (this.logger ??= this.deps.log.child({ requestId: this.requestId }));
  }
}

/** The one place a request context is built: the caller, a forked EntityManager, lazy loaders. */
export function buildContext(deps: ContextDeps, caller: Caller, requestId: string): RequestContext {
  return new GatewayRequestContext(deps, caller, requestId);
}
