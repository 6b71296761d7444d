import path from 'node:path';
import { Writable } from 'node:stream';

import type { SqlEntityManager } from '@mikro-orm/knex';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import request from 'supertest';

import { Role } from '../auth/role';
import { loadConfig, type Config } from '../config/config';
import { startGateway, type Gateway } from '../server/gateway';
import { createLogger } from '../server/logger';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_ADMIN_KEY = 'sg_test_admin_key_for_the_suite_only';

/** A partner plugin for tests, loaded the way SALESGRAPH_PLUGINS loads one (by module path). */
export const ACME_PLUGIN = path.resolve(__dirname, '../../test/fixtures/acme-connector');

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  headers: Record<string, string>;
}

export interface TestGateway {
  gateway: Gateway;
  url: string;
  /** Every SQL statement the ORM sent, for counting. */
  sql: string[];
  /** Every structured log line the gateway wrote. */
  logs: Array<Record<string, unknown>>;
  em(): SqlEntityManager;
  http(): ReturnType<typeof request>;
  /** Runs a GraphQL operation over HTTP with a bearer key (the admin's unless given; null for none). */
  gql<TData, TVars>(
    document: TypedDocumentNode<TData, TVars> | DocumentNode | string,
    variables?: TVars,
    key?: string | null,
  ): Promise<GraphQLResponse<TData>>;
  /** Creates an API key of a role through the API and returns its secret. */
  keyFor(role: Role, channelCode?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a real gateway on a fresh database of the suite's dialect, on a free port. */
export async function startTestGateway(overrides: Partial<Config> = {}): Promise<TestGateway> {
  const db: TestDatabase = await createTestDatabase();
  const sql: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    database: db.config,
    adminKey: TEST_ADMIN_KEY,
    // tests run pulls and prunes themselves (gateway.pull.runOnce(), gateway.pruner.runOnce()), never on a timer
    pullIntervalSeconds: 0,
    eventPruneIntervalMinutes: 0,
    payloadPruneIntervalMinutes: 0,
    attributionIntervalSeconds: 0,
    // tests send as fast as they can through one key or channel; those about rate limits set them
    rateLimits: { graphql: null, imports: null, webhooks: null },
    ...overrides,
  };
  const gateway = await startGateway(config, { logger: createLogger('info', sink), onQuery: (q) => sql.push(q) });
  const test: TestGateway = {
    gateway,
    url: gateway.url,
    sql,
    logs,
    em: () => gateway.orm.em.fork() as SqlEntityManager,
    http: () => request(gateway.url),
    async gql(document, variables, key = TEST_ADMIN_KEY) {
      const query = typeof document === 'string' ? document : print(document);
      const req = request(gateway.url).post('/graphql').set('content-type', 'application/json');
      if (key !== null) req.set('authorization', `Bearer ${key}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, headers: res.headers as Record<string, string> };
    },
    async keyFor(role, channelCode) {
      const res = await test.gql<{ createApiKey: { key: string } }, unknown>(
        'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
        { input: { name: `${role} test key`, role, channelCode } },
      );
      if (!res.data?.createApiKey) throw new Error(`could not create a ${role} key: ${JSON.stringify(res.errors)}`);
      return res.data.createApiKey.key;
    },
    async stop() {
      try {
        await gateway.stop();
      } finally {
        await db.drop();
      }
    },
  };
  return test;
}
