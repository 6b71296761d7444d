import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';

const SAFE_ID = /^[\w.:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** The caller's X-Request-Id when it is sane, else a new one. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** Takes the caller's X-Request-Id when it is sane, else makes one; echoes it on the response. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    req.requestId = requestIdFrom(req.header('x-request-id'));
    res.setHeader('x-request-id', req.requestId);
    next();
  };
}
