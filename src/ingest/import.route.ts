import type { IncomingMessage } from 'node:http';

import type { MikroORM } from '@mikro-orm/core';
import express, { type Router } from 'express';
import type { Logger } from 'pino';

import { Role } from '../auth/role';
import { Channel } from '../channels/channel.entity';
import { isUnavailable } from '../db/database-errors';
import type { SqlReader } from '../db/sql-reader';
import { fail, importCaller } from '../server/import-caller';
import type { Services } from '../server/services';
import type { PluginRegistry } from './plugin-registry';

/** `POST /channels/{code}/imports`, query string aside. */
const IMPORT_PATH = /^\/channels\/[^/?]+\/imports\/?(?:\?|$)/;

/** True for a batch import request (the route below), before any routing. */
export function isImportPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && IMPORT_PATH.test(req.url ?? '');
}

/**
 * `POST /channels/{code}/imports`: a batch file (`text/csv`…) for a plugin that takes batches,
 * streamed through the plugin's reader (never buffered whole). Bearer key of ADMIN or of that
 * channel's PARTNER. Answers `{ accepted, duplicates, rejected: [{ line, code, message }] }`.
 */
export function importRouter(orm: MikroORM, reader: SqlReader, services: Services, plugins: PluginRegistry, log: Logger): Router {
  const imports = services.imports;
  const router = express.Router();
  router.post('/channels/:code/imports', async (req, res, next) => {
    try {
      const caller = await importCaller(req, res, orm, reader, services);
      if (!caller) return;
      const channel = await orm.em.fork().findOne(Channel, { code: String(req.params.code) });
      if (!channel) return fail(res, 404, 'UNKNOWN_CHANNEL', `no channel with code "${req.params.code}"`);
      if (caller.role !== Role.ADMIN && !(caller.role === Role.PARTNER && caller.channelId === channel.id)) {
        return fail(res, 403, 'FORBIDDEN', `${caller.role} keys may not import into channel "${channel.code}"`);
      }
      if (!channel.enabled) return fail(res, 403, 'CHANNEL_DISABLED', `channel "${channel.code}" is disabled`);
      const plugin = plugins.get(channel.plugin);
      if (!plugin?.batch) return fail(res, 415, 'NO_BATCH_IMPORT', `the plugin "${channel.plugin}" takes no batch files`);
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!plugin.batch.contentTypes.includes(type)) {
        return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', `send ${plugin.batch.contentTypes.join(' or ')}, not "${type || 'nothing'}"`);
      }
      const length = Number(req.headers['content-length']);
      const report = await imports.run(channel, plugin, req as AsyncIterable<Buffer>, {
        pluginFile: plugins.fileOf(plugin.name),
        bytes: Number.isSafeInteger(length) ? length : undefined,
      });
      res.json(report);
    } catch (error) {
      if (isUnavailable(error)) {
        res.status(503).set('retry-after', '5').json({ error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry later' } });
        return;
      }
      next(error);
    }
  });
  return router;
}
