/**
 * Three gateway processes behind a round-robin of their ports, on one PostgreSQL database and one
 * Redis, as compose.yaml runs them (on PostgreSQL whichever dialect the rest of the suite runs
 * on): they start at once on an empty database, webhooks land on any of them, a subscriber on
 * every replica sees each event of the shared log once and in order, and the background jobs run
 * on one replica at a time, another taking them over when it stops.
 */
import fs from 'node:fs';
import path from 'node:path';

import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';

import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startGatewayProcess, type GatewayProcess } from '../src/testing/gateway-process';
import { createTempPostgresDatabase, dropPostgresDatabase } from '../src/testing/postgres';
import { ACME_PLUGIN } from '../src/testing/test-gateway';
import { acmeOrder as order, salesgraphSignature } from '../src/testing/webhooks';
import { decodeEventCursor } from '../src/events/event-cursor';

const REDIS_URL = process.env.SALESGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_KEY = 'sg_three_replicas_test_admin_key';
const SECRET = 'acme-webhook-secret';
const JOBS = ['campaign-attribution', 'channel-pull'] as const;

let database: { url: string; name: string };
let sql: PgClient;
let replicas: GatewayProcess[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTempPostgresDatabase();
  sql = new PgClient({ connectionString: database.url });
  await sql.connect();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    SALESGRAPH_ADMIN_KEY: ADMIN_KEY,
    SALESGRAPH_PLUGINS: ACME_PLUGIN,
    // events cross replicas through the Redis hint: the poll of the log would take a minute
    SALESGRAPH_EVENT_POLL_MS: '60000',
    // every replica competes for the pull lease each second (no channel here pulls)
    SALESGRAPH_PULL_INTERVAL_SECONDS: '1',
    SALESGRAPH_ATTRIBUTION_INTERVAL_SECONDS: '1',
  };
  // all at once, on an empty database, as a deployment starts its replicas
  const started = await Promise.allSettled([0, 1, 2].map(() => startGatewayProcess(env, 45_000)));
  replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
  if (failed.length) throw new Error(`${failed.length} of 3 replicas did not start:\n${failed.join('\n')}`);
  const res = await replicas[0].gql(
    print(CreateChannelDocument),
    { input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } } },
    ADMIN_KEY,
  );
  expect(res.errors).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all(replicas.map((r) => r.stop()));
  await sql?.end();
  if (database) await dropPostgresDatabase(database.name);
}, 20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `test` to hold, failing with `what` (and what is known) after `ms`. */
async function until(test: () => boolean | Promise<boolean>, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await sleep(50);
  }
}

/** Sends a signed order to the acme channel's webhook route of one replica; the webhook's result. */
async function deliver(replica: GatewayProcess, body: string): Promise<string> {
  const res = await fetch(`${replica.url}/channels/acme/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) },
    body,
  });
  const answer = (await res.json()) as { result?: string };
  if (res.status !== 200) {
    // what the gateway logged says why, when the answer only says "Internal server error"
    await sleep(200);
    const logged = JSON.stringify(replica.logs.filter((entry) => Number(entry.level) >= 50).slice(-3));
    throw new Error(`webhook to ${replica.url} answered ${res.status}: ${JSON.stringify(answer)}; gateway errors ${logged}`);
  }
  return answer.result!;
}

const webhookBody = (o: Record<string, unknown>) => JSON.stringify({ orders: [o] });

interface Received {
  cursor: string;
  type: string;
  order: { externalId: string; status: string };
}

/** A subscriber to every order event after `after` on one replica, collecting what it receives. */
function subscribe(replica: GatewayProcess, after: string) {
  const received: Received[] = [];
  const errors: unknown[] = [];
  let connected: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: replica.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${ADMIN_KEY}` },
    retryAttempts: 0,
    on: { connected: () => connected() },
  });
  clients.push(client);
  client.subscribe<{ orderEvents: Received }>(
    { query: 'subscription($after: String) { orderEvents(after: $after) { cursor type order { externalId status } } }', variables: { after } },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data?.orderEvents) received.push(value.data.orderEvents);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    replica,
    received,
    errors,
    /** Resolves once the key is accepted and the operation has had a moment to start. */
    ready: () => acknowledged.then(() => sleep(300)),
  };
}
type Subscriber = ReturnType<typeof subscribe>;

interface LoggedEvent {
  position: number;
  type: string;
  externalId: string;
}

