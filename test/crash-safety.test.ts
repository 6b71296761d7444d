/**
 * The gateway killed with SIGKILL in the middle of ingestion (a crash, an OOM kill, a pulled
 * plug) and started again on the same database, as `npm start` would be: the channels send again
 * whatever got no 200, and afterwards every order is there exactly once, with its lines and one
 * CREATED event, and the money adds up to what the channels sent. Runs on the suite's dialect.
 */
import http from 'node:http';

import { print } from 'graphql';

import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startGatewayProcess, type GatewayProcess } from '../src/testing/gateway-process';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';
import { queryDatabase, repeatedIds, storedOrders, totalsByCurrency, type StoredOrders } from './support/stored-orders';
import { tillExport } from './support/till-export';
import { closeSenders, sendConcurrently, shopifyOrderDeliveries, type Answer, type OrderDelivery } from './support/webhook-senders';

const ADMIN_KEY = 'sg_crash_safety_test_admin_key';
const SECRET = 'shpss_crash_safety_secret';
const WEBHOOKS = 2_000;
const SENDERS = 50;
/** Acknowledgements after which the gateway is killed: well inside the stream. */
const KILL_AFTER = 700;
const RECEIPTS = 4_000;

let db: TestDatabase;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  closeSenders();
  await Promise.all(gateways.map((g) => g.stop()));
  await db?.drop();
}, 30_000);

async function startGateway(): Promise<GatewayProcess> {
  const gateway = await startGatewayProcess({ DATABASE_URL: db.config.url, SALESGRAPH_ADMIN_KEY: ADMIN_KEY }, 60_000);
  gateways.push(gateway);
  return gateway;
}

