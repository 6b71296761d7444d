import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { Role } from '../src/auth/role';
import { EventPruner } from '../src/events/event-pruner';
import { OrderEvent } from '../src/events/order-event.entity';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder as order, postWebhook, salesgraphSignature } from '../src/testing/webhooks';
import { prunerSeenLater } from './support/pruner';

const SECRET = 'acme-webhook-secret';
let t: TestGateway;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN], wsPingIntervalMs: 200 });
  for (const [code, currency] of [
    ['acme', 'USD'],
    ['acme-jp', 'JPY'],
  ]) {
    const res = await t.gql(CreateChannelDocument, {
      input: { code, name: code, kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: currency, webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
    });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
});


async function ingest(orders: unknown[], channel = 'acme'): Promise<void> {
  const text = JSON.stringify({ orders });
  const res = await postWebhook(t, channel, text, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, text) });
  expect(res.status).toBe(200);
}

function connect(key: string = TEST_ADMIN_KEY, onClose?: (code: number, reason: string) => void): Client {
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => onClose?.((event as { code: number }).code, (event as { reason: string }).reason) },
  });
  clients.push(client);
  return client;
}

interface EventMessage {
  cursor: string;
  type: string;
  order: { externalId: string; status: string; channel: { code: string }; total: { amount: string; currencyCode: string }; customer: { email: string | null } | null };
}

const EVENTS = `subscription($channelCodes: [String!], $types: [OrderEventType!], $after: String) {
  orderEvents(channelCodes: $channelCodes, types: $types, after: $after) {
    cursor type order { externalId status channel { code } total { amount currencyCode } customer { email } }
  }
}`;