/** The shared event log after a position, read from the database itself. */
async function logAfter(position: number): Promise<LoggedEvent[]> {
  const { rows } = await sql.query(
    'select e.id, e.type, o.external_id from order_event e join "order" o on o.id = e.order_id where e.id > $1 order by e.id',
    [position],
  );
  return rows.map((row) => ({ position: Number(row.id), type: String(row.type), externalId: String(row.external_id) }));
}

const asLogged = (events: Received[]): LoggedEvent[] =>
  events.map((e) => ({ position: decodeEventCursor(e.cursor), type: e.type, externalId: e.order.externalId }));

/** Waits until every subscriber has as many events as expected, then a moment for any extra to show. */
async function allDelivered(subscribers: Array<{ sub: Subscriber; expected: LoggedEvent[] }>): Promise<void> {
  for (const { sub, expected } of subscribers) {
    await until(
      () => sub.received.length >= expected.length,
      () => `${expected.length} events on ${sub.replica.url}; received ${sub.received.length}, errors ${JSON.stringify(sub.errors)}`,
    );
  }
  await sleep(500);
}

/** The newest event's cursor, as a client reads it before subscribing. */
async function eventCursor(replica: GatewayProcess): Promise<string> {
  const res = await replica.gql<{ eventCursor: string | null }>('{ eventCursor }', undefined, ADMIN_KEY);
  expect(res.data?.eventCursor).toEqual(expect.any(String));
  return res.data!.eventCursor!;
}