async function createChannel(gateway: GatewayProcess, input: Record<string, unknown>): Promise<void> {
  const res = await gateway.gql(print(CreateChannelDocument), { input }, ADMIN_KEY);
  expect(res.errors).toBeUndefined();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the deliveries without a 200 again, round after round, as channels retry, until each has one. */
async function resendUntilAcknowledged(gateway: GatewayProcess, route: string, deliveries: readonly OrderDelivery[], pending: number[]) {
  const last = new Map<number, Answer>();
  for (let round = 0; pending.length && round < 5; round++) {
    if (round) await sleep(1_000);
    const answers = await sendConcurrently(gateway.url, route, deliveries, pending, SENDERS);
    answers.forEach((answer, i) => last.set(i, answer));
    pending = pending.filter((i) => answers.get(i)!.status !== 200);
  }
  return { last, unacknowledged: pending.map((i) => ({ index: i, answer: last.get(i) })) };
}

/** Every order once, with its lines and exactly one CREATED event, nothing left over. */
function expectEachOrderOnce(stored: StoredOrders, expected: ReadonlyArray<{ externalId: string; currencyCode: string; totalMinor: number; lines: number }>) {
  expect(repeatedIds(stored.orders)).toEqual([]);
  expect(stored.orders.map((o) => o.externalId).sort()).toEqual(expected.map((o) => o.externalId).sort());
  const wanted = new Map(expected.map((o) => [o.externalId, o]));
  const wrongLines = stored.orders.filter((o) => o.lines !== wanted.get(o.externalId)!.lines);
  expect(wrongLines).toEqual([]);
  const wrongEvents = stored.orders.filter((o) => o.events.length !== 1 || o.events[0] !== 'CREATED');
  expect(wrongEvents).toEqual([]);
  expect(stored.orphanEvents).toBe(0);
  expect(stored.orphanLines).toBe(0);
  expect(totalsByCurrency(stored.orders)).toEqual(totalsByCurrency(expected));
}

describe('a gateway killed with SIGKILL mid-stream and started again on the same database', () => {
  it('keeps every acknowledged webhook order exactly once, and the channels’ retries bring in the rest, each once', async () => {
    const deliveries = shopifyOrderDeliveries(WEBHOOKS, SECRET, 11);
    expect(new Set(deliveries.map((d) => d.externalId)).size).toBe(WEBHOOKS);
    const route = '/channels/web/webhooks';

    const first = await startGateway();
    await createChannel(first, { code: 'web', name: 'Web shop', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: SECRET });
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const answers = await sendConcurrently(first.url, route, deliveries, deliveries.map((_, i) => i), SENDERS, (_, answer) => {
      if (answer.status === 200 && ++acknowledged >= KILL_AFTER) killed ??= first.kill('SIGKILL');
    });
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');

    const acknowledgedFirst = [...answers].filter(([, a]) => a.status === 200).map(([i]) => i);
    const unanswered = [...answers].filter(([, a]) => a.status !== 200).map(([i]) => i);
    // the kill landed mid-stream: some answered, many not
    expect(acknowledgedFirst.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(unanswered.length).toBeGreaterThan(0);
    // what got an answer before the kill got a 200; the rest got none
    const otherAnswers = [...answers.values()].filter((a) => a.status !== 200 && a.status !== 0);
    expect(otherAnswers).toEqual([]);

    const second = await startGateway();
    const { last, unacknowledged } = await resendUntilAcknowledged(second, route, deliveries, unanswered);
    expect(unacknowledged).toEqual([]);
    const results = new Set([...last.values()].map((a) => a.body?.result));
    // a delivery committed but cut off before its answer is a duplicate the second time
    expect([...results].filter((r) => r !== 'created' && r !== 'duplicate')).toEqual([]);

    const stored = await storedOrders(db.config, 'web');
    const present = new Set(stored.orders.map((o) => o.externalId));
    expect(acknowledgedFirst.map((i) => deliveries[i].externalId).filter((id) => !present.has(id))).toEqual([]);
    expect(stored.orders).toHaveLength(WEBHOOKS);
    expectEachOrderOnce(stored, deliveries);
    // each delivery archived once, under its webhook id
    expect(stored.archived.size).toBe(WEBHOOKS);
    expect([...stored.archived.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...stored.archived.keys()].sort()).toEqual(deliveries.map((d) => d.deliveryId).sort());
  }, 180_000);

  it('an import killed halfway and run again stores every receipt of the file exactly once', async () => {
    const till = tillExport(RECEIPTS);
    const route = '/channels/till/imports';
    const countStored = async () =>
      Number(
        (await queryDatabase(db.config, 'select count(*) as n from "order" o join channel c on c.id = o.channel_id where c.code = ?', ['till']))[0].n,
      );

    const first = await startGateway();
    await createChannel(first, { code: 'till', name: 'Stores', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR' });
    // the file streams in; the last tenth is held back, so the import is surely still running when the gateway dies
    const upload = streamUpload(first.url, route);
    const cut = till.csv.lastIndexOf('\n', Math.floor(till.csv.length * 0.9)) + 1;
    upload.write(till.csv.slice(0, cut));
    for (let waited = 0; (await countStored()) < RECEIPTS / 3; waited += 50) {
      if (waited > 120_000) throw new Error(`the import stored only ${await countStored()} receipts in two minutes`);
      await sleep(50);
    }
    await first.kill('SIGKILL');
    expect((await upload.answer).status).toBe(0);
    const storedBefore = await countStored();
    expect(storedBefore).toBeLessThan(RECEIPTS);

    const second = await startGateway();
    const rerun = await postFile(second.url, route, till.csv);
    expect(rerun.status).toBe(200);
    expect(rerun.body).toEqual({ accepted: RECEIPTS - storedBefore, duplicates: storedBefore, rejected: [] });

    const stored = await storedOrders(db.config, 'till');
    expect(stored.orders).toHaveLength(RECEIPTS);
    expectEachOrderOnce(stored, till.receipts);
    expect(stored.orders.reduce((n, o) => n + o.lines, 0)).toBe(till.rows);

    // and once more: nothing new
    const again = await postFile(second.url, route, till.csv);
    expect(again.body).toEqual({ accepted: 0, duplicates: RECEIPTS, rejected: [] });
    expect(await countStored()).toBe(RECEIPTS);
  }, 180_000);
});

/** An import request whose body is written piece by piece; `answer` has status 0 when the connection dies first. */
function streamUpload(baseUrl: string, route: string) {
  const url = new URL(route, baseUrl);
  let req!: http.ClientRequest;
  const answer = new Promise<{ status: number; body: unknown }>((resolve) => {
    req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${ADMIN_KEY}` },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('error', () => resolve({ status: 0, body: null }));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // kept as text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, body: null }));
  });
  return { write: (text: string) => req.write(text), end: (text?: string) => req.end(text), answer };
}

async function postFile(baseUrl: string, route: string, csv: string): Promise<{ status: number; body: unknown }> {
  const upload = streamUpload(baseUrl, route);
  upload.end(csv);
  return upload.answer;
}
