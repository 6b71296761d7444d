import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import express, { type Router } from 'express';
import type { Logger } from 'pino';

import { Role } from '../auth/role';
import { isUnavailable } from '../db/database-errors';
import type { SqlReader } from '../db/sql-reader';
import { fail, importCaller } from '../server/import-caller';
import type { Services } from '../server/services';
import { importCatalogCsv } from './catalog-import';

/**
 * `POST /catalog/imports`: a catalog CSV (`text/csv`, header `sku,title[,cost,currency]`),
 * streamed, with an ADMIN bearer key. Answers `{ accepted, rejected: [{ line, code, message }] }`;
 * 400 `INVALID_HEADER` and 413 `TOO_MANY_LINES` refuse the file whole. See importCatalogCsv.
 */
export function catalogImportRouter(orm: MikroORM, reader: SqlReader, services: Services, log: Logger): Router {
  const router = express.Router();
  router.post('/catalog/imports', async (req, res, next) => {
    try {
      const caller = await importCaller(req, res, orm, reader, services);
      if (!caller) return;
      if (caller.role !== Role.ADMIN) return fail(res, 403, 'FORBIDDEN', `${caller.role} keys may not import the catalog; needs ADMIN`);
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'text/csv') return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', `send text/csv, not "${type || 'nothing'}"`);
      const result = await importCatalogCsv(orm.em.fork() as SqlEntityManager, services.catalog, req as AsyncIterable<Buffer>, log);
      if (result.ok) return void res.json(result.report);
      // the rest of the body is left unread: the connection closes after the answer
      res.set('connection', 'close');
      fail(res, result.status, result.code, result.message);
    } catch (error) {
      // the client went away mid-upload: nothing was stored, and there is no one to answer
      if (req.destroyed && (error as NodeJS.ErrnoException)?.code === 'ECONNRESET') return void log.info({ requestId: req.requestId }, 'catalog import cut short by the client; nothing stored');
      if (isUnavailable(error)) {
        res.status(503).set('retry-after', '5').json({ error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry later' } });
        return;
      }
      next(error);
    }
  });
  return router;
}
