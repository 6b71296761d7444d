import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';

import type { QueryLimits } from './query-limits';

/** A POST /graphql request refused as a whole: its status and its JSON body. */
export interface HttpRefusal {
  status: number;
  text: string;
}

function refused(status: number, error: GraphQLError): HttpRefusal {
  return { status, text: `${JSON.stringify({ errors: [error.toJSON()] })}\n` };
}

/**
 * A POST /graphql body refused before any operation in it is looked at: a batch (a JSON array
 * of operations) when batches are off or it holds more than allowed (400), variables over their
 * size limit (413). `bodyBytes`, when known, spares measuring the variables of a body smaller
 * than their limit.
 */
export function requestRefusal(limits: QueryLimits, body: unknown, bodyBytes?: number): HttpRefusal | null {
  const { maxBatch, maxVariablesBytes } = limits.config;
  if (Array.isArray(body)) {
    if (maxBatch <= 1) {
      const message = 'Batched requests (a JSON array of operations) are not accepted: send one operation per request';
      return refused(400, new GraphQLError(message, { extensions: { code: 'BATCHING_NOT_ALLOWED' } }));
    }
    if (body.length > maxBatch) {
      const message = `A batch may hold at most ${maxBatch} operations; this one holds ${body.length}`;
      return refused(400, new GraphQLError(message, { extensions: { code: 'BATCH_TOO_LARGE', operations: body.length, maxBatch } }));
    }
  }
  if (maxVariablesBytes <= 0 || (bodyBytes !== undefined && bodyBytes <= maxVariablesBytes)) return null;
  for (const operation of Array.isArray(body) ? body : [body]) {
    if (typeof operation !== 'object' || operation === null) continue;
    const tooLarge = limits.variablesRefusal((operation as { variables?: unknown }).variables);
    if (tooLarge) return refused(413, tooLarge);
  }
  return null;
}

/** The same refusals on the Express route of POST /graphql (bodies parsed by express.json). */
export function requestLimits(limits: QueryLimits): RequestHandler {
  return (req, res, next) => {
    const refusal = requestRefusal(limits, req.body);
    if (!refusal) return next();
    res.status(refusal.status).type('application/json').send(refusal.text);
  };
}
