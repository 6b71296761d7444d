/**
 * The gateway itself, as `npm start` runs it (Apollo Server 5 + type-graphql + MikroORM +
 * DataLoader, API-key authentication on every request), on a free port.
 */
import 'reflect-metadata';

import type { Config } from '../../src/config/config';
import { startGateway } from '../../src/server/gateway';
import { readServerConfig, runServerChild } from './common';

runServerChild(async () => {
  const child = readServerConfig();
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    database:
      child.db.dialect === 'sqlite'
        ? { dialect: 'sqlite', file: child.db.file, url: `file:${child.db.file}` }
        : { dialect: 'postgresql', url: child.db.url, dbName: child.db.dbName },
    adminKey: child.adminKey,
    plugins: [],
    logLevel: 'warn',
    bodyLimitBytes: 1024 * 1024,
    shutdownTimeoutMs: 2_000,
    // the benchmarks measure how much one gateway serves: one key or channel sends far more than
    // the default limits allow a client
    rateLimits: { graphql: null, imports: null, webhooks: null },
  };
  const gateway = await startGateway(config);
  return { url: `${gateway.url}/graphql`, stop: () => gateway.stop() };
});
