import { getIntrospectionQuery, parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { SUBSCRIPTION as FANOUT_SUBSCRIPTION } from '../bench/fanout/common';
import { QUERY as BENCH_QUERY, VARIABLES as BENCH_VARIABLES } from '../bench/query/common';
import { EVENT_CURSOR, ORDER_EVENTS, SALES_TICKER } from '../dashboard/operations';
import { loadConfig } from '../src/config/config';
import { QueryLimits, type QueryLimitsConfig } from '../src/server/query-limits';
import { buildGatewaySchema } from '../src/server/schema';
import { makeChannel, makeOrder } from '../src/testing/factories';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

/** Small limits, so that a test can go over each one with a readable query. */
const STRICT: QueryLimitsConfig = {
  maxDepth: 8,
  maxCost: 500,
  maxAliases: 5,
  maxTokens: 1000,
  maxVariablesBytes: 2048,
  maxBatch: 2,
  introspection: false,
};

let strict: TestGateway;
/** The limits a gateway gets from an empty environment (NODE_ENV unset: introspection on). */
let defaults: TestGateway;
const clients: Client[] = [];

beforeAll(async () => {
  [strict, defaults] = await Promise.all([startTestGateway({ queryLimits: STRICT, bodyLimitBytes: 64 * 1024 }), startTestGateway()]);
  for (const t of [strict, defaults]) {
    const em = t.em();
    const web = await makeChannel(em, { code: 'web', currencyCode: 'USD' });
    await makeOrder(em, { channel: web, externalId: 'q-1', number: '#3001', lines: [{ sku: 'TEE', unitPrice: '20.00', quantity: 1 }] });
  }
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([strict?.stop(), defaults?.stop()]);
});

const post = (t: TestGateway, body: unknown) =>
  t.http().post('/graphql').set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'application/json').send(JSON.stringify(body));

/** SQL statements that read orders, sent while `during` runs. */
async function orderReads(t: TestGateway, during: () => Promise<unknown>): Promise<string[]> {
  const before = t.sql.length;
  await during();
  return t.sql.slice(before).filter((sql) => sql.includes('from "order"'));
}

const PAGE = 'query Page($first: Int) { orders(first: $first) { edges { node { id number } } } }';

describe('the cost of a query', () => {
  it('is reported with the limit in extensions, the same on the fast lane and through Apollo', async () => {
    const query = '{ orders(first: 10) { edges { node { id number } } } }';
    const fast = await post(strict, { query });
    const apollo = await post(strict, { query, extensions: {} });
    expect(fast.status).toBe(200);
    expect(fast.body.data.orders.edges).toHaveLength(1);
    // orders: 1 + 10 × (edges 1 + node 1 + id 1 + number 1)
    expect(fast.body.extensions).toEqual({ cost: { requested: 41, maximum: 500 } });
    expect(apollo.text).toBe(fast.text);
  });

  it('follows the page size the variables ask for', async () => {
    const costs = [];
    for (const first of [5, 50, 5]) costs.push((await post(strict, { query: PAGE, variables: { first } })).body.extensions.cost.requested);
    expect(costs).toEqual([21, 201, 21]);
  });

  it('over the limit is refused with 400 before the query runs, naming the cost and the limit', async () => {
    let res: Awaited<ReturnType<typeof post>> | undefined;
    const reads = await orderReads(strict, async () => {
      res = await post(strict, { query: PAGE, variables: { first: 200 } });
    });
    expect(res!.status).toBe(400);
    expect(res!.body.data).toBeUndefined();
    expect(res!.body.errors[0].message).toMatch(/cost is 801, over the limit of 500/);
    expect(res!.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: { requested: 801, maximum: 500 } });
    expect(reads).toEqual([]);
    // the same query within the limit does read orders
    expect(await orderReads(strict, () => post(strict, { query: PAGE, variables: { first: 100 } }))).not.toEqual([]);
  });

  it('counts nested pages into each other', async () => {
    const res = await post(strict, { query: '{ customers(first: 30) { edges { node { orders(first: 20) { totalCount } } } } }' });
    expect(res.status).toBe(400);
    // customers: 1 + 30 × (edges 1 + node 1 + orders (1 + 20 × totalCount 1))
    expect(res.body.errors[0].extensions.cost).toEqual({ requested: 691, maximum: 500 });
  });
});

