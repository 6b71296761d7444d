import type { IncomingMessage, ServerResponse } from 'node:http';

import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';

import { isUnavailable } from '../db/database-errors';
import { BodyError, httpErrorBody, readBody } from '../server/graphql-http';
import type { Metrics } from '../server/metrics';
import { requestIdFrom } from '../server/request-id';
import type { IngestService, WebhookReply } from './ingest.service';

const ROUTE = '/channels/:code/webhooks';
const UNAVAILABLE: WebhookReply = {
  status: 503,
  headers: { 'retry-after': '5' },
  body: { error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry later' } },
};

/** Header names lower-cased, repeated headers joined, as plugins expect them. */
function flatHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * `POST /channels/{code}/webhooks` through Express: one raw payload exactly as the channel sends
 * it. The body is kept as bytes (signatures are computed over them) up to the configured limit
 * (413 beyond). The gateway serves the usual spelling of the path ahead of Express
 * ({@link webhookHttpHandler}); this route answers the rest the same way.
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
        res.status(UNAVAILABLE.status).set(UNAVAILABLE.headers).json(UNAVAILABLE.body);
        return;
      }
      next(error);
    }
  };
  router.post(ROUTE, express.raw({ type: () => true, limit: bodyLimitBytes }), handler);
  return router;
}

const WEBHOOK_PATH = /^\/channels\/([^/?#]+)\/webhooks\/?(?:\?.*)?$/;

/** The channel code of a `POST /channels/{code}/webhooks` request, or null for any other request. */
export function webhookChannelCode(req: IncomingMessage): string | null {
  if (req.method !== 'POST') return null;
  const match = WEBHOOK_PATH.exec(req.url ?? '');
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export interface WebhookHttpOptions {
  ingest: IngestService;
  log: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
}

/**
 * The webhook route served straight from node:http, ahead of the Express middleware chain (the
 * hot path of ingestion): request id, metrics, body limit and answers exactly as the Express
 * route gives them.
 */
export function webhookHttpHandler(options: WebhookHttpOptions): (req: IncomingMessage, res: ServerResponse, channelCode: string) => void {
  const { ingest, log, metrics, bodyLimitBytes } = options;

  const write = (res: ServerResponse, status: number, body: string, headers?: Record<string, string>) => {
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, channelCode: string, requestId: string): Promise<void> => {
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, bodyLimitBytes);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      return write(res, status, httpErrorBody(status, (error as Error).message));
    }
    let reply: WebhookReply;
    try {
      reply = await ingest.receive({ channelCode, headers: flatHeaders(req.headers), rawBody });
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      log.warn({ err: error, requestId }, 'webhook refused: database unavailable');
      reply = UNAVAILABLE;
    }
    write(res, reply.status, JSON.stringify(reply.body), reply.headers);
  };

  return (req, res, channelCode) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const done = metrics.httpTimer();
    res.once('finish', () => done('POST', ROUTE, res.statusCode));
    handle(req, res, channelCode, requestId).catch((error: unknown) => {
      log.error({ err: error, requestId }, 'unexpected error');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      write(res, 500, httpErrorBody(500, 'Internal server error'));
    });
  };
}
