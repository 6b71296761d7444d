/**
 * Baseline (b): Fastify + Mercurius with graphql-jit (`jit: 1`: compiled after the first run of a
 * query), over the same hand-written SQL and the same per-request DataLoaders as baseline (a).
 */
import Fastify from 'fastify';
import mercurius, { type IResolvers } from 'mercurius';

import { readServerConfig, runServerChild } from './common';
import { BASELINE_SDL, baselineResolvers, createBaselineLoaders, createSqlBackend } from './sql-backend';

runServerChild(async () => {
  const config = readServerConfig();
  const backend = createSqlBackend(config.db, config.poolMax);
  const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
  await app.register(mercurius, {
    schema: BASELINE_SDL,
    resolvers: baselineResolvers(backend) as unknown as IResolvers,
    jit: 1,
    path: '/graphql',
    graphiql: false,
    context: () => ({ loaders: createBaselineLoaders(backend) }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('fastify did not report a TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    stop: async () => {
      await app.close();
      await backend.close();
    },
  };
});