/** The webhooks a replica answered 200, by its own /metrics. */
async function webhooksAnswered(replica: GatewayProcess): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('status_code="200"') && l.includes('webhooks'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Which gateway process (its pid) holds each background job's lease, from the job_lease table. */
async function leaseHolders(): Promise<Map<string, number>> {
  const { rows } = await sql.query('select name, holder from job_lease');
  // a holder is "host:pid:random"
  return new Map(rows.map((row) => [String(row.name), Number(String(row.holder).split(':')[1])]));
}

const pids = () => replicas.map((r) => r.child.pid!);

/** Whether each job's lease is held by one of the running replicas. */
async function everyJobHeldByAReplica(): Promise<boolean> {
  const holders = await leaseHolders();
  return JOBS.every((job) => pids().includes(holders.get(job) ?? -1));
}

describe('three gateway replicas behind a round-robin, on one PostgreSQL database and one Redis', () => {
  it('all three start at once on an empty database: the migrations are applied once and every replica is ready', async () => {
    expect(replicas).toHaveLength(3);
    for (const replica of replicas) expect((await fetch(`${replica.url}/readyz`)).status).toBe(200);
    const committed = fs
      .readdirSync(path.join(__dirname, '../migrations/postgresql'))
      .filter((file) => /^Migration\d+.*\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const { rows } = await sql.query('select name from mikro_orm_migrations order by name');
    expect(rows.map((row) => row.name)).toEqual(committed);
  });

  it('webhooks sent round-robin to the three replicas reach a subscriber on every replica, each event once and in log order', async () => {
    // the way a client starts: read the cursor, then subscribe after it
    await deliver(replicas[0], webhookBody(order('first')));
    const cursor = await eventCursor(replicas[2]);
    const subscribers = replicas.map((replica) => subscribe(replica, cursor));
    await Promise.all(subscribers.map((sub) => sub.ready()));
    const answeredBefore = await Promise.all(replicas.map(webhooksAnswered));

    // 240 new orders; every fourth later cancelled or refunded, and some others delivered again
    const created = new Map<number, Promise<unknown>>();
    const deliveries: Array<{ kind: 'create' | 'update' | 'repeat'; n: number; body: string }> = [];
    const bodies = new Map<number, string>();
    for (let n = 0; n < 240; n++) {
      bodies.set(n, webhookBody(order(`r-${n}`)));
      deliveries.push({ kind: 'create', n, body: bodies.get(n)! });
      const earlier = n - 12;
      if (earlier >= 0 && earlier % 4 === 0) {
        const change = earlier % 8 === 0 ? { status: 'CANCELLED' } : { status: 'REFUNDED', refunded: '30.00' };
        deliveries.push({ kind: 'update', n: earlier, body: webhookBody(order(`r-${earlier}`, change)) });
      }
      if (earlier >= 0 && earlier % 8 === 2) deliveries.push({ kind: 'repeat', n: earlier, body: bodies.get(earlier)! });
    }
    for (let n = 228; n < 240; n += 4) {
      const change = n % 8 === 0 ? { status: 'CANCELLED' } : { status: 'REFUNDED', refunded: '30.00' };
      deliveries.push({ kind: 'update', n, body: webhookBody(order(`r-${n}`, change)) });
    }
    deliveries.push({ kind: 'repeat', n: 234, body: bodies.get(234)! });

    const results: Record<string, number> = {};
    let next = 0;
    let resuming: Subscriber | undefined;
    const sender = async () => {
      while (next < deliveries.length) {
        const i = next++;
        const { kind, n, body } = deliveries[i];
        // the round-robin: the i-th delivery goes to replica i mod 3
        const replica = i % 3;
        // a subscriber joining a third of the way in, replaying from the cursor it read before
        if (i === Math.floor(deliveries.length / 3)) resuming = subscribe(replicas[1], cursor);
        if (kind !== 'create') await created.get(n);
        const sent = deliver(replicas[replica], body);
        if (kind === 'create') created.set(n, sent);
        const result = await sent;
        results[`${kind}:${result}`] = (results[`${kind}:${result}`] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 12 }, sender));

    expect(results).toEqual({ 'create:created': 240, 'update:updated': 60, 'repeat:duplicate': 30 });
    const answered = await Promise.all(replicas.map(webhooksAnswered));
    expect(answered.map((n, k) => n - answeredBefore[k])).toEqual([110, 110, 110]);
    const logged = await logAfter(decodeEventCursor(cursor));
    // CREATED for each order, UPDATED with CANCELLED or REFUNDED for each change, nothing for a repeat
    expect(logged).toHaveLength(240 + 60 * 2);
    await allDelivered([...subscribers, resuming!].map((sub) => ({ sub, expected: logged })));
    for (const sub of [...subscribers, resuming!]) {
      expect(sub.errors).toEqual([]);
      expect(asLogged(sub.received)).toEqual(logged);
    }
    // as a user reads it: an order's events, once each
    const eventsOf = (id: string) => subscribers[1].received.filter((e) => e.order.externalId === id).map((e) => e.type);
    expect(eventsOf('r-8')).toEqual(['CREATED', 'UPDATED', 'CANCELLED']);
    expect(eventsOf('r-12')).toEqual(['CREATED', 'UPDATED', 'REFUNDED']);
    expect(eventsOf('r-10')).toEqual(['CREATED']);
  }, 45_000);

  it('the background jobs run on one replica at a time, and another takes them over when it stops', async () => {
    await until(everyJobHeldByAReplica, () => 'every job to have a holder');
    // while the replicas ingest, each job keeps one holder
    const seen = new Map<string, Set<number>>(JOBS.map((job) => [job, new Set()]));
    let sending = true;
    const sampling = (async () => {
      while (sending) {
        for (const [job, pid] of await leaseHolders()) seen.get(job)?.add(pid);
        await sleep(100);
      }
    })();
    try {
      for (let n = 0; n < 60; n += 3) await Promise.all([0, 1, 2].map((k) => deliver(replicas[k], webhookBody(order(`l-${n + k}`)))));
      await sleep(2_500); // longer than a job's interval: every replica has competed for the leases again
    } finally {
      sending = false;
      await sampling;
    }
    for (const job of JOBS) {
      expect([...seen.get(job)!]).toHaveLength(1);
      expect(pids()).toContain([...seen.get(job)!][0]);
    }

    // the attribution job's holder stops: one of the two others takes each lease it held
    const holder = replicas.find((r) => r.child.pid === [...seen.get('campaign-attribution')!][0])!;
    const survivors = replicas.filter((r) => r !== holder);
    const cursor = await eventCursor(survivors[0]);
    const subscribers = survivors.map((replica) => subscribe(replica, cursor));
    await Promise.all(subscribers.map((sub) => sub.ready()));
    await holder.stop();
    replicas = survivors;
    await until(everyJobHeldByAReplica, () => `a surviving replica (${pids().join(', ')}) to take every lease`);

    // and the two left serve webhooks and subscribers as before
    for (let n = 0; n < 30; n += 2) await Promise.all([0, 1].map((k) => deliver(survivors[k], webhookBody(order(`s-${n + k}`)))));
    const logged = await logAfter(decodeEventCursor(cursor));
    expect(logged).toHaveLength(30);
    await allDelivered(subscribers.map((sub) => ({ sub, expected: logged })));
    for (const sub of subscribers) {
      expect(sub.errors).toEqual([]);
      expect(asLogged(sub.received)).toEqual(logged);
    }
  }, 45_000);
});
