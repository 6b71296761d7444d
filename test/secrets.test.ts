/**
 * Secrets are never logged nor returned. A real gateway process with LOG_LEVEL=trace goes through
 * a full day: the admin key from the environment, API keys made, channels with webhook secrets and
 * secret plugin settings (Square's and Amazon's access tokens) created and rotated, webhooks
 * signed well and badly, a Square order fetched and an Amazon pull run with those tokens, a till
 * import, reads of channels and keys, a subscription, and requests that fail. Then every line the
 * process wrote and every answer it gave is searched for each secret, bare and as a bearer header.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { retrievedOrder, sample, WEBHOOK_ORDER_CREATED } from '../plugins/square-pos/test-fixtures';
import { startGatewayProcess, type GatewayProcess } from '../src/testing/gateway-process';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';
import { tillExport } from './support/till-export';
import { shopifyOrderDeliveries } from './support/webhook-senders';

const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

/** Every secret the gateway is given or makes, by what it is. */
const secrets = {
  adminKey: token('sg_admin_'),
  shopifySecret: token('shpss_'),
  shopifyRotatedSecret: token('shpss_rotated_'),
  squareSignatureKey: token('sqsig_'),
  squareAccessToken: token('EAAA_'),
  squareRotatedToken: token('EAAA_rotated_'),
  amazonAccessToken: token('Atza_'),
  posSecret: token('pos_'),
  /** Given only in requests the gateway refuses. */
  refusedSecret: token('refused_'),
} as Record<string, string>;

const SQUARE_ORDER_ID = sample(WEBHOOK_ORDER_CREATED).data.id as string;
const NOTIFICATION_URL = 'https://salesgraph.example.com/channels/store/webhooks';

interface Answer {
  what: string;
  status: number;
  text: string;
}

let db: TestDatabase;
let gw: GatewayProcess;
let upstream: http.Server;
let upstreamUrl: string;
/** The Authorization / x-amz-access-token headers the channels' APIs received. */
const upstreamAuth: string[] = [];
/** Every answer the gateway gave in this test, but the one createApiKey answer per key that shows it. */
const answers: Answer[] = [];

