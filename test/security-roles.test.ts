/**
 * The access table of docs/security.md, cell by cell, through the real routes: each row names a
 * route, a root field or a sensitive field; each column a caller (a key of each role, a PARTNER
 * key on its own channel and on another, no key). The probe of a row does what that row is about
 * as that caller and says what came of it in the table's words (allowed, masked, scoped, hidden,
 * or the refusal). The table is read from the doc, so the doc and the gateway cannot drift apart,
 * and every root field of the schema must have a row.
 */
import fs from 'node:fs';
import path from 'node:path';

import { buildSchema, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { Role } from '../src/auth/role';
import { buildGatewaySchema } from '../src/server/schema';
import { makeCustomer } from '../src/testing/factories';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { salesgraphSignature } from '../src/testing/webhooks';
import { TILL_HEADER } from './support/till-export';
import { shopifyOrderDeliveries } from './support/webhook-senders';

const DOC = path.resolve(__dirname, '../docs/security.md');
const COLUMNS = ['ADMIN', 'ANALYST', 'PARTNER own', 'PARTNER other', 'DASHBOARD', 'no key'] as const;
type Column = (typeof COLUMNS)[number];

/** The rows of the access table in docs/security.md: the operation and the expected cell per column. */
function accessTable(): Array<{ operation: string; cells: Record<Column, string> }> {
  const text = fs.readFileSync(DOC, 'utf8');
  const start = text.indexOf('<!-- roles:start -->');
  const end = text.indexOf('<!-- roles:end -->');
  if (start < 0 || end < start) throw new Error('docs/security.md has no <!-- roles:start --> … <!-- roles:end --> section');
  const rows: Array<{ operation: string; cells: Record<Column, string> }> = [];
  for (const line of text.slice(start, end).split('\n')) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (cells.length < 8) continue;
    if (cells[0] === 'operation') {
      if (cells.slice(1, 7).join('|') !== COLUMNS.join('|')) throw new Error(`docs/security.md: a table's columns are not ${COLUMNS.join(', ')}: ${line}`);
      continue;
    }
    const operation = /^`([^`]+)`$/.exec(cells[0])?.[1];
    if (!operation) continue;
    rows.push({ operation, cells: Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i + 1]])) as Record<Column, string> });
  }
  return rows;
}

const TABLE = accessTable();

// ---------------------------------------------------------------------------------------------
// the world the probes act on

const OWN = 'north';
const OTHER = 'south';
/** A storefront whose webhooks the webhook row posts to (keys play no part there). */
const WEBHOOK_CHANNEL = 'web';
const WEBHOOK_SECRET = 'secret-web';
const NOW = Date.now();
const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString();
/** pos-csv's sold_at: local time with its offset. */
const soldAt = (offsetDays: number) => `${new Date(NOW + offsetDays * DAY + 3_600_000).toISOString().slice(0, 19)}+01:00`;

interface Person {
  email: string;
  phone: string;
  name: string;
}
const ANA: Person = { email: 'ana.north@example.com', phone: '+49 30 1234567', name: 'Ana North' };
const BO: Person = { email: 'bo.south@example.com', phone: '+49 40 7654321', name: 'Bo South' };
const CY: Person = { email: 'cy.both@example.com', phone: '+49 89 5550123', name: 'Cy Both' };

/** What the setup made, by channel where it belongs to one. */
interface ChannelWorld {
  /** The order of its own customer (Ana on north, Bo on south). */
  orderId: string;
  orderExternalId: string;
  orderNumber: string;
  /** Cy's order on this channel (Cy buys on both). */
  sharedOrderNumber: string;
  customerId: string;
  /** The customer as an ADMIN sees them (unmasked), to tell masked answers from full ones. */
  person: Person & { storedPhone: string };
  campaignId: string;
}

let t: TestGateway;
let schema: GraphQLSchema;
/** A key of each role; the PARTNER's is bound to OWN. */
const keys = {} as Record<'ADMIN' | 'ANALYST' | 'DASHBOARD' | 'PARTNER', string>;
const world: Record<string, ChannelWorld> = {};
let everyChannelCampaignId: string;
let spareCampaignId: string;
let spareKeyId: string;
let deadLetterId: string;
let firstCursor: string | null;
let serial = 0;

interface Caller {
  column: Column;
  key: string | null;
  /** The channel the probe acts on: the PARTNER key's own, or the other one. */
  channel: string;
}

function callerOf(column: Column): Caller {
  switch (column) {
    case 'PARTNER own':
      return { column, key: keys.PARTNER, channel: OWN };
    case 'PARTNER other':
      return { column, key: keys.PARTNER, channel: OTHER };
    case 'no key':
      return { column, key: null, channel: OWN };
    default:
      return { column, key: keys[column], channel: OWN };
  }
}

// ---------------------------------------------------------------------------------------------
// reading answers in the table's words

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A GraphQL answer as one word: the refusal's code, or what `judge` makes of the data. */
async function gql(caller: Caller, query: string, variables: Json, judge: (data: Json) => string): Promise<string> {
  const res = await t.gql(query, variables, caller.key);
  if (res.errors?.length) {
    const code = String(res.errors[0].extensions?.code);
    if (code === 'UNAUTHENTICATED') expect(res.status).toBe(401);
    return code;
  }
  expect(res.status).toBe(200);
  return judge(res.data as Json);
}

/** Full, masked, or neither (a failure of the probe) for one value of personal data. */
function personal(shown: string | null | undefined, full: string): 'allowed' | 'masked' {
  if (shown === full) return 'allowed';
  if (typeof shown === 'string' && shown.includes('***') && shown[0] === full[0]) return 'masked';
  throw new Error(`"${shown}" is neither "${full}" nor a masked form of it`);
}

/** How a customer's e-mail, phone and name were shown: all in full, or all masked. */
function personOf(customer: Json, of: ChannelWorld): string {
  const seen = new Set([personal(customer.email, of.person.email), personal(customer.phone, of.person.storedPhone), personal(customer.name, of.person.name)]);
  if (seen.size !== 1) throw new Error(`mixed masking: ${JSON.stringify(customer)}`);
  return [...seen][0];
}

/** An HTTP route's answer: 'allowed' (or what `judge` makes of the body) on 200, else "status code". */
async function route(caller: Caller, method: 'get' | 'post', url: string, send?: { type: string; body: string }, judge?: (text: string) => string): Promise<string> {
  const req = t.http()[method](url);
  if (caller.key) req.set('authorization', `Bearer ${caller.key}`);
  const res = send ? await req.set('content-type', send.type).send(send.body) : await req;
  if (res.status !== 200) return `${res.status} ${res.body?.error?.code ?? res.body?.errors?.[0]?.extensions?.code ?? ''}`.trim();
  return judge ? judge(res.text) : 'allowed';
}

/** The first result of a subscription, or how it was refused (an error's code, or the socket's close code). */
function subscribe(caller: Caller, query: string, variables: Json, judge: (data: Json) => string): Promise<string> {
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: caller.key ? { authorization: `Bearer ${caller.key}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<string>((resolve, reject) => {
    const stop = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          stop();
          if (result.errors?.length) resolve(String(result.errors[0].extensions?.code));
          else resolve(judge(result.data as Json));
        },
        error: (error: unknown) => {
          // GraphQL errors of the operation, or the socket's CloseEvent
          if (Array.isArray(error)) resolve(String((error[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code));
          else if (typeof (error as { code?: unknown })?.code === 'number') resolve(`closed ${(error as { code: number }).code}`);
          else reject(error);
        },
        complete: () => resolve('completed without a result'),
      },
    );
  }).finally(() => client.dispose());
}