/** A subscription that collects what it receives; `until` waits for a condition on it. */
function subscribe(client: Client, variables: Record<string, unknown>, query = EVENTS) {
  const received: EventMessage[] = [];
  const errors: unknown[] = [];
  let ended = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const dispose = client.subscribe<{ orderEvents: EventMessage }>({ query, variables }, {
    next: (value) => {
      if (value.errors) errors.push(...value.errors);
      if (value.data?.orderEvents) received.push(value.data.orderEvents);
      wake();
    },
    error: (error) => {
      const closed = error as { code?: number; reason?: string };
      errors.push(closed.code !== undefined ? `closed ${closed.code} ${closed.reason ?? ''}` : error);
      ended = true;
      wake();
    },
    complete: () => {
      ended = true;
      wake();
    },
  });
  const until = async (test: () => boolean, what: string, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${received.length}, errors ${JSON.stringify(errors)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { received, errors, until, dispose, get ended() { return ended; } };
}

async function eventCursor(): Promise<string | null> {
  const res = await t.gql<{ eventCursor: string | null }, unknown>('{ eventCursor }');
  return res.data!.eventCursor;
}

const ids = (events: EventMessage[]) => events.map((e) => e.order.externalId);

describe('orderEvents subscription', () => {
  it('gives a cursor to resume from before any event exists, and it misses nothing', async () => {
    const empty = await eventCursor();
    expect(empty).toEqual(expect.any(String));
    await ingest([order('first-ever')]);
    const sub = subscribe(connect(), { after: empty });
    await sub.until(() => sub.received.length >= 1, 'the first event');
    expect(ids(sub.received)).toEqual(['first-ever']);
    sub.dispose();
  });

  it('starts live without after: an order ingested after subscribing arrives, with its order', async () => {
    const before = await eventCursor();
    const sub = subscribe(connect(), {});
    // the subscription is live once connected: give the socket a moment, then ingest
    await new Promise((r) => setTimeout(r, 300));
    await ingest([order('live-1')]);
    await sub.until(() => sub.received.length >= 1, 'the CREATED event');
    expect(sub.received[0]).toMatchObject({
      type: 'CREATED',
      order: { externalId: 'live-1', status: 'PAID', channel: { code: 'acme' }, total: { amount: '30.00', currencyCode: 'USD' }, customer: { email: 'buyer-live-1@example.com' } },
    });
    expect(sub.received[0].cursor).not.toEqual(before);
    sub.dispose();
  });

  it('replays every event after a cursor, then continues live, with none missed or repeated while orders keep arriving', async () => {
    const from = await eventCursor();
    await ingest([order('r-1')]);
    await ingest([order('r-2')]);
    await ingest([order('r-1', { status: 'CANCELLED' })]);
    const sub = subscribe(connect(), { after: from });
    // more orders arrive while the replay runs, from concurrent senders
    await Promise.all(Array.from({ length: 30 }, (_, i) => ingest([order(`r-c${i}`)])));
    await sub.until(() => sub.received.length >= 3 + 1 + 30, 'the replay and the live events');
    await new Promise((r) => setTimeout(r, 300));
    const logged = await t.em().find(OrderEvent, {}, { orderBy: { id: 'asc' }, populate: ['order'] });
    const fromId = from ? Number(Buffer.from(from, 'base64url').toString().split(':')[1]) : 0;
    const expected = logged.filter((e) => e.id > fromId);
    expect(sub.received.map((e) => `${e.type}:${e.order.externalId}`)).toEqual(expected.map((e) => `${e.type}:${e.order.externalId}`));
    expect(new Set(sub.received.map((e) => e.cursor)).size).toBe(sub.received.length);
    expect(ids(sub.received).slice(0, 2)).toEqual(['r-1', 'r-2']);
    expect(sub.received.slice(2, 4).map((e) => e.type)).toEqual(['UPDATED', 'CANCELLED']);
    sub.dispose();
  });

  it('delivers every event once and in log order to live and resuming subscribers while many writers commit at once', async () => {
    const from = await eventCursor();
    const live = subscribe(connect(), { channelCodes: ['acme'] });
    await new Promise((r) => setTimeout(r, 300));
    const orders = Array.from({ length: 200 }, (_, i) => order(`cw-${i}`));
    let next = 0;
    let resuming: ReturnType<typeof subscribe> | null = null;
    // 40 senders at once: on PostgreSQL their groups commit on several connections in any order
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        while (next < orders.length) {
          const mine = orders[next++];
          await ingest([mine]);
          if (next === 100 && !resuming) resuming = subscribe(connect(), { channelCodes: ['acme'], after: from });
        }
      }),
    );
    const logged = (await t.em().find(OrderEvent, {}, { orderBy: { id: 'asc' }, populate: ['order'] }))
      .filter((e) => e.id > (from ? Number(Buffer.from(from, 'base64url').toString().split(':')[1]) : 0))
      .map((e) => e.order.externalId);
    expect(logged).toHaveLength(200);
    await live.until(() => live.received.length >= 200, 'every event live');
    await resuming!.until(() => resuming!.received.length >= 200, 'every event replayed then live');
    await new Promise((r) => setTimeout(r, 300));
    for (const sub of [live, resuming!]) {
      expect(ids(sub.received)).toEqual(logged);
      const positions = sub.received.map((e) => Number(Buffer.from(e.cursor, 'base64url').toString().split(':')[1]));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      sub.dispose();
    }
  });

  it('filters by channel and type on the server', async () => {
    const from = await eventCursor();
    await ingest([order('f-1')]);
    await ingest([order('f-jp', { currency: 'JPY', total: '3000', lines: [{ sku: 'MUG', title: 'Mug', qty: 3, price: '1000' }] })], 'acme-jp');
    await ingest([order('f-1', { status: 'CANCELLED' })]);
    const jp = subscribe(connect(), { after: from, channelCodes: ['acme-jp'] });
    const cancelled = subscribe(connect(), { after: from, types: ['CANCELLED'] });
    await jp.until(() => jp.received.length >= 1, 'the JPY order');
    await cancelled.until(() => cancelled.received.length >= 1, 'the cancellation');
    await new Promise((r) => setTimeout(r, 300));
    expect(jp.received.map((e) => [e.order.externalId, e.order.total])).toEqual([['f-jp', { amount: '3000', currencyCode: 'JPY' }]]);
    expect(cancelled.received.map((e) => [e.type, e.order.externalId])).toEqual([['CANCELLED', 'f-1']]);
    jp.dispose();
    cancelled.dispose();
  });

  it("keeps a PARTNER to its own channel and masks the event's order like queries do", async () => {
    const from = await eventCursor();
    await ingest([order('p-us')]);
    await ingest([order('p-jp', { currency: 'JPY', total: '3000', lines: [{ sku: 'MUG', title: 'Mug', qty: 3, price: '1000' }] })], 'acme-jp');
    const partner = subscribe(connect(await t.keyFor(Role.PARTNER, 'acme-jp')), { after: from });
    await partner.until(() => partner.received.length >= 1, "the partner's event");
    await new Promise((r) => setTimeout(r, 300));
    expect(ids(partner.received)).toEqual(['p-jp']);
    expect(partner.received[0].order.customer?.email).toBe('b***@example.com');

    const refused = subscribe(connect(await t.keyFor(Role.PARTNER, 'acme-jp')), { channelCodes: ['acme'] });
    await refused.until(() => refused.ended, 'the refusal');
    expect(JSON.stringify(refused.errors)).toMatch(/FORBIDDEN/);

    const dashboard = subscribe(connect(await t.keyFor(Role.DASHBOARD)), { after: from });
    await dashboard.until(() => dashboard.received.length >= 2, 'the dashboard events');
    expect(ids(dashboard.received)).toEqual(['p-us', 'p-jp']);
    expect(dashboard.received.map((e) => e.order.customer?.email)).toEqual(['b***@example.com', 'b***@example.com']);
    partner.dispose();
    dashboard.dispose();
  });

  it('refuses a cursor that is not one, an unknown channel, and a cursor older than the log keeps', async () => {
    const bad = subscribe(connect(), { after: 'not-a-cursor' });
    await bad.until(() => bad.ended, 'the refusal');
    expect(JSON.stringify(bad.errors)).toMatch(/not an event cursor/);

    const unknown = subscribe(connect(), { channelCodes: ['nowhere'] });
    await unknown.until(() => unknown.ended, 'the refusal');
    expect(JSON.stringify(unknown.errors)).toMatch(/no channel with code \\"nowhere\\"/);

    const first = await eventCursor();
    await ingest([order('old-1')]);
    // everything up to now is older than the retention, seen from 40 days ahead
    const pruner = new EventPruner(prunerSeenLater(t));
    expect(await pruner.runOnce()).toBeGreaterThan(0);
    expect(await t.em().count(OrderEvent, {})).toBe(0);
    const stale = subscribe(connect(), { after: first });
    await stale.until(() => stale.ended, 'the refusal');
    expect(JSON.stringify(stale.errors)).toMatch(/older than the event log keeps \(30 days\)/);
    await pruner.stop();

    // with the log empty, eventCursor still gives a place to resume from that misses nothing
    const now = await eventCursor();
    const fromHere = subscribe(connect(), { after: now });
    await ingest([order('after-prune-1')]);
    await fromHere.until(() => fromHere.received.length >= 1, 'the first event after the prune');
    expect(ids(fromHere.received)).toEqual(['after-prune-1']);
    expect(fromHere.errors).toEqual([]);
    fromHere.dispose();
  });
});

