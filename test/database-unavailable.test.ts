import { Client } from 'pg';

import { Order } from '../src/orders/order.entity';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { createTempPostgresDatabase, dropPostgresDatabase, POSTGRES_ADMIN_URL } from '../src/testing/postgres';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';

// A dropped database connection is what a PostgreSQL restart or failover looks like to the
// gateway; this runs on PostgreSQL whichever dialect the rest of the suite uses.
let t: TestGateway;
let db: { url: string; name: string };

beforeAll(async () => {
  db = await createTempPostgresDatabase('salesgraph_unavailable');
  t = await startTestGateway({ plugins: [ACME_PLUGIN], database: { dialect: 'postgresql', url: db.url, dbName: db.name } });
  const res = await t.gql(CreateChannelDocument, {
    input: { code: 'acme', name: 'acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: 's', settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(res.errors).toBeUndefined();
});

afterAll(async () => {
  await bringDatabaseBack();
  await t?.stop();
  await dropPostgresDatabase(db.name);
});

async function admin(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  await client.query(sql, params);
  await client.end();
}

/** The database refuses connections and every open one is cut, as during a restart. */
async function takeDatabaseDown(): Promise<void> {
  await admin(`alter database "${db.name}" with allow_connections false`);
  await admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [db.name]);
}

const bringDatabaseBack = () => admin(`alter database "${db.name}" with allow_connections true`);

const body = JSON.stringify({
  orders: [{ id: 'u-1', status: 'PAID', placed_at: '2026-11-20T10:00:00Z', currency: 'USD', total: '5.00', lines: [{ title: 'Tea', qty: 1, price: '5.00' }] }],
});
const send = () => postWebhook(t, 'acme', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature('s', body) });

describe('when the database connection drops', () => {
  it('answers 503 with Retry-After and stores nothing, then recovers', async () => {
    await takeDatabaseDown();
    let refused: Awaited<ReturnType<typeof send>>;
    try {
      refused = await send();
    } finally {
      await bringDatabaseBack();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.error.code).toBe('UNAVAILABLE');
    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body.result).toBe('created');
    expect(await t.em().count(Order, {})).toBe(1);
  });
});
