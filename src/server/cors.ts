import type { IncomingMessage, ServerResponse } from 'node:http';

import cors from 'cors';

/** Runs before every route, the node:http ones included; calls `next` unless it answered (a preflight). */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** What a browser page may send and read: the bearer key, JSON, and the request id to quote. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'];
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for browser pages on other origins (the `cors` package): off (null) when no
 * origin is configured, so that no response carries Access-Control-Allow-Origin and a preflight
 * is not granted. `['*']` allows any origin; otherwise only the exact origins listed get their
 * origin reflected (with `Vary: Origin`), and a preflight from any other origin is answered
 * without it, which the browser takes as a refusal. No credentials mode: keys travel in the
 * Authorization header, never in cookies.
 */
export function corsHandler(origins: readonly string[] | undefined): CorsHandler | null {
  if (!origins?.length) return null;
  const middleware = cors({
    origin: origins[0] === '*' ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => middleware(req as never, res as never, () => next());
}
