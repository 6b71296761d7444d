import { Role } from '../src/auth/role';
import { Order } from '../src/orders/order.entity';
import { MemoryBucketStore, RateLimiter, RedisBucketStore } from '../src/rate-limit/rate-limiter';
import { bucketLimit } from '../src/rate-limit/token-bucket';
import { createLogger } from '../src/server/logger';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

const REDIS_URL = process.env.SALESGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'rate-limit-secret';
const CHANNELS = `query { channels { code } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Defaults small enough to reach: a token a second; bursts of 3 GraphQL requests, 1 import, 2 webhooks.
const DEFAULTS = { graphql: bucketLimit(60, 3), imports: bucketLimit(60, 1), webhooks: bucketLimit(60, 2) };

let t: TestGateway;

/** A key made straight through the service, so that making it spends no request of any bucket. */
async function newKey(role: Role, extra: { channelCode?: string; rateLimit?: { requestsPerMinute: number; burst?: number } } = {}) {
  const { key, secret } = await t.gateway.services.apiKeys.create(t.em(), { name: `${role} ${Math.random()}`, role, ...extra });
  return { id: String(key.id), secret };
}

/** An ADMIN key that the tests' own set-up calls cannot exhaust. */
let admin: string;

async function sendOrder(channelCode: string, id: string) {
  const body = JSON.stringify({ orders: [acmeOrder(id)] });
  return postWebhook(t, channelCode, body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) });
}

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN], rateLimits: DEFAULTS });
  admin = (await newKey(Role.ADMIN, { rateLimit: { requestsPerMinute: 60_000, burst: 1000 } })).secret;
  for (const code of ['acme', 'acme-quiet']) {
    const res = await t.gql(
      'mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }',
      { input: { code, name: code, kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } } },
      admin,
    );
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

describe('rate limits on GraphQL requests, per API key', () => {
  it('serves a burst, then answers 429 RATE_LIMITED with Retry-After; another key is not held back; after the wait the key is served again', async () => {
    const { secret } = await newKey(Role.ANALYST);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.gql(CHANNELS, {}, secret)).status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await t.gql(CHANNELS, {}, secret);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(refused.errors?.[0].message).toMatch(/60 per minute, bursts of 3.*retry after 1 s/);
    expect(refused.data ?? null).toBeNull();

    const other = await newKey(Role.ANALYST);
    expect((await t.gql(CHANNELS, {}, other.secret)).status).toBe(200);

    await sleep(Number(refused.headers['retry-after']) * 1000);
    const again = await t.gql(CHANNELS, {}, secret);
    expect(again.status).toBe(200);
    expect(again.data).toEqual({ channels: [{ code: 'acme' }, { code: 'acme-quiet' }] });
  });

  it('counts a request once even when its answer carries errors', async () => {
    const { secret } = await newKey(Role.ANALYST, { rateLimit: { requestsPerMinute: 1, burst: 2 } });
    // an ANALYST may not list keys: FORBIDDEN, answered after the fast lane hands the query on
    const first = await t.gql('query { apiKeys { id } }', {}, secret);
    expect(first.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(CHANNELS, {}, secret)).status).toBe(200);
    expect((await t.gql(CHANNELS, {}, secret)).status).toBe(429);
  });

  it("takes a key's own limit, set when it is made or later, instead of the default; null goes back to the default", async () => {
    const made = await t.gql(
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { id key } }',
      { input: { name: 'slow reader', role: 'ANALYST', rateLimit: { requestsPerMinute: 30 } } },
      admin,
    );
    const { id, key } = (made.data as { createApiKey: { id: string; key: string } }).createApiKey;
    expect((await t.gql(CHANNELS, {}, key)).status).toBe(200);
    const refused = await t.gql(CHANNELS, {}, key);
    expect(refused.status).toBe(429);
    // a token every 2 s
    expect(refused.headers['retry-after']).toBe('2');

    const listed = await t.gql('query { apiKeys { id rateLimit { requestsPerMinute burst } importRateLimit { requestsPerMinute burst } } }', {}, admin);
    const row = (listed.data as { apiKeys: Array<{ id: string }> }).apiKeys.find((k) => k.id === id);
    expect(row).toEqual({ id, rateLimit: { requestsPerMinute: 30, burst: 1 }, importRateLimit: null });

    const fresh = await newKey(Role.DASHBOARD);
    const set = await t.gql(
      'mutation($id: ID!, $input: ApiKeyRateLimitsInput!) { setApiKeyRateLimits(id: $id, input: $input) { rateLimit { requestsPerMinute burst } importRateLimit { requestsPerMinute } } }',
      { id: fresh.id, input: { rateLimit: { requestsPerMinute: 120, burst: 1 }, importRateLimit: { requestsPerMinute: 10 } } },
      admin,
    );
    expect(set.data).toEqual({ setApiKeyRateLimits: { rateLimit: { requestsPerMinute: 120, burst: 1 }, importRateLimit: { requestsPerMinute: 10 } } });
    expect((await t.gql(CHANNELS, {}, fresh.secret)).status).toBe(200);
    expect((await t.gql(CHANNELS, {}, fresh.secret)).status).toBe(429);

    const cleared = await t.gql(
      'mutation($id: ID!, $input: ApiKeyRateLimitsInput!) { setApiKeyRateLimits(id: $id, input: $input) { rateLimit { requestsPerMinute } importRateLimit { requestsPerMinute } } }',
      { id: fresh.id, input: { rateLimit: null } },
      admin,
    );
    // the import limit, not named, is left as it was
    expect(cleared.data).toEqual({ setApiKeyRateLimits: { rateLimit: null, importRateLimit: { requestsPerMinute: 10 } } });

    // both changes are in the audit log, with the limits before and after
    const audit = await t.gql(
      'query($id: ID) { auditLog(first: 5, action: API_KEY_RATE_LIMITS_SET, targetType: API_KEY, targetId: $id) { edges { node { actorRole details } } } }',
      { id: fresh.id },
      admin,
    );
    const entries = (audit.data as { auditLog: { edges: Array<{ node: { actorRole: string; details: Record<string, unknown> } }> } }).auditLog.edges.map((e) => e.node);
    expect(entries).toEqual([
      { actorRole: 'ADMIN', details: expect.objectContaining({ from: { rateLimit: { requestsPerMinute: 120, burst: 1 }, importRateLimit: { requestsPerMinute: 10, burst: 1 } }, to: { rateLimit: null, importRateLimit: { requestsPerMinute: 10, burst: 1 } } }) },
      { actorRole: 'ADMIN', details: expect.objectContaining({ from: { rateLimit: null, importRateLimit: null }, to: { rateLimit: { requestsPerMinute: 120, burst: 1 }, importRateLimit: { requestsPerMinute: 10, burst: 1 } } }) },
    ]);
  });

  it('refuses a bad limit naming the field, and changes nothing; only ADMIN sets limits', async () => {
    const target = await newKey(Role.ANALYST, { rateLimit: { requestsPerMinute: 600, burst: 5 } });
    const bad = [
      [{ rateLimit: { requestsPerMinute: 0 } }, 'input.rateLimit', /requestsPerMinute must be a whole number of at least 1/],
      [{ rateLimit: { requestsPerMinute: 10, burst: 0 } }, 'input.rateLimit', /burst must be a whole number of at least 1/],
      [{ rateLimit: { requestsPerMinute: 10 }, importRateLimit: { requestsPerMinute: -5 } }, 'input.importRateLimit', /requestsPerMinute/],
    ] as const;
    for (const [input, field, message] of bad) {
      const res = await t.gql('mutation($id: ID!, $input: ApiKeyRateLimitsInput!) { setApiKeyRateLimits(id: $id, input: $input) { id } }', { id: target.id, input }, admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors?.[0].message).toMatch(message);
    }
    const listed = await t.gql('query { apiKeys { id rateLimit { requestsPerMinute burst } } }', {}, admin);
    expect((listed.data as { apiKeys: Array<{ id: string }> }).apiKeys.find((k) => k.id === target.id)).toEqual({ id: target.id, rateLimit: { requestsPerMinute: 600, burst: 5 } });

    const unknown = await t.gql('mutation { setApiKeyRateLimits(id: "999999", input: { rateLimit: null }) { id } }', {}, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toMatch(/no API key with id 999999/);

    const analyst = await newKey(Role.ANALYST);
    const forbidden = await t.gql(`mutation { setApiKeyRateLimits(id: "${analyst.id}", input: { rateLimit: null }) { id } }`, {}, analyst.secret);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('rate limits on webhooks, per channel', () => {
  it('answers 429 with Retry-After beyond the burst and stores nothing of the refused delivery; the channel retrying later is served; other channels are not held back', async () => {
    const before = await t.em().count(Order, {});
    expect((await sendOrder('acme', 'rl-1')).status).toBe(200);
    expect((await sendOrder('acme', 'rl-2')).status).toBe(200);
    const refused = await sendOrder('acme', 'rl-3');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.message).toMatch(/this channel's webhook deliveries/);
    expect(await t.em().count(Order, {})).toBe(before + 2);
    expect(await t.em().count(Order, { externalId: 'rl-3' })).toBe(0);

    expect((await sendOrder('acme-quiet', 'rl-q')).status).toBe(200);

    await sleep(1000);
    const retried = await sendOrder('acme', 'rl-3');
    expect(retried.status).toBe(200);
    expect(retried.body.result).toBe('created');
    expect(await t.em().count(Order, { externalId: 'rl-3' })).toBe(1);
  });

  it("takes the channel's own limit from createChannel/updateChannel and shows it; null goes back to the default", async () => {
    const created = await t.gql(
      'mutation($input: CreateChannelInput!) { createChannel(input: $input) { webhookRateLimit { requestsPerMinute burst } } }',
      { input: { code: 'acme-tight', name: 'tight', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' }, webhookRateLimit: { requestsPerMinute: 6, burst: 1 } } },
      admin,
    );
    expect(created.data).toEqual({ createChannel: { webhookRateLimit: { requestsPerMinute: 6, burst: 1 } } });
    expect((await sendOrder('acme-tight', 'tight-1')).status).toBe(200);
    const refused = await sendOrder('acme-tight', 'tight-2');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');

    const bad = await t.gql('mutation { updateChannel(code: "acme-tight", input: { name: "renamed", webhookRateLimit: { requestsPerMinute: 0 } }) { name } }', {}, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.webhookRateLimit' });
    const cleared = await t.gql('mutation { updateChannel(code: "acme-tight", input: { webhookRateLimit: null }) { name webhookRateLimit { requestsPerMinute } } }', {}, admin);
    expect(cleared.data).toEqual({ updateChannel: { name: 'tight', webhookRateLimit: null } });
  });
});

describe('rate limits on imports, per API key', () => {
  it('answers 429 with Retry-After beyond the burst and imports nothing of the refused file', async () => {
    const partner = await newKey(Role.PARTNER, { channelCode: 'acme-quiet' });
    const file = (id: string) => `${JSON.stringify({ id, status: 'PAID', placed_at: '2026-11-20T10:00:00Z', currency: 'USD', total: '5.00', lines: [{ sku: 'TEA', title: 'Tea', qty: 1, price: '5.00' }] })}\n`;
    const upload = (body: string) =>
      t.http().post('/channels/acme-quiet/imports').set('content-type', 'application/x-ndjson').set('authorization', `Bearer ${partner.secret}`).send(body);
    const first = await upload(file('imp-1'));
    expect(first.status).toBe(200);
    expect(first.body.accepted).toBe(1);
    const refused = await upload(file('imp-2'));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.error.message).toMatch(/this API key's imports/);
    expect(await t.em().count(Order, { externalId: 'imp-2' })).toBe(0);
    // GraphQL requests of the same key draw from another bucket
    expect((await t.gql(CHANNELS, {}, partner.secret)).status).toBe(200);
  });
});

describe('rate limits shared through Redis (REDIS_URL)', () => {
  it('two gateway processes on one database draw from the same bucket', async () => {
    const a = await startTestGateway({ plugins: [ACME_PLUGIN], redisUrl: REDIS_URL, rateLimits: DEFAULTS });
    try {
      const b = await startTestGateway({ plugins: [ACME_PLUGIN], redisUrl: REDIS_URL, rateLimits: DEFAULTS, database: a.gateway.config.database });
      try {
        const { secret } = await a.gateway.services.apiKeys.create(a.em(), { name: 'shared', role: Role.ANALYST });
        expect((await a.gql(CHANNELS, {}, secret)).status).toBe(200);
        expect((await b.gql(CHANNELS, {}, secret)).status).toBe(200);
        expect((await a.gql(CHANNELS, {}, secret)).status).toBe(200);
        const refused = await b.gql(CHANNELS, {}, secret);
        expect(refused.status).toBe(429);
        expect(refused.headers['retry-after']).toBe('1');
      } finally {
        await b.stop();
      }
    } finally {
      await a.stop();
    }
  });

  it('when Redis cannot be reached, requests are let through and the problem is logged', async () => {
    const logs: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void logs.push(line) } as never);
    const limiter = new RateLimiter(new RedisBucketStore('redis://127.0.0.1:1', 'salesgraph:rate:unreachable:', log), DEFAULTS);
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limiter.check('graphql', 1, null));
      expect(answers).toEqual([null, null, null, null, null]);
      expect(logs.join('')).toMatch(/rate limits unavailable/);
    } finally {
      await limiter.close();
    }
  });

  it('a limiter in memory keeps each process to its own buckets', async () => {
    const one = new RateLimiter(new MemoryBucketStore(), DEFAULTS);
    const two = new RateLimiter(new MemoryBucketStore(), DEFAULTS);
    for (let i = 0; i < 3; i++) expect(await one.check('graphql', 7, null)).toBeNull();
    expect(await one.check('graphql', 7, null)).toMatchObject({ traffic: 'graphql', retryAfterSeconds: 1 });
    expect(await two.check('graphql', 7, null)).toBeNull();
  });
});