const adminGql = async (query: string, variables: Json = {}): Promise<Json> => {
  const res = await t.gql(query, variables);
  if (res.errors?.length) throw new Error(`${query}: ${JSON.stringify(res.errors)}; last error logged: ${JSON.stringify(t.logs.filter((l) => Number(l.level) >= 50).at(-1))}`);
  return res.data as Json;
};

const listed = (present: boolean) => (present ? 'allowed' : 'hidden');

// ---------------------------------------------------------------------------------------------
// one probe per row

type Probe = (caller: Caller) => Promise<string>;

const CUSTOMER_FIELDS = 'id email phone name';
const ORDER_WITH_CUSTOMER = `id externalId channel { code } customer { ${CUSTOMER_FIELDS} }`;

/** The order of the channel's own customer, by `orders(filter)`, judged by its customer's personal data. */
const ordersOf = (caller: Caller, judge: (customer: Json, of: ChannelWorld) => string, search = world[caller.channel].orderNumber, select = `customer { ${CUSTOMER_FIELDS} }`) =>
  gql(caller, `query($filter: OrderFilter) { orders(first: 5, filter: $filter) { edges { node { id ${select} } } } }`, { filter: { channelCodes: [caller.channel], search } }, (d) => {
    const node = d.orders.edges[0]?.node;
    return node ? judge(node.customer, world[caller.channel]) : 'hidden';
  });

