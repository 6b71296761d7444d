/**
 * PostgreSQL out of reach for a while, the server itself still running: the gateway reaches the
 * database through a TCP proxy of the test's own, which the test cuts in the middle of a stream
 * of webhooks. While it is cut, webhooks answer 503 with Retry-After (channels retry) and
 * /readyz fails; nothing half-written is left behind; once the network is back the same gateway
 * process serves again by itself, and the channels' retries bring every order in exactly once.
 * Runs on PostgreSQL whichever dialect the rest of the suite uses.
 */
import { print } from 'graphql';

import type { DatabaseConfig } from '../src/config/config';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startGatewayProcess, type GatewayProcess } from '../src/testing/gateway-process';
import { createTempPostgresDatabase, dropPostgresDatabase, POSTGRES_ADMIN_URL } from '../src/testing/postgres';
import { repeatedIds, storedOrders, totalsByCurrency } from './support/stored-orders';
import { startTcpProxy, type CutMode, type TcpProxy } from './support/tcp-proxy';
import { closeSenders, deliver, sendConcurrently, shopifyOrderDeliveries, type Answer, type OrderDelivery } from './support/webhook-senders';

const ADMIN_KEY = 'sg_database_loss_test_admin_key';
const SECRET = 'shpss_database_loss_secret';
const SENDERS = 20;

let pg: { url: string; name: string };
let database: DatabaseConfig;
let proxy: TcpProxy;
let gateway: GatewayProcess;

