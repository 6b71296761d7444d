import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';

import { isUnavailable, type IngestService } from './ingest.service';

/** Header names lower-cased, repeated headers joined, as plugins expect them. */
function flatHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * `POST /channels/{code}/webhooks`: one raw payload exactly as the channel sends it. The body is
 * kept as bytes (signatures are computed over them) up to the configured limit (413 beyond).
 */
export function webhookRouter(ingest: IngestService, log: Logger, bodyLimitBytes: number): Router {
  const router = express.Router();
  const handler: RequestHandler = async (req, res, next) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const reply = await ingest.receive({ channelCode: String(req.params.code), headers: flatHeaders(req.headers), rawBody });
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status).json(reply.body);
    } catch (error) {
      if (isUnavailable(error)) {
        log.warn({ err: error, requestId: req.requestId }, 'webhook refused: database unavailable');
        res.status(503).set('retry-after', '5').json({ error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry later' } });
        return;
      }
      next(error);
    }
  };
  router.post('/channels/:code/webhooks', express.raw({ type: () => true, limit: bodyLimitBytes }), handler);
  return router;
}