/** Cy (a customer of both channels) reached through their order on the caller's channel: the part of them the key sees. */
const cyPart = (caller: Caller, select: string, count: (customer: Json) => number) =>
  ordersOf(caller, (customer) => (count(customer) === 2 ? 'allowed' : count(customer) === 1 ? 'scoped' : `saw ${count(customer)}`), world[caller.channel].sharedOrderNumber, `customer { ${select} }`);

const csvImport = (receipt: string, channel: string) => ({
  type: 'text/csv',
  body: `${TILL_HEADER}\n${channel.toUpperCase()},${receipt},${soldAt(-1)},MUG,Mug,1,10.00,0,0,EUR,,,,\n`,
});

const PROBES: Record<string, Probe> = {
  // HTTP routes
  'POST /graphql': async (c) => {
    const res = await t.gql<{ __typename: string }, Json>('{ __typename }', {}, c.key);
    return res.status === 200 && res.data?.__typename === 'Query' ? 'allowed' : `${res.status} ${res.errors?.[0].extensions?.code}`;
  },
  'GET /graphql (WebSocket)': (c) => subscribe(c, 'subscription { salesTicker(windowSeconds: 60) { windowSeconds } }', {}, () => 'allowed'),
  'POST /channels/{code}/webhooks': async (c) => {
    const post = async (secret: string | null) => {
      const { body, headers } = shopifyOrderDeliveries(1, secret ?? 'not the secret', ++serial)[0];
      const req = t.http().post(`/channels/${WEBHOOK_CHANNEL}/webhooks`).set(headers);
      if (secret === null) req.unset('x-shopify-hmac-sha256');
      if (c.key) req.set('authorization', `Bearer ${c.key}`);
      return (await req.send(body)).status;
    };
    const [unsigned, forged, signed] = [await post(null), await post('another secret'), await post(WEBHOOK_SECRET)];
    return unsigned === 401 && forged === 401 && signed === 200 ? 'signed' : `unsigned ${unsigned}, forged ${forged}, signed ${signed}`;
  },
  'POST /channels/{code}/imports': (c) => route(c, 'post', `/channels/${c.channel}/imports`, csvImport(`R${++serial}`, c.channel)),
  'POST /catalog/imports': (c) => route(c, 'post', '/catalog/imports', { type: 'text/csv', body: 'sku,title\nMUG,Mug\n' }),
  'GET /exports/sales-summary.csv': (c) =>
    route(c, 'get', `/exports/sales-summary.csv?from=${iso(-30)}&to=${iso(1)}&groupBy=CHANNEL&channelCodes=${c.channel}`, undefined, (text) =>
      listed(text.trim().split('\n').length > 1),
    ),
  'GET /exports/customer-segments.csv': (c) =>
    route(c, 'get', '/exports/customer-segments.csv', undefined, (text) => {
      const of = world[c.channel];
      const row = text.split('\n').find((line) => line.startsWith(`${of.customerId},`));
      if (!row) return 'hidden';
      const [, name, email] = row.split(',');
      const seen = new Set([personal(name, of.person.name), personal(email, of.person.email)]);
      return seen.size === 1 ? [...seen][0] : 'mixed';
    }),
  'GET /healthz': (c) => route(c, 'get', '/healthz'),
  'GET /readyz': (c) => route(c, 'get', '/readyz'),
  'GET /metrics': (c) => route(c, 'get', '/metrics'),
  'GET /dashboard': (c) => route(c, 'get', '/dashboard'),

  // queries
  'Query.channels': (c) => gql(c, '{ channels { code } }', {}, (d) => listed(d.channels.some((ch: Json) => ch.code === c.channel))),
  'Query.order': (c) =>
    gql(c, `query($id: ID!) { order(id: $id) { ${ORDER_WITH_CUSTOMER} } }`, { id: world[c.channel].orderId }, (d) => (d.order ? personOf(d.order.customer, world[c.channel]) : 'hidden')),
  'Query.orderByExternalId': (c) =>
    gql(
      c,
      `query($code: String!, $id: String!) { orderByExternalId(channelCode: $code, externalId: $id) { ${ORDER_WITH_CUSTOMER} } }`,
      { code: c.channel, id: world[c.channel].orderExternalId },
      (d) => (d.orderByExternalId ? personOf(d.orderByExternalId.customer, world[c.channel]) : 'hidden'),
    ),
  'Query.orders': (c) => ordersOf(c, personOf),
  'Query.customer': (c) =>
    gql(c, `query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id: world[c.channel].customerId }, (d) => (d.customer ? personOf(d.customer, world[c.channel]) : 'hidden')),
  'Query.customers': (c) =>
    gql(c, `query($search: String) { customers(first: 5, search: $search) { edges { node { ${CUSTOMER_FIELDS} } } } }`, { search: world[c.channel].person.name }, (d) => {
      const node = d.customers.edges.find((e: Json) => e.node.id === world[c.channel].customerId)?.node;
      return node ? personOf(node, world[c.channel]) : 'hidden';
    }),
  'Query.eventCursor': (c) => gql(c, '{ eventCursor }', {}, (d) => (typeof d.eventCursor === 'string' ? 'allowed' : 'no cursor')),
  'Query.salesSummary': (c) =>
    gql(
      c,
      'query($from: DateTime!, $to: DateTime!, $codes: [String!]) { salesSummary(from: $from, to: $to, groupBy: [CHANNEL], filter: { channelCodes: $codes }) { currencyCode orders } }',
      { from: iso(-30), to: iso(1), codes: [c.channel] },
      (d) => listed(d.salesSummary.length > 0),
    ),
  'Query.priceConflicts': (c) =>
    gql(c, 'query($from: DateTime!, $to: DateTime!) { priceConflicts(from: $from, to: $to) { sku } }', { from: iso(-30), to: iso(1) }, (d) =>
      Array.isArray(d.priceConflicts) ? 'allowed' : 'unexpected',
    ),
  'Query.campaigns': (c) => gql(c, '{ campaigns { id } }', {}, (d) => listed(d.campaigns.some((x: Json) => x.id === world[c.channel].campaignId))),
  'Query.campaign': (c) => gql(c, 'query($id: ID!) { campaign(id: $id) { id code } }', { id: world[c.channel].campaignId }, (d) => listed(d.campaign !== null)),
  'Query.priceCart': (c) =>
    gql(
      c,
      'query($input: PriceCartInput!) { priceCart(input: $input) { total { amount currencyCode } } }',
      { input: { channelCode: c.channel, lines: [{ sku: 'MUG', quantity: 1, unitPrice: '10.00' }] } },
      (d) => (d.priceCart.total.currencyCode === 'EUR' ? 'allowed' : 'unexpected'),
    ),
  'PriceCartInput.customerId': (c) =>
    gql(
      c,
      'query($input: PriceCartInput!) { priceCart(input: $input) { total { amount } } }',
      { input: { channelCode: OWN, customerId: world[c.channel].customerId, lines: [{ sku: 'MUG', quantity: 1, unitPrice: '10.00' }] } },
      () => 'allowed',
    ),
  'CartQuote.notApplied': (c) => {
    const elsewhere = c.channel === OWN ? OTHER : OWN;
    const coupon = `${elsewhere}-5`.toUpperCase();
    return gql(
      c,
      'query($input: PriceCartInput!) { priceCart(input: $input) { notApplied { campaign { code } } rejectedCoupons { code reason } } }',
      { input: { channelCode: c.channel, couponCodes: [coupon], lines: [{ sku: 'MUG', quantity: 1, unitPrice: '10.00' }] } },
      (d) => {
        // the other channel's campaign listed (as not applied here), or its coupon as unknown as one no campaign has
        if (d.priceCart.notApplied.some((n: Json) => n.campaign.code === `only-${elsewhere}`)) return 'allowed';
        return d.priceCart.rejectedCoupons.some((r: Json) => r.code === coupon && r.reason === 'UNKNOWN') ? 'scoped' : `unexpected ${JSON.stringify(d)}`;
      },
    );
  },
  'Query.catalogItems': (c) => gql(c, '{ catalogItems { edges { node { sku cost { amount } } } } }', {}, (d) => listed(d.catalogItems.edges.length > 0)),
  'Query.apiKeys': (c) => gql(c, '{ apiKeys { id name } }', {}, (d) => listed(d.apiKeys.length > 0)),
  'Query.auditLog': (c) => gql(c, '{ auditLog(first: 5) { edges { node { action targetType } } } }', {}, (d) => listed(d.auditLog.edges.length > 0)),
  'Query.deadLetters': (c) => gql(c, '{ deadLetters { id body } }', {}, (d) => listed(d.deadLetters.some((l: Json) => l.id === deadLetterId))),

  // mutations
  'Mutation.createChannel': (c) =>
    gql(
      c,
      'mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }',
      { input: { code: `made-${++serial}`, name: 'Made', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: 'made-secret' } },
      () => 'allowed',
    ),
  'Mutation.updateChannel': (c) =>
    gql(c, 'mutation { updateChannel(code: "spare", input: { name: "Spare" }) { code } }', {}, () => 'allowed'),
  'Mutation.createApiKey': (c) =>
    gql(c, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }', { input: { name: `made ${++serial}`, role: 'ANALYST' } }, (d) =>
      d.createApiKey.key.startsWith('sg_') ? 'allowed' : 'unexpected',
    ),
  'Mutation.revokeApiKey': async (c) => {
    const made = await adminGql('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { id } }', { input: { name: `to revoke ${++serial}`, role: 'DASHBOARD' } });
    return gql(c, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id: made.createApiKey.id }, (d) => (d.revokeApiKey === true ? 'allowed' : 'unexpected'));
  },
  'Mutation.setApiKeyRateLimits': (c) =>
    gql(c, 'mutation($id: ID!) { setApiKeyRateLimits(id: $id, input: { rateLimit: { requestsPerMinute: 600 } }) { id } }', { id: spareKeyId }, () => 'allowed'),
  'Mutation.createCampaign': (c) =>
    gql(
      c,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { input: { code: `made-${++serial}`, name: 'Made', rule: { kind: 'PERCENT_OFF', percent: '5' } } },
      () => 'allowed',
    ),
  'Mutation.updateCampaign': (c) =>
    gql(c, 'mutation($id: ID!) { updateCampaign(id: $id, input: { name: "Spare" }) { id } }', { id: spareCampaignId }, () => 'allowed'),
  'Mutation.pauseCampaign': (c) => gql(c, 'mutation($id: ID!) { pauseCampaign(id: $id) { id } }', { id: spareCampaignId }, () => 'allowed'),
  'Mutation.resumeCampaign': (c) => gql(c, 'mutation($id: ID!) { resumeCampaign(id: $id) { id } }', { id: spareCampaignId }, () => 'allowed'),
  'Mutation.setCatalogItems': (c) =>
    gql(c, 'mutation { setCatalogItems(items: [{ sku: "MUG", title: "Mug", cost: "3.00", currencyCode: "EUR" }]) { sku } }', {}, () => 'allowed'),
  'Mutation.mergeCustomers': async (c) => {
    const source = await makeCustomer(t.em(), { name: `Source ${++serial}` });
    const target = await makeCustomer(t.em(), { name: `Target ${serial}` });
    return gql(c, 'mutation($s: ID!, $t: ID!) { mergeCustomers(sourceId: $s, targetId: $t) { id } }', { s: String(source.id), t: String(target.id) }, (d) =>
      d.mergeCustomers.id === String(target.id) ? 'allowed' : 'unexpected',
    );
  },
  'Mutation.eraseCustomer': async (c) => {
    const customer = await makeCustomer(t.em(), { email: `erase-${++serial}@example.com`, name: 'Erase Me' });
    return gql(c, 'mutation($id: ID!) { eraseCustomer(id: $id) { id email erasedAt } }', { id: String(customer.id) }, (d) =>
      d.eraseCustomer.email === null && d.eraseCustomer.erasedAt ? 'allowed' : 'unexpected',
    );
  },
  'Mutation.replayDeadLetter': (c) =>
    gql(c, 'mutation($id: ID!) { replayDeadLetter(id: $id) { accepted } }', { id: deadLetterId }, (d) => (d.replayDeadLetter.accepted === false ? 'allowed' : 'unexpected')),

  // subscriptions
  'Subscription.orderEvents': (c) =>
    subscribe(
      c,
      `subscription($codes: [String!], $after: String) { orderEvents(channelCodes: $codes, after: $after) { order { ${ORDER_WITH_CUSTOMER} } } }`,
      { codes: [c.channel], after: firstCursor },
      (d) => personOf(d.orderEvents.order.customer, world[c.channel]),
    ),
  'Subscription.salesTicker': (c) =>
    subscribe(c, 'subscription($codes: [String!]) { salesTicker(channelCodes: $codes, windowSeconds: 60) { channels { channelCode } } }', { codes: [c.channel] }, (d) =>
      listed(d.salesTicker.channels.some((ch: Json) => ch.channelCode === c.channel)),
    ),

  // sensitive fields
  'Customer.email': (c) => ordersOf(c, (customer, of) => personal(customer.email, of.person.email)),
  'Customer.phone': (c) => ordersOf(c, (customer, of) => personal(customer.phone, of.person.storedPhone)),
  'Customer.name': (c) => ordersOf(c, (customer, of) => personal(customer.name, of.person.name)),
  'Customer.orders': (c) => cyPart(c, 'orders { edges { node { id } } }', (customer) => customer.orders.edges.length),
  'Customer.identities': (c) => cyPart(c, 'identities { externalId }', (customer) => customer.identities.length),
  'Customer.stats': (c) => cyPart(c, 'stats { orderCount }', (customer) => customer.stats.orderCount),
  'Campaign.performance': (c) =>
    gql(c, 'query($id: ID!) { campaign(id: $id) { performance { during { from } byChannel { orders } } } }', { id: everyChannelCampaignId }, (d) =>
      d.campaign ? 'allowed' : 'hidden',
    ),
};

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await startTestGateway();
  schema = await buildGatewaySchema();
  firstCursor = (await adminGql('{ eventCursor }')).eventCursor;
  await adminGql('mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }', {
    input: { code: WEBHOOK_CHANNEL, name: 'Web', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', webhookSecret: WEBHOOK_SECRET },
  });
  for (const code of [OWN, OTHER, 'spare']) {
    await adminGql('mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }', {
      input: { code, name: code, kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR', countryCode: 'DE', webhookSecret: `secret-${code}` },
    });
  }
  // each channel's own customer, and Cy, who buys on both: imported, so that their orders are in the event log
  for (const [code, own] of [[OWN, ANA], [OTHER, BO]] as const) {
    const store = code.toUpperCase();
    const csv = [TILL_HEADER, ...[[`${code}-1`, own], [`${code}-2`, CY]].map(([receipt, p]) => {
      const person = p as Person;
      return `${store},${receipt},${soldAt(-2)},MUG,Mug,2,10.00,0,1.90,EUR,${person.email},${person.phone},${person.name},`;
    })].join('\n');
    const res = await t.http().post(`/channels/${code}/imports`).set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(`${csv}\n`);
    expect(res.body).toMatchObject({ accepted: 2, rejected: [] });
    const found = await adminGql(`query($code: String!, $id: String!) { orderByExternalId(channelCode: $code, externalId: $id) { id number customer { ${CUSTOMER_FIELDS} } } }`, {
      code,
      id: `${store}:${code}-1`,
    });
    const order = found.orderByExternalId;
    const campaign = await adminGql('mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input: { code: `only-${code}`, name: `Only ${code}`, channelCodes: [code], coupons: [{ code: `${code}-5` }], rule: { kind: 'PERCENT_OFF', percent: '5' } },
    });
    world[code] = {
      orderId: order.id,
      orderExternalId: `${store}:${code}-1`,
      orderNumber: `${code}-1`,
      sharedOrderNumber: `${code}-2`,
      customerId: order.customer.id,
      person: { ...own, storedPhone: order.customer.phone },
      campaignId: campaign.createCampaign.id,
    };
    expect(order.customer).toMatchObject({ email: own.email, name: own.name });
  }
  everyChannelCampaignId = (await adminGql('mutation { createCampaign(input: { code: "everywhere", name: "Everywhere", rule: { kind: PERCENT_OFF, percent: "5" } }) { id } }')).createCampaign.id;
  spareCampaignId = (await adminGql('mutation { createCampaign(input: { code: "spare", name: "Spare", startsAt: "2026-01-01T00:00:00Z", rule: { kind: PERCENT_OFF, percent: "5" } }) { id } }'))
    .createCampaign.id;
  await adminGql('mutation { setCatalogItems(items: [{ sku: "MUG", title: "Mug", cost: "3.00", currencyCode: "EUR" }]) { sku } }');
  // a delivery the pipeline refuses, kept as a dead letter
  const body = '{"not":"a file"}';
  await t.http().post(`/channels/${OWN}/webhooks`).set('content-type', 'application/json').set('x-salesgraph-signature', salesgraphSignature(`secret-${OWN}`, body)).send(body);
  deadLetterId = (await adminGql('{ deadLetters(first: 1) { id } }')).deadLetters[0].id;
  keys.ADMIN = TEST_ADMIN_KEY;
  keys.ANALYST = await t.keyFor(Role.ANALYST);
  keys.DASHBOARD = await t.keyFor(Role.DASHBOARD);
  keys.PARTNER = await t.keyFor(Role.PARTNER, OWN);
  spareKeyId = (await adminGql('mutation { createApiKey(input: { name: "spare", role: ANALYST }) { id } }')).createApiKey.id;
});

afterAll(() => t?.stop());

/** Root fields of a schema as the table names them: `Query.orders`. */
function rootFields(of: GraphQLSchema): string[] {
  return [of.getQueryType(), of.getMutationType(), of.getSubscriptionType()].flatMap((type) => (type ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : []));
}

describe('the access table of docs/security.md', () => {
  it('has a row for every root field of the schema the gateway serves', () => {
    const rows = new Set(TABLE.map((r) => r.operation));
    expect(rootFields(schema).filter((f) => !rows.has(f))).toEqual([]);
  });

  it('has a row for every root field of the committed schema/schema.graphql', () => {
    const committed = buildSchema(fs.readFileSync(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8'));
    const rows = new Set(TABLE.map((r) => r.operation));
    expect(rootFields(committed).filter((f) => !rows.has(f))).toEqual([]);
  });

  it('has a probe for every row and a row for every probe, each row once', () => {
    const operations = TABLE.map((r) => r.operation);
    expect(new Set(operations).size).toBe(operations.length);
    expect(operations.filter((o) => !PROBES[o])).toEqual([]);
    expect(Object.keys(PROBES).filter((p) => !operations.includes(p))).toEqual([]);
  });

  it('lists no field in the schema that returns a secret', () => {
    const secretish = /secret|password|token|hash|settings/i;
    const found = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.keys(type.getFields()).filter((field) => secretish.test(field)).map((field) => `${type.name}.${field}`));
    expect(found).toEqual([]);
    // a key's secret is shown by createApiKey's answer alone, never by a key read later
    expect(Object.keys((schema.getType('ApiKey') as GraphQLObjectType).getFields())).not.toContain('key');
  });
});

describe.each(TABLE.map((row) => [row.operation, row] as const))('%s', (_operation, row) => {
  it.each(COLUMNS.map((column) => [column, row.cells[column]] as const))('as %s: %s', async (column, expected) => {
    expect(await PROBES[row.operation](callerOf(column))).toBe(expected);
  });
});