beforeAll(async () => {
  pg = await createTempPostgresDatabase('salesgraph_loss');
  database = { dialect: 'postgresql', url: pg.url, dbName: pg.name };
  const server = new URL(POSTGRES_ADMIN_URL);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const viaProxy = new URL(pg.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  gateway = await startGatewayProcess({ DATABASE_URL: viaProxy.toString(), SALESGRAPH_ADMIN_KEY: ADMIN_KEY }, 60_000);
}, 90_000);

afterAll(async () => {
  closeSenders();
  proxy?.restore();
  await gateway?.stop();
  await proxy?.close();
  if (pg) await dropPostgresDatabase(pg.name);
}, 30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(): Promise<number> {
  const res = await fetch(`${gateway.url}/readyz`);
  await res.arrayBuffer();
  return res.status;
}

/** Polls until `test` holds; fails, saying what it waited for, if it never does. */
async function eventually(test: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await test()); await sleep(200)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

/** Orders present are whole: each with all its lines and one CREATED event, none twice, nothing orphaned. */
async function expectNothingHalfWritten(channelCode: string, deliveries: readonly OrderDelivery[]) {
  const stored = await storedOrders(database, channelCode);
  const sent = new Map(deliveries.map((d) => [d.externalId, d]));
  expect(repeatedIds(stored.orders)).toEqual([]);
  expect(stored.orders.filter((o) => !sent.has(o.externalId))).toEqual([]);
  expect(stored.orders.filter((o) => o.lines !== sent.get(o.externalId)!.lines || o.totalMinor !== sent.get(o.externalId)!.totalMinor)).toEqual([]);
  expect(stored.orders.filter((o) => o.events.join() !== 'CREATED')).toEqual([]);
  expect(stored.orphanEvents).toBe(0);
  expect(stored.orphanLines).toBe(0);
  // an archived delivery is the trace of a committed one: one per order, none without its order
  expect([...stored.archived.values()].filter((n) => n !== 1)).toEqual([]);
  const byDelivery = new Map(deliveries.map((d) => [d.deliveryId, d.externalId]));
  const present = new Set(stored.orders.map((o) => o.externalId));
  expect([...stored.archived.keys()].filter((id) => !present.has(byDelivery.get(id)!))).toEqual([]);
  expect(stored.archived.size).toBe(stored.orders.length);
  return stored;
}

/**
 * Streams the deliveries with concurrent senders, cuts the database off once `cutAfter` are
 * acknowledged, and stops sending new ones then (channels back off); returns every answer.
 */
async function streamAndCut(route: string, deliveries: readonly OrderDelivery[], cutAfter: number, mode: CutMode) {
  let acknowledged = 0;
  let cut = false;
  const answers = await sendConcurrently(
    gateway.url,
    route,
    deliveries,
    deliveries.map((_, i) => i),
    SENDERS,
    (_, answer) => {
      if (answer.status === 200 && ++acknowledged >= cutAfter && !cut) {
        cut = true;
        proxy.cut(mode);
      }
    },
    () => cut,
  );
  expect(cut).toBe(true);
  return answers;
}

/** One outage on a channel of its own, from a stream of new orders to the retries after it. */
async function outage(mode: CutMode, seed: number) {
  const channelCode = `web-${mode}`;
  const route = `/channels/${channelCode}/webhooks`;
  const res = await gateway.gql(
    print(CreateChannelDocument),
    { input: { code: channelCode, name: 'Web shop', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: SECRET } },
    ADMIN_KEY,
  );
  expect(res.errors).toBeUndefined();
  const deliveries = shopifyOrderDeliveries(300, SECRET, seed);
  const answers = await streamAndCut(route, deliveries, 100, mode);
  const acknowledged = deliveries.filter((_, i) => answers.get(i)?.status === 200);

  // while cut: what was in flight and what comes now is refused for later, never a 500 nor a hang
  const whileCut = await Promise.all(deliveries.slice(-5).map((d) => deliver(gateway.url, route, d)));
  const notAcknowledged = [...[...answers.values()].filter((a) => a.status !== 200), ...whileCut];
  expect(notAcknowledged.filter((a) => a.status !== 503 || !/^\d+$/.test(a.retryAfter ?? '') || a.body?.error?.code !== 'UNAVAILABLE')).toEqual([]);
  expect(await readyz()).toBe(503);
  // the database server itself is up: what it holds is whole
  const duringOutage = await expectNothingHalfWritten(channelCode, deliveries);
  const present = new Set(duringOutage.orders.map((o) => o.externalId));
  expect(acknowledged.filter((d) => !present.has(d.externalId))).toEqual([]);

  proxy.restore();
  await eventually(async () => (await readyz()) === 200, '/readyz to answer 200 again');
  // the channels retry every delivery that got no 200
  let pending = deliveries.map((_, i) => i).filter((i) => answers.get(i)?.status !== 200);
  const last = new Map<number, Answer>();
  for (let round = 0; pending.length && round < 5; round++) {
    if (round) await sleep(1_000);
    const retried = await sendConcurrently(gateway.url, route, deliveries, pending, SENDERS);
    retried.forEach((answer, i) => last.set(i, answer));
    pending = pending.filter((i) => retried.get(i)!.status !== 200);
  }
  expect(pending.map((i) => last.get(i))).toEqual([]);
  // a delivery whose commit went through just before its connection was cut is a duplicate now
  expect([...last.values()].filter((a) => a.body?.result !== 'created' && a.body?.result !== 'duplicate')).toEqual([]);

  const after = await expectNothingHalfWritten(channelCode, deliveries);
  expect(after.orders).toHaveLength(deliveries.length);
  expect(totalsByCurrency(after.orders)).toEqual(totalsByCurrency(deliveries));
  // and reads through GraphQL see them
  const orders = await gateway.gql<{ orders: { totalCount: number } }>(
    'query($code: String!) { orders(first: 1, filter: { channelCodes: [$code] }) { totalCount } }',
    { code: channelCode },
    ADMIN_KEY,
  );
  expect(orders.errors).toBeUndefined();
  expect(orders.data).toEqual({ orders: { totalCount: deliveries.length } });
}

describe('when the network to PostgreSQL is cut and comes back', () => {
  it('with connections reset, webhooks answer 503, /readyz fails, nothing is half-written, and the same process recovers', async () => {
    await outage('refuse', 31);
  }, 120_000);

  it('with connections held unanswered (packets dropped), the same holds: answers come, none hangs', async () => {
    await outage('hold', 37);
  }, 120_000);
});