describe('depth', () => {
  it('over the limit is refused with 400 naming the depth and the limit', async () => {
    const query =
      '{ orders(first: 1) { edges { node { customer { orders(first: 1) { edges { node { customer { orders(first: 1) { totalCount } } } } } } } } } }';
    const res = await post(strict, { query });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('Query depth is 10, over the limit of 8');
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 10, maxDepth: 8 });
  });
});

describe('query bombs', () => {
  it('an alias bomb is refused', async () => {
    const query = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: orders(first: 1) { totalCount }`).join(' ')} }`;
    const res = await post(strict, { query });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('Query has 6 aliases, over the limit of 5');
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_MANY_ALIASES', aliases: 6, maxAliases: 5 });
  });

  it('the same root field repeated many times is refused by its cost', async () => {
    const res = await post(strict, { query: `{ ${'eventCursor '.repeat(501)}}` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: { requested: 501, maximum: 500 } });
  });

  it('a document over the token limit is refused while it is parsed', async () => {
    const res = await post(strict, { query: `{ ${'channels { code } '.repeat(300)}}` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.body.errors[0].message).toMatch(/1000 tokens/);
  });
});

describe('batches', () => {
  it('are refused by default', async () => {
    const res = await post(defaults, [{ query: '{ eventCursor }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BATCHING_NOT_ALLOWED');
    expect(res.body.errors[0].message).toMatch(/one operation per request/);
  });

  it('are refused on the Express route as well (a media type with other parameters)', async () => {
    const res = await defaults
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .set('content-type', 'application/json; profile=batch')
      .send(JSON.stringify([{ query: '{ eventCursor }' }, { query: '{ eventCursor }' }]));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BATCHING_NOT_ALLOWED');
  });

  it('within a configured maximum are answered, each operation with its cost', async () => {
    const res = await post(strict, [{ query: '{ eventCursor }' }, { query: '{ orders(first: 2) { totalCount } }' }]);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { extensions: { cost: unknown } }) => r.extensions.cost)).toEqual([
      { requested: 1, maximum: 500 },
      { requested: 3, maximum: 500 },
    ]);
  });

  it('over a configured maximum are refused', async () => {
    const res = await post(strict, [{ query: '{ eventCursor }' }, { query: '{ eventCursor }' }, { query: '{ eventCursor }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('A batch may hold at most 2 operations; this one holds 3');
    expect(res.body.errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
  });

  it('each operation in a batch is held to the limits', async () => {
    const res = await post(strict, [{ query: '{ eventCursor }' }, { query: PAGE, variables: { first: 200 } }]);
    expect(res.body[0].data).toHaveProperty('eventCursor');
    expect(res.body[1].errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });
});

describe('sizes', () => {
  it('variables over their limit are refused with 413', async () => {
    const res = await post(strict, { query: 'query($s: String) { customers(search: $s) { totalCount } }', variables: { s: 'x'.repeat(3000) } });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].message).toBe('Variables are 3008 bytes, over the limit of 2048');
    expect(res.body.errors[0].extensions.code).toBe('VARIABLES_TOO_LARGE');
  });

  it('a body over the body limit is refused with 413', async () => {
    const res = await post(strict, { query: `{ eventCursor } # ${'x'.repeat(70 * 1024)}` });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('introspection', () => {
  it('is refused when turned off, on the route the fast lane serves', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Order") { name } }']) {
      const res = await post(strict, { query });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ message: 'Introspection is turned off on this server', extensions: { code: 'INTROSPECTION_DISABLED' } });
    }
  });

  it('still answers __typename when turned off', async () => {
    const res = await post(strict, { query: '{ __typename }' });
    expect(res.body.data).toEqual({ __typename: 'Query' });
  });

  it('is answered outside production unless turned off', async () => {
    const res = await post(defaults, { query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });

  it('is off in production unless SALESGRAPH_INTROSPECTION turns it on', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).queryLimits?.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SALESGRAPH_INTROSPECTION: 'true' }).queryLimits?.introspection).toBe(true);
    expect(loadConfig({ SALESGRAPH_INTROSPECTION: 'false' }).queryLimits?.introspection).toBe(false);
    expect(() => loadConfig({ SALESGRAPH_INTROSPECTION: 'sometimes' })).toThrow(/SALESGRAPH_INTROSPECTION must be true or false/);
  });
});

