import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';

const SAFE_ID = /^[\w.:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** Takes the caller's X-Request-Id when it is sane, else makes one; echoes it on the response. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-request-id');
    req.requestId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    next();
  };
}
