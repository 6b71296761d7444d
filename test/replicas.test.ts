/**
 * Two gateway processes on one database and one Redis, as a deployment with replicas runs them:
 * an order ingested on one reaches subscribers on the other through the Redis commit hint (the
 * database poll is set to a minute, so nothing else could deliver it in time), a subscriber
 * resumes on the other replica, and a revocation on one closes the key's sockets on the other.
 */
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import Database from 'libsql';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';

import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startGatewayProcess, type GatewayProcess } from '../src/testing/gateway-process';
import { ACME_PLUGIN } from '../src/testing/test-gateway';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';
import { acmeOrder as order, salesgraphSignature } from '../src/testing/webhooks';
import { decodeEventCursor } from '../src/events/event-cursor';

const REDIS_URL = process.env.SALESGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_KEY = 'sg_replicas_test_admin_key';
const SECRET = 'acme-webhook-secret';
/** What "promptly" means here: the hint crosses Redis in milliseconds; the poll would take 60 s. */
const PROMPTLY_MS = 3_000;

let db: TestDatabase;
let a: GatewayProcess;
let b: GatewayProcess;
const clients: Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const env = {
    DATABASE_URL: db.config.url,
    REDIS_URL,
    SALESGRAPH_ADMIN_KEY: ADMIN_KEY,
    SALESGRAPH_PLUGINS: ACME_PLUGIN,
    SALESGRAPH_EVENT_POLL_MS: '60000',
  };
  // one after the other: the first applies the migrations to the empty database
  a = await startGatewayProcess(env);
  b = await startGatewayProcess(env);
  const res = await a.gql(
    print(CreateChannelDocument),
    { input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } } },
    ADMIN_KEY,
  );
  expect(res.errors).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
}, 20_000);


/** Delivers orders to the acme channel's webhook route on one replica. */
async function ingest(replica: GatewayProcess, orders: unknown[]): Promise<void> {
  const text = JSON.stringify({ orders });
  const status = await replica.post('/channels/acme/webhooks', text, {
    'content-type': 'application/json',
    'x-salesgraph-signature': salesgraphSignature(SECRET, text),
  });
  expect(status).toBe(200);
}

interface EventMessage {
  cursor: string;
  type: string;
  order: { externalId: string; status: string; channel: { code: string }; total: { amount: string; currencyCode: string }; customer: { email: string | null } | null };
}