describe('pruning the event log', () => {
  it('is done by one gateway process at a time, under a lease', async () => {
    await ingest([order('prune-1')]);
    const options = prunerSeenLater(t);
    const first = new EventPruner({ ...options, holder: 'gateway-a' });
    const second = new EventPruner({ ...options, holder: 'gateway-b' });
    expect(await first.runOnce()).toBeGreaterThan(0);
    await ingest([order('prune-2')]);
    // the first still holds the lease: the second leaves the log alone
    expect(await second.runOnce()).toBe(0);
    expect(await t.em().count(OrderEvent, {})).toBe(1);
    await first.stop(); // gives the lease up
    expect(await second.runOnce()).toBe(1);
    expect(await t.em().count(OrderEvent, {})).toBe(0);
    await second.stop();
  });
});

describe('live events executed once per kind of subscriber', () => {
  it('reads an event once for subscribers who see the same thing, and apart for those who see it differently', async () => {
    const dashboardKey = await t.keyFor(Role.DASHBOARD);
    const dashboards = Array.from({ length: 4 }, () => subscribe(connect(dashboardKey), {}));
    const admin = subscribe(connect(), {});
    await new Promise((r) => setTimeout(r, 400));
    t.sql.length = 0;
    await ingest([order('shared-1')]);
    for (const sub of [...dashboards, admin]) await sub.until(() => sub.received.length >= 1, 'the event');
    // the order is read once for the four dashboards and once for the admin, not five times
    const orderReads = t.sql.filter((q) => /^select .* from [`"]order[`"] as /i.test(q));
    expect(orderReads).toHaveLength(2);
    for (const sub of dashboards) expect(sub.received[0].order.customer?.email).toBe('b***@example.com');
    expect(admin.received[0].order.customer?.email).toBe('buyer-shared-1@example.com');
    for (const sub of [...dashboards, admin]) sub.dispose();
  });

  it('gives each subscriber of a shared kind only the events its own filter chooses, in log order, reading the orders of a run together', async () => {
    const from = await eventCursor();
    await ingest([order('run-0')]);
    const all = subscribe(connect(), {});
    const us = subscribe(connect(), { channelCodes: ['acme'] });
    const jp = subscribe(connect(), { channelCodes: ['acme-jp'] });
    const resumed = subscribe(connect(), { after: from });
    await resumed.until(() => resumed.received.length >= 1, 'the replayed event');
    await new Promise((r) => setTimeout(r, 300));
    t.sql.length = 0;
    const jpOrder = (id: string) => order(id, { currency: 'JPY', total: '1000', lines: [{ sku: 'MUG', title: 'Mug', qty: 1, price: '1000' }] });
    // two runs of events, each committed at once
    await Promise.all([ingest(['run-1', 'run-2', 'run-3'].map((id) => order(id))), ingest(['run-jp-1', 'run-jp-2'].map(jpOrder), 'acme-jp')]);
    await all.until(() => all.received.length >= 5, 'both runs');
    await resumed.until(() => resumed.received.length >= 6, 'the replay and both runs');
    await us.until(() => us.received.length >= 3, 'the acme run');
    await jp.until(() => jp.received.length >= 2, 'the acme-jp run');
    await new Promise((r) => setTimeout(r, 300));
    const logged = ids(all.received);
    expect([...logged].sort()).toEqual(['run-1', 'run-2', 'run-3', 'run-jp-1', 'run-jp-2']);
    expect(ids(resumed.received)).toEqual(['run-0', ...logged]);
    expect(ids(us.received)).toEqual(logged.filter((id) => !id.includes('jp')));
    expect(ids(jp.received)).toEqual(logged.filter((id) => id.includes('jp')));
    // the four share one kind: the orders of a run are read together once, whichever subscribers they go to
    const orderReads = t.sql.filter((q) => /^select .* from [`"]order[`"] as /i.test(q));
    expect(orderReads.length).toBeGreaterThanOrEqual(1);
    expect(orderReads.length).toBeLessThanOrEqual(2);
    for (const sub of [all, us, jp, resumed]) sub.dispose();
  });
});

describe('salesTicker subscription', () => {
  interface Figures { at: string; windowSeconds: number; channels: Array<{ channelCode: string; orders: number; revenue: Array<{ amount: string; currencyCode: string }>; averageOrderValue: Array<{ amount: string; currencyCode: string }> }> }
  const TICKER = `subscription($channelCodes: [String!], $windowSeconds: Int) {
    salesTicker(channelCodes: $channelCodes, windowSeconds: $windowSeconds) { at windowSeconds channels { channelCode orders revenue { amount currencyCode } averageOrderValue { amount currencyCode } } }
  }`;

  function ticker(variables: Record<string, unknown>, key = TEST_ADMIN_KEY) {
    const figures: Figures[] = [];
    const errors: unknown[] = [];
    const dispose = connect(key).subscribe<{ salesTicker: Figures }>({ query: TICKER, variables }, {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data?.salesTicker) figures.push(value.data.salesTicker);
      },
      error: (error) => errors.push(error),
      complete: () => {},
    });
    const until = async (test: () => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(figures)} ${JSON.stringify(errors)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { figures, errors, dispose, until };
  }

  beforeAll(async () => {
    for (const [code, currency] of [
      ['tick-us', 'USD'],
      ['tick-jp', 'JPY'],
    ]) {
      const res = await t.gql(CreateChannelDocument, {
        input: { code, name: code, kind: 'STOREFRONT', plugin: 'acme-connector', currencyCode: currency, webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
      });
      expect(res.errors).toBeUndefined();
    }
  });

  it('sends rolling orders, revenue and average order value per channel and currency, at once and then on change', async () => {
    const sub = ticker({ channelCodes: ['tick-us', 'tick-jp'], windowSeconds: 600 });
    await sub.until(() => sub.figures.length >= 1, 'the first figures');
    expect(sub.figures[0].channels).toEqual([
      { channelCode: 'tick-jp', orders: 0, revenue: [], averageOrderValue: [] },
      { channelCode: 'tick-us', orders: 0, revenue: [], averageOrderValue: [] },
    ]);
    await ingest([order('t-1', { total: '30.00' })], 'tick-us');
    await ingest([order('t-2', { total: '45.55', lines: [{ sku: 'MUG', title: 'Mug', qty: 1, price: '45.55' }] })], 'tick-us');
    await ingest([order('t-3', { currency: 'JPY', total: '3001', lines: [{ sku: 'MUG', title: 'Mug', qty: 1, price: '3001' }] })], 'tick-jp');
    // an update is not a new order
    await ingest([order('t-1', { status: 'FULFILLED' })], 'tick-us');
    await sub.until(() => sub.figures.some((f) => f.channels.reduce((n, c) => n + c.orders, 0) === 3), 'three orders');
    const last = sub.figures[sub.figures.length - 1];
    expect(last.windowSeconds).toBe(600);
    expect(last.channels).toEqual([
      { channelCode: 'tick-jp', orders: 1, revenue: [{ amount: '3001', currencyCode: 'JPY' }], averageOrderValue: [{ amount: '3001', currencyCode: 'JPY' }] },
      // 75.55 / 2 = 37.775: half away from zero
      { channelCode: 'tick-us', orders: 2, revenue: [{ amount: '75.55', currencyCode: 'USD' }], averageOrderValue: [{ amount: '37.78', currencyCode: 'USD' }] },
    ]);
    // nothing changes: nothing is sent
    const count = sub.figures.length;
    await new Promise((r) => setTimeout(r, 2_200));
    expect(sub.figures.length).toBe(count);
    sub.dispose();
  });

  it('sends at most once a second however fast orders come, and lets orders leave the window', async () => {
    const sub = ticker({ channelCodes: ['tick-us'], windowSeconds: 2 });
    await sub.until(() => sub.figures.length >= 1, 'the first figures');
    const started = Date.now();
    for (let i = 0; i < 8; i++) await ingest([order(`burst-${i}`)], 'tick-us');
    await sub.until(() => sub.figures.some((f) => f.channels[0].orders >= 8), 'the burst');
    const during = (Date.now() - started) / 1000;
    expect(sub.figures.length - 1).toBeLessThanOrEqual(Math.ceil(during) + 1);
    // two seconds later they have left the window
    await sub.until(() => sub.figures[sub.figures.length - 1].channels[0].orders === 0, 'the window to empty');
    sub.dispose();
  });

  it('refuses a window out of range and keeps a PARTNER to its channel', async () => {
    const bad = ticker({ windowSeconds: 0 });
    await bad.until(() => bad.errors.length > 0, 'the refusal');
    expect(JSON.stringify(bad.errors)).toMatch(/windowSeconds must be 1 to 86400/);
    const partner = ticker({ windowSeconds: 600 }, await t.keyFor(Role.PARTNER, 'tick-jp'));
    await partner.until(() => partner.figures.length >= 1, 'the partner figures');
    expect(partner.figures[0].channels.map((c) => c.channelCode)).toEqual(['tick-jp']);
    partner.dispose();
  });
});

describe('subscription sockets', () => {
  it("ends a revoked key's subscriptions at once, closing its socket with 4403", async () => {
    const created = await t.gql<{ createApiKey: { id: string; key: string } }, unknown>(
      'mutation { createApiKey(input: { name: "wall screen", role: DASHBOARD }) { id key } }',
    );
    const { id, key } = created.data!.createApiKey;
    let closed: number | null = null;
    const sub = subscribe(connect(key, (code) => (closed = code)), {});
    await new Promise((r) => setTimeout(r, 300));
    await ingest([order('rv-1')]);
    await sub.until(() => sub.received.length >= 1, 'an event before revocation');
    // a hint of a revocation that did not happen here (another deployment on the same Redis): nothing closes
    t.gateway.services.live.bus.publish('revoked-keys', id);
    await new Promise((r) => setTimeout(r, 300));
    await ingest([order('rv-2')]);
    await sub.until(() => sub.received.length >= 2, 'an event after the false hint');
    expect(closed).toBeNull();
    const revoked = await t.gql(`mutation { revokeApiKey(id: "${id}") }`);
    expect(revoked.data).toEqual({ revokeApiKey: true });
    await sub.until(() => closed !== null, 'the socket to close');
    expect(closed).toBe(4403);
  });

  it('closes a subscriber that falls behind with 4413, and it resumes from its last cursor with nothing missed', async () => {
    // a gateway whose subscriptions may hold 100 events
    const main = t;
    t = await startTestGateway({ plugins: [ACME_PLUGIN], subscriptionBuffer: 100 });
    try {
      const res = await t.gql(CreateChannelDocument, {
        input: { code: 'acme', name: 'acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
      });
      expect(res.errors).toBeUndefined();
      await fallBehindAndResume();
    } finally {
      await t.stop();
      t = main;
    }
  });

  async function fallBehindAndResume(): Promise<void> {
    const start = await eventCursor();
    let closed: number | null = null;
    // a raw graphql-transport-ws client, to see the close code and what came before it
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: Array<{ type: string; payload?: { data?: { orderEvents: EventMessage } } }> = [];
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.on('close', (code) => (closed = code));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }));
    while (!messages.some((m) => m.type === 'connection_ack')) await new Promise((r) => setTimeout(r, 20));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: EVENTS, variables: {} } }));
    await new Promise((r) => setTimeout(r, 200));
    // one payload of many orders: their events reach the subscription at once, past its buffer of 100
    await ingest(Array.from({ length: 150 }, (_, i) => order(`slow-${i}`)));
    while (closed === null) await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(4413);

    const got = messages.filter((m) => m.type === 'next').map((m) => m.payload!.data!.orderEvents);
    const last = got.length ? got[got.length - 1].cursor : start;
    const resumed = subscribe(connect(), { after: last });
    await resumed.until(() => got.length + resumed.received.length >= 150, 'the rest after resuming');
    expect([...ids(got), ...ids(resumed.received)]).toEqual(Array.from({ length: 150 }, (_, i) => `slow-${i}`));
    resumed.dispose();
  }

  it('refuses more than 50 subscriptions on one socket, keeping the others', async () => {
    const client = connect();
    const subs = Array.from({ length: 51 }, () => subscribe(client, {}));
    const last = subs[50];
    await last.until(() => last.ended, 'the refusal');
    expect(JSON.stringify(last.errors)).toMatch(/at most 50 subscriptions/);
    await ingest([order('many-1')]);
    await subs[0].until(() => subs[0].received.length >= 1, 'the first subscription to go on');
    for (const sub of subs) sub.dispose();
  });

  it('closes a socket that never says connection_init with 4408', async () => {
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    expect(await closed).toBe(4408);
  });

  it('drops a socket that stops answering pings', async () => {
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { autoPong: false });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }));
    // pings every 200 ms in this gateway: gone within a few intervals
    expect(await closed).toBe(1006);
  });

  it('keeps a socket that leaves one ping unanswered and answers the next', async () => {
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { autoPong: false });
    let closed: number | null = null;
    socket.on('close', (code) => (closed = code));
    let pings = 0;
    // every other ping answered, each unanswered one followed by an answer
    socket.on('ping', () => {
      if (++pings % 2 === 0) socket.pong();
    });
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }));
    while (pings < 6 && closed === null) await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBeNull();
    socket.close();
  });
});