async function call(what: string, route: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Answer> {
  const res = await fetch(`${gw.url}${route}`, init);
  const answer = { what, status: res.status, text: await res.text() };
  answers.push(answer);
  return answer;
}

function gql(what: string, key: string | null, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return call(what, '/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
}

/** Creates a key; its secret joins the secrets, and its one answer is kept out of the answers searched. */
async function createKey(name: string, role: string, channelCode?: string): Promise<string> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.adminKey}` },
    body: JSON.stringify({
      query: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { id key role channelCode } }',
      variables: { input: { name, role, channelCode } },
    }),
  });
  const body = (await res.json()) as { data: { createApiKey: { key: string } } };
  const key = body.data.createApiKey.key;
  secrets[`${name} key`] = key;
  return key;
}

const CREATE_CHANNEL = 'mutation($input: CreateChannelInput!) { createChannel(input: $input) { code plugin enabled } }';
const UPDATE_CHANNEL = 'mutation($code: String!, $input: UpdateChannelInput!) { updateChannel(code: $code, input: $input) { code enabled } }';

function signedShopifyOrder(secret: string, seed: number): { body: string; headers: Record<string, string> } {
  return shopifyOrderDeliveries(1, secret, seed)[0];
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    upstreamAuth.push(String(req.headers.authorization ?? req.headers['x-amz-access-token'] ?? ''));
    res.setHeader('content-type', 'application/json');
    if (req.url === `/v2/orders/${SQUARE_ORDER_ID}`) return void res.end(JSON.stringify(retrievedOrder(SQUARE_ORDER_ID)));
    // the Amazon Orders API is down: the pull stops and says so in the log
    res.statusCode = 503;
    res.end(JSON.stringify({ errors: [{ code: 'ServiceUnavailable', message: 'try later' }] }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  db = await createTestDatabase();
  gw = await startGatewayProcess({
    DATABASE_URL: db.config.url,
    SALESGRAPH_ADMIN_KEY: secrets.adminKey,
    LOG_LEVEL: 'trace',
    SALESGRAPH_PULL_INTERVAL_SECONDS: '1',
  });

  // channels, with their secrets
  await gql('create shopify channel', secrets.adminKey, CREATE_CHANNEL, {
    input: { code: 'web', name: 'Web shop', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: secrets.shopifySecret },
  });
  await gql('create square channel', secrets.adminKey, CREATE_CHANNEL, {
    input: {
      code: 'store',
      name: 'Store',
      kind: 'OFFLINE_STORE',
      plugin: 'square-pos',
      currencyCode: 'USD',
      webhookSecret: secrets.squareSignatureKey,
      settings: { apiBaseUrl: upstreamUrl, accessToken: secrets.squareAccessToken, notificationUrl: NOTIFICATION_URL },
    },
  });
  await gql('create amazon channel', secrets.adminKey, CREATE_CHANNEL, {
    input: {
      code: 'amazon',
      name: 'Amazon US',
      kind: 'MARKETPLACE',
      plugin: 'amazon-sp-api',
      currencyCode: 'USD',
      settings: { pull: true, apiBaseUrl: upstreamUrl, marketplaceIds: 'ATVPDKIKX0DER', accessToken: secrets.amazonAccessToken, pullUpdatedAfter: '2026-11-01T00:00:00Z' },
    },
  });
  await gql('create till channel', secrets.adminKey, CREATE_CHANNEL, {
    input: { code: 'till', name: 'Tills', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR', webhookSecret: secrets.posSecret },
  });

  // keys of every role
  const analyst = await createKey('analyst', 'ANALYST');
  const dashboard = await createKey('dashboard', 'DASHBOARD');
  const partner = await createKey('partner', 'PARTNER', 'till');
  const revoked = await createKey('revoked', 'ANALYST');
  const keys = (await gql('list keys', secrets.adminKey, '{ apiKeys { id name } }')).text;
  const revokedId = (JSON.parse(keys) as { data: { apiKeys: Array<{ id: string; name: string }> } }).data.apiKeys.find((k) => k.name === 'revoked')!.id;
  await gql('revoke a key', secrets.adminKey, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id: revokedId });

  // webhooks: well signed, badly signed, signed with another secret
  const good = signedShopifyOrder(secrets.shopifySecret, 1);
  await call('shopify order, signed', '/channels/web/webhooks', { method: 'POST', headers: good.headers, body: good.body });
  await call('shopify order, bad signature', '/channels/web/webhooks', {
    method: 'POST',
    headers: { ...good.headers, 'x-shopify-hmac-sha256': 'bm90IGEgc2lnbmF0dXJl' },
    body: good.body,
  });
  const forged = signedShopifyOrder(secrets.refusedSecret, 2);
  await call('shopify order, another secret', '/channels/web/webhooks', { method: 'POST', headers: forged.headers, body: forged.body });
  const event = Buffer.from(JSON.stringify(sample(WEBHOOK_ORDER_CREATED)));
  const squareSignature = createHmac('sha256', secrets.squareSignatureKey).update(Buffer.concat([Buffer.from(NOTIFICATION_URL), event])).digest('base64');
  await call('square event, signed', '/channels/store/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': squareSignature },
    body: event,
  });
  await call('square event, unsigned', '/channels/store/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: event });
  await call('invalid payload, signed', '/channels/till/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-salesgraph-signature': `sha256=${createHmac('sha256', secrets.posSecret).update('{"not":"an order"}').digest('hex')}` },
    body: '{"not":"an order"}',
  });

  // rotation: new webhook secret and access token
  await gql('rotate the shopify secret', secrets.adminKey, UPDATE_CHANNEL, { code: 'web', input: { webhookSecret: secrets.shopifyRotatedSecret } });
  await gql('rotate the square token', secrets.adminKey, UPDATE_CHANNEL, {
    code: 'store',
    input: { settings: { apiBaseUrl: upstreamUrl, accessToken: secrets.squareRotatedToken, notificationUrl: NOTIFICATION_URL } },
  });
  const rotated = signedShopifyOrder(secrets.shopifyRotatedSecret, 3);
  await call('shopify order, rotated secret', '/channels/web/webhooks', { method: 'POST', headers: rotated.headers, body: rotated.body });

  // a till import by the channel's partner
  await call('till import', '/channels/till/imports', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${partner}` },
    body: tillExport(3).csv,
  });

  // reads by every role
  for (const [role, key] of [['admin', secrets.adminKey], ['analyst', analyst], ['dashboard', dashboard], ['partner', partner]]) {
    await gql(`${role}: channels`, key, '{ channels { id code name kind plugin currencyCode countryCode enabled } }');
    await gql(`${role}: orders`, key, '{ orders(first: 50) { edges { node { externalId channel { code } customer { email name } } } } }');
  }
  await gql('admin: keys', secrets.adminKey, '{ apiKeys { id name role channelCode createdAt lastUsedAt revoked } }');
  await gql('admin: dead letters', secrets.adminKey, '{ deadLetters { id reason message channel { code } } }');
  await gql('admin: audit log', secrets.adminKey, '{ auditLog(first: 100) { edges { node { action targetType targetId actorKeyName details } } } }');
  await call('admin: sales export', '/exports/sales-summary.csv?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', {
    headers: { authorization: `Bearer ${secrets.adminKey}` },
  });

  // a subscription over the socket, and one refused
  await subscribeOnce(dashboard);
  await subscribeOnce(secrets.refusedSecret).catch(() => undefined);

  // requests that fail, carrying secrets
  await gql('revoked key', revoked, '{ channels { code } }');
  await gql('unknown key', secrets.refusedSecret, '{ channels { code } }');
  await gql('partner may not read keys', partner, '{ apiKeys { id } }');
  await gql('analyst may not create channels', analyst, CREATE_CHANNEL, {
    input: { code: 'x', name: 'X', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: secrets.refusedSecret },
  });
  await gql('duplicate channel code', secrets.adminKey, CREATE_CHANNEL, {
    input: { code: 'web', name: 'Again', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: secrets.refusedSecret },
  });
  await gql('unknown plugin', secrets.adminKey, CREATE_CHANNEL, {
    input: { code: 'y', name: 'Y', kind: 'STOREFRONT', plugin: 'nope', currencyCode: 'USD', webhookSecret: secrets.refusedSecret },
  });
  await gql('a secret setting of the wrong type', secrets.adminKey, UPDATE_CHANNEL, {
    code: 'store',
    input: { settings: { apiBaseUrl: upstreamUrl, accessToken: [secrets.refusedSecret] } },
  });
  await gql('an unknown setting', secrets.adminKey, UPDATE_CHANNEL, { code: 'store', input: { settings: { apiKey: secrets.refusedSecret } } });
  await gql('a webhook secret longer than a secret may be', secrets.adminKey, UPDATE_CHANNEL, {
    code: 'till',
    input: { webhookSecret: `${secrets.refusedSecret}${'x'.repeat(600)}` },
  });
  // PostgreSQL cannot store a NUL in JSON: the statement fails in the database, an unexpected error logged in full
  await gql('a setting the database cannot store', secrets.adminKey, UPDATE_CHANNEL, {
    code: 'store',
    input: { settings: { apiBaseUrl: upstreamUrl, accessToken: `${secrets.refusedSecret}\u0000`, notificationUrl: NOTIFICATION_URL } },
  });
  await gql('a syntax error', secrets.adminKey, `{ channels { code } ${secrets.refusedSecret}`);
  await call('a malformed body', '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.adminKey}` },
    body: `{"query": "${secrets.refusedSecret}`,
  });
  await call('an import with a refused key', '/channels/till/imports', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${secrets.refusedSecret}` },
    body: 'x',
  });

  // the pull runner has tried the Amazon API with its token by now
  const deadline = Date.now() + 10_000;
  while (!upstreamAuth.includes(secrets.amazonAccessToken) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await gw.stop();
}, 60_000);

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Subscribes to the sales ticker and waits for its first figures; rejects when the key is refused. */
function subscribeOnce(key: string): Promise<void> {
  const client = createClient({
    url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<void>((resolve, reject) => {
    const stop = client.subscribe(
      { query: 'subscription { salesTicker(windowSeconds: 60) { channels { channelCode orders } } }' },
      {
        next: (result) => {
          answers.push({ what: `subscription (${key === secrets.refusedSecret ? 'refused' : 'dashboard'})`, status: 0, text: JSON.stringify(result) });
          stop();
          resolve();
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(),
      },
    );
  }).finally(() => client.dispose());
}

describe('secrets', () => {
  it('went through the gateway: the channels verified and called their APIs with them', () => {
    const byWhat = new Map(answers.map((a) => [a.what, a.status]));
    expect(byWhat.get('shopify order, signed')).toBe(200);
    expect(byWhat.get('shopify order, bad signature')).toBe(401);
    expect(byWhat.get('shopify order, another secret')).toBe(401);
    expect(byWhat.get('shopify order, rotated secret')).toBe(200);
    expect(byWhat.get('square event, signed')).toBe(200);
    expect(byWhat.get('square event, unsigned')).toBe(401);
    expect(byWhat.get('till import')).toBe(200);
    expect(byWhat.get('unknown key')).toBe(401);
    expect(answers.find((a) => a.what === 'admin: audit log')?.text).toContain('"details"');
    const tooLong = JSON.parse(answers.find((a) => a.what === 'a webhook secret longer than a secret may be')!.text);
    expect(tooLong.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.webhookSecret' });
    expect(upstreamAuth).toContain(`Bearer ${secrets.squareAccessToken}`);
    expect(upstreamAuth).toContain(secrets.amazonAccessToken);
    expect(gw.logs.some((line) => line.msg === 'channel pull stopped; the next run resumes from the last page stored')).toBe(true);
  });

  it('were logged at trace level without any of them', () => {
    expect(gw.output.length).toBeGreaterThan(20);
    expect(gw.logs.some((line) => line.level === 50 || line.level === 40)).toBe(true);
    const leaks = Object.entries(secrets).flatMap(([what, secret]) =>
      gw.output.filter((line) => line.includes(secret) || line.includes(`Bearer ${secret}`)).map((line) => `${what}: ${line.slice(0, 500)}`),
    );
    expect(leaks).toEqual([]);
  });

  it('are in no answer of the API, the key a createApiKey answer shows aside', () => {
    expect(answers.length).toBeGreaterThan(30);
    const leaks = Object.entries(secrets).flatMap(([what, secret]) =>
      answers.filter((a) => a.text.includes(secret) || a.text.includes(`Bearer ${secret}`)).map((a) => `${what} in "${a.what}": ${a.text.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });
});