const EVENTS = `subscription($after: String) {
  orderEvents(after: $after) {
    cursor type order { externalId status channel { code } total { amount currencyCode } customer { email } }
  }
}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A subscriber on one replica that collects what it receives, and how its socket closed. */
function subscribe(replica: GatewayProcess, variables: { after?: string | null } = {}, key = ADMIN_KEY) {
  const received: EventMessage[] = [];
  const errors: unknown[] = [];
  let closedWith: number | null = null;
  let connected: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: replica.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    on: {
      connected: () => connected(),
      closed: (event) => (closedWith = (event as { code: number }).code),
    },
  });
  clients.push(client);
  client.subscribe<{ orderEvents: EventMessage }>({ query: EVENTS, variables }, {
    next: (value) => {
      if (value.errors) errors.push(...value.errors);
      if (value.data?.orderEvents) received.push(value.data.orderEvents);
    },
    error: (error) => errors.push(error),
    complete: () => undefined,
  });
  return {
    received,
    errors,
    get closedWith() {
      return closedWith;
    },
    /** Resolves once the key is accepted (connection_ack), and the operation has had a moment to start. */
    async ready() {
      await acknowledged;
      await sleep(300);
    },
    async until(test: () => boolean, what: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!test()) {
        if (Date.now() > deadline) {
          // what the gateway logged as errors says why, when the answers only say "Internal server error"
          const logged = JSON.stringify(replica.logs.filter((entry) => Number(entry.level) >= 50).slice(-5));
          throw new Error(`timed out waiting for ${what}; received ${received.length}, errors ${JSON.stringify(errors)}, gateway errors ${logged}`);
        }
        await sleep(20);
      }
    },
    disconnect: () => client.dispose(),
  };
}

interface LoggedRow {
  id: number;
  type: string;
  externalId: string;
}

/** The shared event log after a position, read from the database itself. */
async function logAfter(position: number): Promise<LoggedRow[]> {
  const sql =
    'select e.id, e.type, e.order_id, o.external_id from order_event e join "order" o on o.id = e.order_id where e.id > $1 order by e.id';
  let rows: Array<Record<string, unknown>>;
  if (db.config.dialect === 'postgresql') {
    const client = new PgClient({ connectionString: db.config.url });
    await client.connect();
    try {
      rows = (await client.query(sql, [position])).rows;
    } finally {
      await client.end();
    }
  } else {
    const sqlite = new Database(db.config.file, { readonly: true } as never);
    try {
      rows = sqlite.prepare(sql.replace('$1', '?')).all([position] as never) as Array<Record<string, unknown>>;
    } finally {
      sqlite.close();
    }
  }
  return rows.map((row) => ({ id: Number(row.id), type: String(row.type), externalId: String(row.external_id) }));
}

async function newestPosition(): Promise<number> {
  const rows = await logAfter(0);
  return rows.length ? rows[rows.length - 1].id : 0;
}

const asLogged = (events: EventMessage[]): LoggedRow[] =>
  events.map((e) => ({ id: decodeEventCursor(e.cursor), type: e.type, externalId: e.order.externalId }));

describe('two gateway processes on one database and one Redis', () => {
  it('an order ingested on replica A reaches a subscriber on replica B at once, exactly once', async () => {
    const sub = subscribe(b);
    await sub.ready();
    const sent = Date.now();
    await ingest(a, [order('x-1')]);
    await sub.until(() => sub.received.length >= 1, 'the order on the other replica', PROMPTLY_MS);
    const elapsed = Date.now() - sent;
    await sleep(300);
    expect(sub.received).toHaveLength(1);
    expect(sub.received[0]).toMatchObject({
      type: 'CREATED',
      order: { externalId: 'x-1', status: 'PAID', channel: { code: 'acme' }, total: { amount: '30.00', currencyCode: 'USD' }, customer: { email: 'buyer-x-1@example.com' } },
    });
    expect(elapsed).toBeLessThan(PROMPTLY_MS);
    sub.disconnect();
  }, 15_000);

  it('a subscriber that drops off replica B resumes on replica A from its last cursor with nothing missed or repeated', async () => {
    const onB = subscribe(b);
    await onB.ready();
    for (const id of ['m-1', 'm-2', 'm-3']) await ingest(a, [order(id)]);
    await onB.until(() => onB.received.length >= 3, 'the first orders on B');
    await onB.disconnect();
    const last = onB.received[onB.received.length - 1].cursor;

    // missed while disconnected
    for (const id of ['m-4', 'm-5', 'm-6', 'm-7', 'm-8']) await ingest(a, [order(id)]);
    const onA = subscribe(a, { after: last });
    await onA.until(() => onA.received.length >= 5, 'the missed orders on A');
    // live again: written on B, reaching A through the hint
    for (const id of ['m-9', 'm-10']) await ingest(b, [order(id)]);
    await onA.until(() => onA.received.length >= 7, 'the live orders on A', PROMPTLY_MS);
    await sleep(300);

    expect(onB.received.map((e) => e.order.externalId)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(onA.received.map((e) => e.order.externalId)).toEqual(['m-4', 'm-5', 'm-6', 'm-7', 'm-8', 'm-9', 'm-10']);
    expect(asLogged(onA.received)).toEqual(await logAfter(decodeEventCursor(last)));
    onA.disconnect();
  }, 20_000);

  it("revoking a dashboard key on replica A closes that key's socket on replica B with 4403 at once", async () => {
    const created = await a.gql<{ createApiKey: { id: string; key: string } }>(
      'mutation { createApiKey(input: { name: "wall screen", role: DASHBOARD }) { id key } }',
      undefined,
      ADMIN_KEY,
    );
    const { id, key } = created.data!.createApiKey;
    const wall = subscribe(b, {}, key);
    await wall.ready();
    expect(wall.closedWith).toBeNull();

    const revokedAt = Date.now();
    const revoked = await a.gql(`mutation { revokeApiKey(id: "${id}") }`, undefined, ADMIN_KEY);
    expect(revoked.data).toEqual({ revokeApiKey: true });
    await wall.until(() => wall.closedWith !== null, 'the socket on B to close', PROMPTLY_MS);
    expect(wall.closedWith).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(PROMPTLY_MS);
  }, 15_000);

  it('with 20 senders writing on both replicas at once, every subscriber gets the whole log in order, no gap, no duplicate', async () => {
    const start = await newestPosition();
    const startCursor = Buffer.from(`event:${start}`, 'utf8').toString('base64url');
    const liveA = subscribe(a);
    const liveB = subscribe(b);
    await Promise.all([liveA.ready(), liveB.ready()]);

    const total = 200;
    let next = 0;
    let resuming: ReturnType<typeof subscribe> | undefined;
    const sender = async (replica: GatewayProcess) => {
      while (next < total) {
        const n = next++;
        // a subscriber joining mid-burst, replaying from before it
        if (n === total / 4) resuming = subscribe(n % 2 ? a : b, { after: startCursor });
        await ingest(replica, [order(`c-${n}`)]);
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => sender(i % 2 ? b : a)));

    const logged = await logAfter(start);
    expect(logged).toHaveLength(total);
    for (const [name, sub] of [['live on A', liveA], ['live on B', liveB], ['resuming', resuming!]] as const) {
      await sub.until(() => sub.received.length >= total, `every event (${name})`);
    }
    await sleep(300);
    for (const sub of [liveA, liveB, resuming!]) {
      expect(sub.errors).toEqual([]);
      expect(asLogged(sub.received)).toEqual(logged);
    }
  }, 40_000);
});
