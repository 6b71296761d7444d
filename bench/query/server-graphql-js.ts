/**
 * Baseline (a): plain graphql-js over node:http. The document is parsed and validated once per
 * distinct query text (a Map cache); resolvers run the hand-written batched SQL of sql-backend.ts.
 * No authentication (the gateway does one API-key lookup per request; see the results' notes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildSchema, execute, GraphQLObjectType, parse, validate, type DocumentNode, type GraphQLFieldResolver } from 'graphql';

import { readServerConfig, runServerChild } from './common';
import { BASELINE_SDL, baselineResolvers, createBaselineLoaders, createSqlBackend, type BaselineContext } from './sql-backend';

runServerChild(async () => {
  const config = readServerConfig();
  const backend = createSqlBackend(config.db, config.poolMax);
  const schema = buildSchema(BASELINE_SDL);
  const resolvers = baselineResolvers(backend) as Record<string, Record<string, GraphQLFieldResolver<unknown, BaselineContext>>>;
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`no object type ${typeName}`);
    const defined = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) defined[fieldName].resolve = resolve;
  }

  const documents = new Map<string, DocumentNode>();
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string };
        try {
          payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return reply(res, 400, { errors: [{ message: 'malformed JSON' }] });
        }
        if (typeof payload.query !== 'string') return reply(res, 400, { errors: [{ message: 'query missing' }] });
        let document = documents.get(payload.query);
        if (!document) {
          let parsed: DocumentNode;
          try {
            parsed = parse(payload.query);
          } catch (error) {
            return reply(res, 400, { errors: [{ message: (error as Error).message }] });
          }
          const errors = validate(schema, parsed);
          if (errors.length) return reply(res, 400, { errors });
          document = parsed;
          documents.set(payload.query, document);
        }
        try {
          const result = await execute({
            schema,
            document,
            variableValues: payload.variables,
            operationName: payload.operationName,
            contextValue: { loaders: createBaselineLoaders(backend) } satisfies BaselineContext,
          });
          reply(res, 200, result);
        } catch (error) {
          reply(res, 500, { errors: [{ message: (error as Error).message }] });
        }
      })();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
});
