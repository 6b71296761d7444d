import type { MikroORM } from '@mikro-orm/core';
import type express from 'express';

import type { Caller } from '../auth/caller';
import type { SqlReader } from '../db/sql-reader';
import { rateLimitedMessage } from '../rate-limit/rate-limiter';
import { bearerSecret } from './context';
import type { Services } from './services';

/** The JSON error answer of the import routes. */
export function fail(res: express.Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * The caller of an import route (`/channels/{code}/imports`, `/catalog/imports`), with the token
 * its key's import bucket gives; null once the request is answered 401 (no valid key) or 429
 * (over the key's import limit, with Retry-After).
 */
export async function importCaller(req: express.Request, res: express.Response, orm: MikroORM, reader: SqlReader, services: Services): Promise<Caller | null> {
  const secret = bearerSecret(req.headers.authorization);
  const caller = secret ? await services.apiKeys.authenticate(reader, orm, secret) : null;
  if (!caller) {
    fail(res, 401, 'UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer <key>');
    return null;
  }
  const refused = await services.rateLimits.check('imports', caller.keyId, caller.rateLimits?.imports ?? null);
  if (refused) {
    res.set('retry-after', String(refused.retryAfterSeconds));
    fail(res, 429, 'RATE_LIMITED', rateLimitedMessage(refused));
    return null;
  }
  return caller;
}