describe('configuration', () => {
  it('reads every limit from its SALESGRAPH_ variable', () => {
    const env = {
      SALESGRAPH_MAX_DEPTH: '9',
      SALESGRAPH_MAX_COST: '900',
      SALESGRAPH_MAX_ALIASES: '3',
      SALESGRAPH_MAX_TOKENS: '700',
      SALESGRAPH_MAX_VARIABLES_BYTES: '4096',
      SALESGRAPH_MAX_BATCH: '4',
      SALESGRAPH_INTROSPECTION: 'false',
    };
    expect(loadConfig(env).queryLimits).toEqual({
      maxDepth: 9,
      maxCost: 900,
      maxAliases: 3,
      maxTokens: 700,
      maxVariablesBytes: 4096,
      maxBatch: 4,
      introspection: false,
    });
    expect(() => loadConfig({ SALESGRAPH_MAX_COST: 'lots' })).toThrow(/SALESGRAPH_MAX_COST must be a non-negative integer/);
  });
});

describe('the default limits', () => {
  it("answer the benchmark's query and the dashboard's, with their cost", async () => {
    const bench = await post(defaults, { query: BENCH_QUERY, variables: BENCH_VARIABLES });
    const cursor = await post(defaults, { query: EVENT_CURSOR });
    for (const res of [bench, cursor]) {
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.extensions.cost.maximum).toBe(25_000);
    }
  });

  it("let the dashboard's and the benchmark's subscriptions run", async () => {
    const limits = new QueryLimits(await buildGatewaySchema(), loadConfig({}).queryLimits!);
    for (const query of [ORDER_EVENTS, SALES_TICKER, FANOUT_SUBSCRIPTION]) {
      expect(limits.check(parse(query), undefined, {})).toBeLessThan(100);
    }
  });
});

describe('over WebSocket', () => {
  function subscribe(query: string): Promise<Array<{ message: string; extensions?: Record<string, unknown> }>> {
    const client = createClient({
      url: `${strict.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return new Promise((resolve, reject) => {
      client.subscribe(
        { query },
        { next: () => reject(new Error('the subscription ran')), error: (errors) => resolve(errors as never), complete: () => reject(new Error('completed')) },
      );
    });
  }

  it('a subscription nested deeper than the limit is refused before it starts', async () => {
    const errors = await subscribe(
      'subscription { orderEvents { order { customer { orders(first: 1) { edges { node { customer { orders(first: 1) { edges { node { id } } } } } } } } } } }',
    );
    expect(errors[0]).toMatchObject({ message: 'Query depth is 11, over the limit of 8', extensions: { code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 8 } });
  });

  it('a subscription over the cost limit is refused before it starts', async () => {
    const errors = await subscribe('subscription { orderEvents { order { customer { orders(first: 200) { edges { node { id number } } } } } } }');
    // orders: 1 + 200 × 4, then customer, order and orderEvents 1 each
    expect(errors[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: { requested: 804, maximum: 500 } });
  });

  it('introspection is refused on the socket too when turned off', async () => {
    const errors = await subscribe('{ __schema { queryType { name } } }');
    expect(errors[0].extensions).toEqual({ code: 'INTROSPECTION_DISABLED' });
  });
});
