import type { IncomingMessage, ServerResponse } from 'node:http';

import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';

import type { Metrics } from './metrics';
import type { LaneOperation, QueryFastLane } from './query-fast-lane';
import type { QueryLimits } from './query-limits';
import { requestRefusal } from './request-limits';
import type { RequestContext } from './request-context';
import { requestIdFrom } from './request-id';

const GRAPHQL_PATH = '/graphql';
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * True for the requests the GraphQL HTTP path serves ahead of Express: POST /graphql with an
 * uncompressed JSON body in UTF-8. Anything else (another content type, a compressed body, a
 * different spelling of the path) takes the Express route, which answers it as before.
 */
export function isGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (!url.startsWith(GRAPHQL_PATH) || (url.length > GRAPHQL_PATH.length && url[GRAPHQL_PATH.length] !== '?')) return false;
  const type = req.headers['content-type'];
  if (type === undefined || !JSON_CONTENT_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.toLowerCase() === 'identity';
}

/** A request the GraphQL path refuses before Apollo sees it (body too large, not JSON). */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The whole body, or a 413 BodyError once it exceeds `limit` bytes (the rest is drained). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () =>
      tooLarge
        ? reject(new BodyError(413, 'request entity too large'))
        : resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)),
    );
    req.once('error', reject);
  });
}

/** Parses a JSON body as Express's json parser does in strict mode: an object or an array; empty is `{}`. */
function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw new BodyError(400, `Unexpected token ${first} in JSON at position 0`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, (error as Error).message);
  }
}

/** The JSON error body of requests refused outside GraphQL, the same as the Express routes answer with. */
export function httpErrorBody(status: number, message: string): string {
  const code =
    status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'BAD_REQUEST' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'ERROR';
  const shown = status >= 500 ? 'Internal server error' : message;
  return JSON.stringify({ errors: [{ message: shown, extensions: { code } }], error: { code, message: shown } });
}

export interface GraphqlHttpOptions {
  apollo: ApolloServer<RequestContext>;
  context: (req: IncomingMessage, requestId: string) => Promise<RequestContext>;
  metrics: Metrics;
  log: Logger;
  bodyLimitBytes: number;
  /** Query operations answered without Apollo's per-request pipeline when they succeed (see QueryFastLane). */
  fastLane?: QueryFastLane;
  /** Batches and variables over their limits are refused here, before Apollo or the fast lane. */
  limits?: QueryLimits;
}

/**
 * POST /graphql served straight from node:http: request id, metrics and body limit as the
 * Express routes apply them; a query that succeeds on the fast lane is answered from there,
 * everything else by Apollo Server's own HTTP handling (CSRF prevention, parsing, validation,
 * plugins, error formatting and status codes). Either way the answer is one write.
 */
export function graphqlHttpHandler(options: GraphqlHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, context, metrics, log, bodyLimitBytes, fastLane, limits } = options;
  const JSON_UTF8 = 'application/json; charset=utf-8';

  /** Answers from the fast lane; false (nothing written) when Apollo is to answer instead. */
  const fromLane = async (
    lane: QueryFastLane,
    operation: LaneOperation,
    body: { variables?: unknown },
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<boolean> => {
    const started = process.hrtime.bigint();
    let contextValue: RequestContext;
    try {
      contextValue = await context(req, requestId);
    } catch {
      return false;
    }
    const result = await lane.run(operation, contextValue, body.variables);
    if (!result) return false;
    const text = `${JSON.stringify({ data: result.data, extensions: result.extensions })}\n`;
    metrics.observeOperation('query', operation.name ?? 'anonymous', Number(process.hrtime.bigint() - started) / 1e9, true);
    res.writeHead(200, { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    let body: unknown;
    let bodyBytes = 0;
    try {
      const raw = await readBody(req, bodyLimitBytes);
      bodyBytes = raw.length;
      body = parseJsonBody(raw);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      const text = httpErrorBody(status, (error as Error).message);
      res.writeHead(status, { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const refusal = limits && requestRefusal(limits, body, bodyBytes);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(refusal.text) });
      res.end(refusal.text);
      return;
    }
    const operation = fastLane?.operationFor(body, req.headers.accept);
    if (operation && (await fromLane(fastLane!, operation, body as { variables?: unknown }, req, res, requestId))) return;
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url!;
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body },
      context: () => context(req, requestId),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const done = metrics.httpTimer();
    res.once('finish', () => done(req.method!, GRAPHQL_PATH, res.statusCode));
    handle(req, res, requestId).catch((error: unknown) => {
      log.error({ err: error, requestId }, 'unexpected error');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = httpErrorBody(500, 'Internal server error');
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  };
}
